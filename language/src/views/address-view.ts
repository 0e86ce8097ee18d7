import { IPv4CidrRange } from 'ip-num';
import { formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import { holdersOnSegment, type Network } from '../engine/network.js';
import { primaryAddresses } from '../engine/route-table.js';
import type { InterfaceModel } from '../model/topology.js';

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
    return (network.owners.get(address) ?? []).flatMap((owner) =>
        owner.model.interfaces.flatMap((iface) =>
            iface.addresses.filter((entry) => entry.address === address).map((entry) => ({ node: owner.model.name, device: iface.name, address: entry }))
        )
    );
}

/** Every interface address of the topology inside `prefix`, in address order, and how many there are. */
export function holdersIn(network: Network, prefix: Prefix, limit: number): { readonly holders: AddressHolder[]; readonly total: number } {
    const inside = [...network.owners.keys()].filter((address) => prefixContains(prefix, address)).sort((a, b) => a - b);
    return { holders: inside.slice(0, limit).flatMap((address) => holdersOf(network, address)), total: inside.length };
}

/**
 * The interface of another node that holds `gateway` on a segment of `nodeName`'s (the one that
 * answers its ARP), else the first other node's; undefined when no other node holds it.
 */
export function gatewayHolder(network: Network, nodeName: string, gateway: Ipv4): AddressHolder | undefined {
    const holders = holdersOf(network, gateway).filter((holder) => holder.node !== nodeName);
    const node = network.nodes.get(nodeName);
    const near = node ? node.model.interfaces.flatMap((iface) => holdersOnSegment(network, node, iface.name, gateway)) : [];
    return holders.find((holder) => near.some((port) => port.node.model.name === holder.node && port.device === holder.device)) ?? holders[0];
}

/** An address another node holds on the segment of one of this node's connected subnets: a gateway it could use. */
export interface GatewayChoice {
    readonly holder: AddressHolder;
    /** Whether the holder forwards what arrives on that interface. */
    readonly forwards: boolean;
}

/** The gateways `nodeName` could route via: other nodes' addresses on its connected subnets, on the same segment, each address once. */
export function gatewayChoices(network: Network, nodeName: string): GatewayChoice[] {
    const self = network.nodes.get(nodeName);
    if (!self) return [];
    const choices: GatewayChoice[] = [];
    const seen = new Set<number>();
    for (const entry of self.table.entries) {
        if (entry.scope !== 'link' || entry.type !== 'unicast' || entry.length === 32) continue;
        const { holders } = holdersIn(network, { address: entry.destination, length: entry.length }, 256);
        for (const holder of holders) {
            if (holder.node === nodeName || seen.has(holder.address.address)) continue;
            const port = holdersOnSegment(network, self, entry.device!, holder.address.address).find(
                (candidate) => candidate.node.model.name === holder.node && candidate.device === holder.device
            );
            if (!port) continue;
            seen.add(holder.address.address);
            choices.push({ holder, forwards: port.node.settings.forwards(port.device) });
        }
    }
    return choices;
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

/** An interface's addresses in declaration order, each with whether it is primary (secondaries add no route and are never a source). */
export function addressRoles(iface: InterfaceModel): { readonly address: Prefix; readonly primary: boolean }[] {
    const primaries = new Set(primaryAddresses(iface));
    return iface.addresses.map((address) => ({ address, primary: primaries.has(address) }));
}

/** `NODE.IFNAME`. */
export function holderName(holder: Pick<AddressHolder, 'node' | 'device'>): string {
    return `${holder.node}.${holder.device}`;
}
