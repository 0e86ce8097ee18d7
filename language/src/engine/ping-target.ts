import { formatIpv4, parseIpv4, type Ipv4 } from '../address/ipv4.js';
import { pingTargetAddress, type Topology } from '../model/topology.js';
import type { Network } from './network.js';

/**
 * The address a ping target names, as `ping` statements and `nettopo ping` take it: an address, a
 * node (its first address) or `NODE.IFNAME` (that interface's primary address); or why it names none.
 */
export function resolvePingTarget(network: Network, text: string): Ipv4 | { error: string } {
    // A name starts with a letter or `_`: a target starting with a digit is meant as an address.
    if (/^\d/.test(text)) return parseIpv4(text);
    const [nodeName, device, ...rest] = text.split('.');
    if (rest.length > 0) return { error: `'${text}' is not a target: a target is an address, a node or NODE.IFNAME` };
    const node = network.nodes.get(nodeName);
    if (!node) return { error: `no host or router is named '${nodeName}' (a target is an address, a node or NODE.IFNAME)` };
    const interfaces = device === undefined ? node.model.interfaces : node.model.interfaces.filter((iface) => iface.name === device);
    if (device !== undefined && interfaces.length === 0) return { error: `${nodeName} has no interface named '${device}'` };
    return pingTargetAddress(interfaces) ?? { error: `${text} has no address to ping` };
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
