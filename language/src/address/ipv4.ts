import { IPv4 } from 'ip-num';

/**
 * IPv4 addresses: the lowest layer, below the model and the engine. A dotted quad as iproute2
 * prints it (four numbers 0–255, no leading zero) is read and printed directly, since a route file
 * holds a million of them, each different; any other text goes through `ip-num`, whose verdict
 * (with our words for why) it gets. The arithmetic the engine does per packet works on plain
 * unsigned 32-bit integers.
 */

/** An IPv4 address as an unsigned 32-bit integer. */
export type Ipv4 = number;

/** An address with a prefix length; `address` may have host bits set (the kernel refuses those in routes). */
export interface Prefix {
    readonly address: Ipv4;
    readonly length: number;
}

/** Parses a dotted quad, or returns the reason it is not one. */
export function parseIpv4(text: string | undefined): Ipv4 | { error: string } {
    // While the user types, the parser may leave a value out.
    if (typeof text !== 'string') return { error: 'an IPv4 address is missing' };
    const quad = DOTTED_QUAD.exec(text);
    if (quad) return ((Number(quad[1]) << 24) | (Number(quad[2]) << 16) | (Number(quad[3]) << 8) | Number(quad[4])) >>> 0;
    try {
        return Number(IPv4.fromDecimalDottedString(text).getValue());
    } catch {
        return { error: `invalid IPv4 address "${text}": ${addressProblem(text)}` };
    }
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** What is wrong with a text that is not a dotted quad, in our words (ip-num's are a library's). */
function addressProblem(text: string): string {
    const octets = text.split('.');
    if (octets.length !== 4 || octets.some((octet) => !/^\d+$/.test(octet))) return 'an address is four numbers from 0 to 255 with dots between them';
    const large = octets.find((octet) => Number(octet) > 255);
    if (large !== undefined) return `${large} is more than 255`;
    const zero = octets.find((octet) => octet.length > 1 && octet.startsWith('0'));
    // Checked with iproute2 6.1 and glibc's getaddrinfo: `010.0.0.1` is 8.0.0.1 to ip and ping.
    if (zero !== undefined) return `"${zero}" has a leading zero, and ip and ping read such numbers as octal: write the address without leading zeros`;
    return 'it is not a dotted quad';
}

/** Parses `ADDR/LEN` (or a bare `ADDR`, meaning /32), keeping host bits as written. */
export function parseCidr(text: string | undefined): Prefix | { error: string } {
    if (typeof text !== 'string') return { error: 'an IPv4 address or prefix is missing' };
    const slash = text.indexOf('/');
    const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
    if (typeof address !== 'number') return address;
    if (slash < 0) return { address, length: 32 };
    const lengthText = text.slice(slash + 1);
    const length = Number(lengthText);
    if (lengthText === '') return { error: `the prefix length after "/" is missing in "${text}": it is 0 to 32` };
    if (!/^\d{1,2}$/.test(lengthText) || length > 32) {
        return { error: `invalid prefix length "/${lengthText}" in "${text}": it must be 0 to 32` };
    }
    return { address, length };
}

/** Prints an address as a dotted quad. */
export function formatIpv4(address: Ipv4): string {
    return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** Prints `ADDR/LEN`. */
export function formatPrefix(prefix: Prefix): string {
    return `${formatIpv4(prefix.address)}/${prefix.length}`;
}

/** The netmask of a prefix length as an unsigned 32-bit integer. */
export function maskOf(length: number): number {
    return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** The network address of `address` under a prefix length. */
export function networkOf(address: Ipv4, length: number): Ipv4 {
    return (address & maskOf(length)) >>> 0;
}

/** The broadcast address of `address` under a prefix length. */
export function broadcastOf(address: Ipv4, length: number): Ipv4 {
    return (address | ~maskOf(length)) >>> 0;
}

/** Whether `address` lies inside `prefix` (host bits of the prefix are ignored). */
export function prefixContains(prefix: Prefix, address: Ipv4): boolean {
    const mask = maskOf(prefix.length);
    return (prefix.address & mask) >>> 0 === (address & mask) >>> 0;
}

/** Whether the prefix has bits set beyond its length (`ip route add` refuses those). */
export function hasHostBits(prefix: Prefix): boolean {
    return networkOf(prefix.address, prefix.length) !== prefix.address;
}
