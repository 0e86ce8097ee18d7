import { IPv4CidrRange } from 'ip-num';
import { formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { Network } from '../engine/network.js';

/** What `ipcalc` would tell about a prefix, computed with ip-num. */
export interface SubnetFacts {
    /** The subnet as `NETWORK/LEN` (host bits cleared). */
    readonly subnet: string;
    readonly network: string;
    readonly netmask: string;
    /** The subnet broadcast; /31 and /32 have none (RFC 3021, and Linux adds none). */
    readonly broadcast?: string;
    /** The addresses hosts can use: all but network and broadcast; both of a /31; the one of a /32. */
    readonly first: string;
    readonly last: string;
    readonly usable: number;
    /** Every address in the subnet. */
    readonly size: number;
}

/** Network, netmask, broadcast, usable range and size of a prefix (host bits are ignored). */
export function subnetFacts(prefix: Prefix): SubnetFacts {
    const range = IPv4CidrRange.fromCidr(formatPrefix(prefix));
    const network = range.getFirst();
    const broadcast = range.getLast();
    const size = Number(range.getSize());
    const ends = prefix.length >= 31 ? [network, broadcast] : [network.nextIPNumber(), broadcast.previousIPNumber()];
    return {
        subnet: `${network.toString()}/${prefix.length}`,
        network: network.toString(),
        netmask: range.getPrefix().toMask().toString(),
        ...(prefix.length < 31 && { broadcast: broadcast.toString() }),
        first: ends[0].toString(),
        last: ends[1].toString(),
        usable: prefix.length >= 31 ? size : size - 2,
        size
    };
}

/** An interface address of the topology, with where it is. */
export interface AddressHolder {
    readonly node: string;
    readonly device: string;
    readonly address: Prefix;
}

/** The interfaces holding `address` (a duplicate address has several). */
export function holdersOf(network: Network, address: Ipv4): AddressHolder[] {
    return (network.owners.get(address) ?? []).flatMap((owner) => owner.model.interfaces.flatMap((iface) =>
        iface.addresses.filter((entry) => entry.address === address).map((entry) => ({ node: owner.model.name, device: iface.name, address: entry }))));
}

/** Every interface address of the topology inside `prefix`, in address order, and how many there are. */
export function holdersIn(network: Network, prefix: Prefix, limit: number): { readonly holders: AddressHolder[]; readonly total: number } {
    const inside = [...network.owners.keys()].filter((address) => prefixContains(prefix, address)).sort((a, b) => a - b);
    return { holders: inside.slice(0, limit).flatMap((address) => holdersOf(network, address)), total: inside.length };
}

/**
 * Addresses of the subnet nobody holds, lowest first, for completion: the usable range of the
 * subnet minus every address the topology has.
 */
export function freeAddresses(network: Network, prefix: Prefix, count: number): Ipv4[] {
    const facts = subnetFacts(prefix);
    const free: Ipv4[] = [];
    const start = networkOf(prefix.address, prefix.length) + (prefix.length >= 31 ? 0 : 1);
    for (let offset = 0; offset < facts.usable && free.length < count; offset++) {
        const address = (start + offset) >>> 0;
        if (!network.owners.has(address)) free.push(address);
    }
    return free;
}

/** `NODE.IFNAME`. */
export function holderName(holder: Pick<AddressHolder, 'node' | 'device'>): string {
    return `${holder.node}.${holder.device}`;
}
