/**
 * The examples are written with the addresses a reader knows (192.168.x.x LANs, Docker's
 * 172.17.0.0/16, flannel's 10.244.0.0/16, 203.0.113.0/24 for "the internet"), and the public labs in examples/real with
 * their authors' addresses (Kathará's 195.11.14.0/24, 200.1.1.0/24, 100.x, 10.0.0.x …); kernel labs
 * may use only 198.18.0.0/15. This moves a file into the lab range, block by block, keeping every
 * prefix length and host part, so that the kernel and the engine can be compared on it (both on the
 * moved text), and maps the lines printed for the moved text back to the file's own addresses.
 */

/** [from, to]: each block lands on a block of the same size (two leading octets, or three). */
const BLOCKS: readonly (readonly [string, string])[] = [
    ['192.168.', '198.18.'],
    ['172.17.', '198.19.'],
    ['203.0.113.', '198.18.203.'],
    // The public labs (examples/real); a file that mixes one with a 192.168.x or 172.17.x block of
    // the same third octet is refused below rather than folded together.
    ['10.0.', '198.19.'],
    ['10.10.', '198.19.'],
    ['10.20.', '198.18.'],
    ['50.50.50.', '198.19.50.'],
    ['100.0.0.', '198.18.100.'],
    ['100.1.0.', '198.18.101.'],
    ['100.2.0.', '198.18.102.'],
    ['100.3.0.', '198.18.103.'],
    ['100.100.100.', '198.19.100.'],
    ['150.150.150.', '198.19.150.'],
    ['195.11.14.', '198.18.195.'],
    ['200.1.1.', '198.18.200.'],
    // The public labs that test/kernel/lab-imports.test.ts imports (test/fixtures/kathara, containerlab).
    ['11.0.0.', '198.18.11.'],
    ['20.1.1.', '198.18.20.'],
    ['200.2.', '198.19.'],
    ['1.3.0.', '198.18.13.'],
    ['2.3.0.', '198.18.23.'],
    ['3.3.0.', '198.18.33.'],
    ['3.4.0.', '198.18.34.'],
    ['3.5.0.', '198.18.35.'],
    ['4.4.1.', '198.18.41.'],
    ['4.4.2.', '198.18.42.'],
    ['5.5.1.', '198.18.51.'],
    ['5.5.2.', '198.18.52.'],
    // flannel's cluster network: no example has it beside Docker's 172.17.0.0/16 (labAddresses would say so).
    ['10.244.', '198.19.']
];

const ADDRESS = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g;

/** An address's /24, as its first three octets. */
const slash24 = (address: string) => address.split('.').slice(0, 3).join('.');

/** A file moved into the lab range, and the way back for what is printed about it. */
export interface LabAddresses {
    readonly text: string;
    /** `line` (printed for the moved text) with every moved address put back where it came from. */
    readonly back: (line: string) => string;
}

/** `text` with its addresses moved into 198.18.0.0/15; throws for an address no block covers, or for two blocks that would meet. */
export function labAddresses(text: string): LabAddresses {
    // Each lab /24 and the one /24 of the file it came from: this is what keeps the move one-to-one.
    const landed = new Map<string, string>();
    const moved = text.replace(ADDRESS, (address) => {
        if (address === '0.0.0.0') return address;
        const block = BLOCKS.find(([from]) => address.startsWith(from));
        if (!block) throw new Error(`no lab block for ${address}: add one to example-addresses.ts`);
        const [from, to] = block;
        const result = to + address.slice(from.length);
        const [target, source] = [slash24(result), slash24(address)];
        if ((landed.get(target) ?? source) !== source) throw new Error(`${address} and ${landed.get(target)}.x would both land in ${target}.0/24`);
        landed.set(target, source);
        return result;
    });
    const back = (line: string) =>
        line.replace(ADDRESS, (address) => {
            const source = landed.get(slash24(address));
            return source === undefined ? address : `${source}.${address.split('.')[3]}`;
        });
    return { text: moved, back };
}

/** `text` moved into 198.18.0.0/15 (see labAddresses). */
export function toLabAddresses(text: string): string {
    return labAddresses(text).text;
}
