import { parseIpv4, type Ipv4 } from '../address/ipv4.js';
import { pingTargetAddress } from '../model/topology.js';
import type { Network } from './network.js';

/**
 * The address a ping target names, as `ping` statements and `nettopo ping` take it: an address, a
 * node (its first address) or `NODE.IFNAME` (that interface's primary address); or why it names none.
 */
export function resolvePingTarget(network: Network, text: string): Ipv4 | { error: string } {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) return parseIpv4(text);
    const [nodeName, device, ...rest] = text.split('.');
    const node = network.nodes.get(nodeName);
    if (!node || rest.length > 0) return { error: `no host or router is named '${nodeName}' (a target is an address, a node or NODE.IFNAME)` };
    const interfaces = device === undefined ? node.model.interfaces : node.model.interfaces.filter((iface) => iface.name === device);
    if (device !== undefined && interfaces.length === 0) return { error: `${nodeName} has no interface named '${device}'` };
    return pingTargetAddress(interfaces) ?? { error: `${text} has no address to ping` };
}
