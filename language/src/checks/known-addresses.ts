import { networkOf, type Ipv4, type Prefix } from '../address/ipv4.js';
import { ownDownInterface, type Network, type NetworkNode } from '../engine/network.js';
import type { RouteEntry } from '../engine/route-table.js';

/** Addresses `first` to `last`, both included. */
export interface AddressRange {
    readonly first: Ipv4;
    readonly last: Ipv4;
}

/** A subnet some node is on, which a node has no route to, and the nodes on it that it cannot reach. */
export interface UnreachableSubnet {
    readonly prefix: Prefix;
    /** One known address in it (the first the file gives). */
    readonly address: Ipv4;
    readonly owners: Set<string>;
}

/** One interface address of the topology: its node, its prefix length there, and its place in the file. */
interface Holding {
    readonly node: string;
    readonly length: number;
    readonly order: number;
}

/**
 * The topology's interface addresses in address order (loopback aside), searchable by range, so
 * that what a route covers, or what a node has no route to, costs the addresses found rather than
 * every address of the topology for every route (what made large rings quadratic).
 */
export class KnownAddresses {
    /** Distinct addresses, ascending. */
    readonly sorted: readonly Ipv4[];
    private readonly holdings = new Map<Ipv4, Holding[]>();
    private readonly unreachable = new Map<NetworkNode, readonly UnreachableSubnet[]>();

    constructor(network: Network) {
        let order = 0;
        for (const node of network.topology.nodes) {
            for (const iface of node.interfaces) {
                for (const { address, length } of iface.addresses) {
                    if (address >>> 24 === 127) continue;
                    const holding = { node: node.name, length, order: order++ };
                    const list = this.holdings.get(address);
                    if (list) list.push(holding);
                    else this.holdings.set(address, [holding]);
                }
            }
        }
        this.sorted = [...this.holdings.keys()].sort((a, b) => a - b);
    }

    /** The index in {@link sorted} of the first address at or after `address`. */
    indexAtOrAfter(address: Ipv4): number {
        let low = 0;
        let high = this.sorted.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if (this.sorted[middle] < address) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /**
     * The subnets of the topology's addresses (each as its interface has it) for which `node` has
     * no route, in address order: only the addresses no entry of its table covers are looked at.
     */
    unroutedBy(node: NetworkNode): readonly UnreachableSubnet[] {
        let subnets = this.unreachable.get(node);
        if (subnets) return subnets;
        const found = new Map<number, UnreachableSubnet & { readonly order: number }>();
        const holders: { address: Ipv4; holding: Holding }[] = [];
        for (const range of uncovered(node.table.sorted())) {
            for (let index = this.indexAtOrAfter(range.first); index < this.sorted.length && this.sorted[index] <= range.last; index++) {
                const address = this.sorted[index];
                // A subnet of a down interface of the node's is that interface's cause, not a missing route's.
                if (node.table.lookup(address).kind !== 'none' || ownDownInterface(node, address)) continue;
                for (const holding of this.holdings.get(address)!) holders.push({ address, holding });
            }
        }
        // In the file's order, as the first address and the owners of each subnet are named.
        holders.sort((a, b) => a.holding.order - b.holding.order);
        for (const { address, holding } of holders) {
            const prefix = { address: networkOf(address, holding.length), length: holding.length };
            const key = prefix.address * 64 + prefix.length;
            const known = found.get(key);
            if (known) known.owners.add(holding.node);
            else found.set(key, { prefix, address, owners: new Set([holding.node]), order: holding.order });
        }
        subnets = [...found.values()]
            .sort((a, b) => a.prefix.address - b.prefix.address || a.prefix.length - b.prefix.length)
            .map(({ prefix, address, owners }) => ({ prefix, address, owners }));
        this.unreachable.set(node, subnets);
        return subnets;
    }
}

const ALL_ADDRESSES = 2 ** 32;

/** The addresses of a prefix. */
export function prefixRange(destination: Ipv4, length: number): AddressRange {
    return { first: destination, last: destination + 2 ** (32 - length) - 1 };
}

/**
 * The addresses for which `route` is the longest prefix in its table: its own prefix without the
 * longer prefixes inside it (the local table and metrics aside: a lookup still decides). `sorted`
 * is the table's entries in `ip route show` order (by destination, longer prefixes first).
 */
export function ownRanges(sorted: readonly RouteEntry[], route: RouteEntry): AddressRange[] {
    const { first, last } = prefixRange(route.destination, route.length);
    return gaps(
        first,
        last,
        insideOf(sorted, first, last).filter((entry) => entry.length > route.length)
    );
}

/** The addresses no entry of the table covers. */
export function uncovered(sorted: readonly RouteEntry[]): AddressRange[] {
    return gaps(0, ALL_ADDRESSES - 1, sorted);
}

/** The entries whose destination lies in first..last (found by bisection: the entries are sorted by destination). */
function insideOf(sorted: readonly RouteEntry[], first: Ipv4, last: Ipv4): RouteEntry[] {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (sorted[middle].destination < first) low = middle + 1;
        else high = middle;
    }
    const inside: RouteEntry[] = [];
    for (let index = low; index < sorted.length && sorted[index].destination <= last; index++) inside.push(sorted[index]);
    return inside;
}

/** first..last without the prefixes of `covering` (sorted by destination; nested or disjoint, as prefixes are). */
function gaps(first: number, last: number, covering: readonly RouteEntry[]): AddressRange[] {
    const ranges: AddressRange[] = [];
    let next = first;
    for (const entry of covering) {
        const range = prefixRange(entry.destination, entry.length);
        if (range.first > next) ranges.push({ first: next, last: Math.min(range.first - 1, last) });
        next = Math.max(next, range.last + 1);
        if (next > last) return ranges;
    }
    if (next <= last) ranges.push({ first: next, last });
    return ranges;
}
