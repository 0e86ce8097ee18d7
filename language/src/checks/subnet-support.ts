import { formatIpv4, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import { withNodeChanged, type Network, type NetworkNode } from '../engine/network.js';
import { simulatePing } from '../engine/ping.js';
import type { InterfaceModel } from '../model/topology.js';
import { applyToModel } from './cause-fixes.js';
import type { Fix } from './finding.js';

/** What the subnet checks (subnet-checks.ts, bridge-overlap.ts) share: naming who holds addresses, finding them on a segment, checking a fix. */

/** How many pings a fix is simulated against, and how many holders a message names. */
const PINGS_TO_CHECK = 256;
const NAMED = 3;

export function describeHolders(network: Network, addresses: readonly Ipv4[]): string {
    const named = addresses.slice(0, NAMED).map((address) => `${formatIpv4(address)} (${network.owners.get(address)![0].model.name})`);
    if (addresses.length <= NAMED) return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0];
    return `${addresses.length.toLocaleString('en-US')} addresses (${named.join(', ')}, …)`;
}

/** The addresses other nodes hold on the segment of `iface`, inside `prefix`. */
export function neighboursIn(network: Network, node: NetworkNode, iface: InterfaceModel, prefix: Prefix): Ipv4[] {
    const segment = node.segments.get(iface.name);
    const found: Ipv4[] = [];
    for (const other of network.nodes.values()) {
        if (other === node) continue;
        for (const peer of other.model.interfaces) {
            if (other.segments.get(peer.name) !== segment) continue;
            for (const held of peer.addresses) if (prefixContains(prefix, held.address)) found.push(held.address);
        }
    }
    return found;
}

/**
 * Whether the fix loses no reply, by simulation: the changed nodes' pings to every known address
 * and every node's pings to their addresses (a sample) reply after it as they did before.
 */
export function keepsReplies(network: Network, changed: readonly NetworkNode[], fix: Fix): boolean {
    let after = network;
    for (const node of changed) after = withNodeChanged(after, applyToModel(node.model, fix));
    const pings = changed.flatMap((node) => {
        const name = node.model.name;
        const own = [...node.table.locals.keys()].filter((address) => address >>> 24 !== 127);
        return [
            ...[...network.owners.keys()].filter((address) => !node.table.locals.has(address)).map((address) => ({ source: name, address })),
            ...[...network.nodes.keys()].filter((other) => other !== name).flatMap((other) => own.map((address) => ({ source: other, address })))
        ];
    });
    return pings
        .slice(0, PINGS_TO_CHECK)
        .every(({ source, address }) => !simulatePing(network, source, address).reply || simulatePing(after, source, address).reply);
}
