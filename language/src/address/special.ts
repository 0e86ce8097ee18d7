import type { Ipv4 } from './ipv4.js';

/**
 * The destinations the kernel treats apart from unicast before any route is used (RFC 1122 and
 * `ipv4_is_*` in the kernel's headers): none of them is ever sent to a router as a unicast packet.
 */
export type SpecialDestination =
    /** 0.0.0.0: "this host"; the kernel sends to 127.0.0.1 over lo. */
    | 'this-host'
    /** 127.0.0.0/8: the host itself over lo. */
    | 'loopback'
    /** 224.0.0.0/4. */
    | 'multicast'
    /** 255.255.255.255. */
    | 'limited-broadcast';

/**
 * What kind of special destination `address` is, or undefined for an ordinary one. Measured on
 * Linux 6.18: the rest of 0.0.0.0/8 and class E (240.0.0.0/4) are routed as ordinary unicast.
 */
export function specialDestination(address: Ipv4): SpecialDestination | undefined {
    const first = address >>> 24;
    if (address === 0) return 'this-host';
    if (first === 127) return 'loopback';
    if (first >>> 4 === 0xe) return 'multicast';
    if (address === 0xffffffff) return 'limited-broadcast';
    return undefined;
}
