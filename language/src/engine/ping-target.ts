import { HOST_NAME } from '../model/host-names.js';
import { formatIpv4, parseIpv4, type Ipv4 } from '../address/ipv4.js';
import { pingTargetAddress, type PingFrom, type PingTo, type Topology } from '../model/topology.js';
import type { Network } from './network.js';

/**
 * What a ping target names, as `ping` statements and `nettopo ping` take it: an address, a node
 * (its first address), `NODE.IFNAME` (that interface's primary address), or else (in a lab with
 * `hosts`, `nameserver` or `dns` lines) a host name the source resolves; or why it names none.
 */
export function resolvePingTarget(network: Network, text: string): PingTo | { error: string } {
    // A name starts with a letter or `_`: a target starting with a digit is meant as an address.
    if (/^\d/.test(text)) {
        const target = parseIpv4(text);
        return typeof target === 'number' ? { target } : target;
    }
    const nodes = network.topology.nodes;
    // A name some `hosts` or `dns` line gives is that name, even where it starts like `NODE.`.
    if (nodes.some((node) => [...node.hosts, ...node.dns].some((record) => record.name === text))) return { name: text };
    const [nodeName, device, ...rest] = text.split('.');
    const node = network.nodes.get(nodeName);
    if (node && rest.length === 0) {
        const interfaces = device === undefined ? node.model.interfaces : node.model.interfaces.filter((iface) => iface.name === device);
        // `r1.eth5` is a slip of the interface's name far more often than a host name under a node's.
        if (device !== undefined && interfaces.length === 0) return { error: `${nodeName} has no interface named '${device}'` };
        const target = pingTargetAddress(interfaces);
        return target === undefined ? { error: `${text} has no address to ping` } : { target };
    }
    // In a lab that says nothing of names, an unknown word is a mistyped node, not a DNS query.
    const usesNames = nodes.some((entry) => entry.hosts.length || entry.nameservers.length || entry.dns.length);
    if (usesNames && HOST_NAME.test(text)) return { name: text };
    if (node) return { error: `'${text}' is not a target: a target is an address, a node or NODE.IFNAME` };
    return {
        error: usesNames
            ? `'${text}' is not an address, a node, NODE.IFNAME or a host name`
            : `no host or router is named '${nodeName}' (a target is an address, a node or NODE.IFNAME; names need \`hosts\`, \`nameserver\` or \`dns\` lines)`
    };
}

/**
 * `ping -I`'s argument (`from` on a ping line, `--from` on the command line): starting with a digit
 * it is an address, else an interface name, as iputils tells them apart. An interface the pinger
 * lacks is not an error here: ping reports it, and so does the simulation.
 */
export function resolvePingFrom(text: string): PingFrom | { error: string } {
    if (!/^\d/.test(text)) return { device: text };
    const address = parseIpv4(text);
    return typeof address === 'number' ? { address } : address;
}

/** A `from` as `ping -I` takes it (and a ping line writes it). */
export function formatPingFrom(from: PingFrom): string {
    return from.device ?? formatIpv4(from.address!);
}

/** Something a ping can be aimed at, as pickers offer it: a node, one of its interfaces, or one of their addresses. */
export interface PingTarget {
    /** What to type: `NODE`, `NODE.IFNAME` or an address. */
    readonly text: string;
    readonly kind: 'node' | 'interface' | 'address';
    readonly node: string;
    /** The interface it is (or holds the address), for `interface` and `address`. */
    readonly device?: string;
    /** The address it names. */
    readonly address: Ipv4;
}

/** Every target of the topology that names an address, node by node in declaration order: the node, then each interface and its addresses. */
export function pingTargets(topology: Topology): PingTarget[] {
    return topology.nodes.flatMap((node) => {
        const first = pingTargetAddress(node.interfaces);
        if (first === undefined) return [];
        return [
            { text: node.name, kind: 'node' as const, node: node.name, address: first },
            ...node.interfaces.flatMap((iface) => {
                const primary = pingTargetAddress([iface]);
                if (primary === undefined) return [];
                return [
                    { text: `${node.name}.${iface.name}`, kind: 'interface' as const, node: node.name, device: iface.name, address: primary },
                    ...iface.addresses.map((entry) => ({
                        text: formatIpv4(entry.address),
                        kind: 'address' as const,
                        node: node.name,
                        device: iface.name,
                        address: entry.address
                    }))
                ];
            })
        ];
    });
}
