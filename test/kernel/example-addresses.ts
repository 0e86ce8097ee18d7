/**
 * The examples are written with the addresses a reader knows (192.168.x.x LANs, Docker's
 * 172.17.0.0/16, flannel's 10.244.0.0/16, 203.0.113.0/24 for "the internet"); kernel labs may use only 198.18.0.0/15. This
 * moves an example into the lab range, block by block, keeping every prefix length and host part,
 * so that the kernel and the engine can be compared on it (both on the moved text).
 */

/** [from, to, how many leading octets the block has]: each block lands on a block of the same size. */
const BLOCKS: readonly (readonly [string, string, number])[] = [
    ['192.168.', '198.18.', 2],
    ['172.17.', '198.19.', 2],
    ['203.0.113.', '198.18.203.', 3],
    // flannel's cluster network: no example has it beside Docker's 172.17.0.0/16 (toLabAddresses would say so).
    ['10.244.', '198.19.', 2]
];

/** `text` with its addresses moved into 198.18.0.0/15; throws for an address no block covers, or for two blocks that would meet. */
export function toLabAddresses(text: string): string {
    const landed = new Map<string, string>();
    return text.replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, (address) => {
        if (address === '0.0.0.0') return address;
        const block = BLOCKS.find(([from]) => address.startsWith(from));
        if (!block) throw new Error(`no lab block for ${address}: add one to example-addresses.ts`);
        const [from, to] = block;
        const moved = to + address.slice(from.length);
        // The /24 the address lands in must not be reached from two different blocks.
        const target = moved.split('.').slice(0, 3).join('.');
        const source = address.split('.').slice(0, 3).join('.');
        if ((landed.get(target) ?? source) !== source) throw new Error(`${address} and ${landed.get(target)}.x would both land in ${target}.0/24`);
        landed.set(target, source);
        return moved;
    });
}
