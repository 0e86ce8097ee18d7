import { downInterface, type Network, type NetworkNode } from '../engine/network.js';
import type { DownInterface } from '../engine/packet.js';
import type { RouteSpec } from '../model/topology.js';
import type { Fix } from './finding.js';

/** The fix for an interface that is down: bring it up (remove the `down` that ends its line). */
export function bringUpFix(network: Network, down: DownInterface): Fix | undefined {
    const iface = network.nodes.get(down.node)?.interfaces.get(down.device);
    return iface && { title: `Bring ${down.device} of ${down.node} up (remove \`down\`)`, changes: [{ kind: 'bring-up', subject: iface }] };
}

/**
 * The down interface that made `ip route add` refuse `spec` with `reason`, if one did (measured,
 * test/fixtures/kernel-cases/links-down.net): a `dev` that is down; a gateway that is the node's own
 * address on a down interface (`Network is down`); a gateway only a down interface's subnet held.
 */
export function refusedByDown(network: Network, node: NetworkNode, spec: RouteSpec, reason: string): DownInterface | undefined {
    const name = node.model.name;
    if (reason.includes('Device for nexthop is not up') && spec.device !== undefined) return { node: name, device: spec.device };
    if (spec.gateway === undefined) return undefined;
    if (reason.includes('Network is down')) {
        const device = node.table.locals.get(spec.gateway);
        return device === undefined ? undefined : { node: name, device };
    }
    const down = reason.includes('invalid gateway') ? downInterface(network, node, spec.gateway) : undefined;
    return down && (spec.device === undefined || spec.device === down.device) ? down : undefined;
}
