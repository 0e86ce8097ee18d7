import { prefixContains, type Ipv4 } from '../address/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';

/** A container's way out: the bridge it is plugged into, and the bridge's address on the container's subnet (its gateway, as Docker sets it). */
export interface ContainerGateway {
    readonly host: string;
    readonly bridge: string;
    /** The container's interface plugged into the bridge. */
    readonly device: string;
    readonly gateway: Ipv4;
}

/** The bridge a node is a container of (an interface linked to `NODE.BRIDGE` with an address in one of the bridge's subnets), if any. */
export function containerGateway(network: Network, node: NetworkNode): ContainerGateway | undefined {
    for (const iface of node.model.interfaces) {
        const link = iface.link;
        if (link?.kind !== 'bridge') continue;
        const bridge = network.nodes.get(link.node)?.interfaces.get(link.bridge);
        for (const own of iface.addresses) {
            const gateway = bridge?.addresses.find((prefix) => prefix.address !== own.address && prefixContains(prefix, own.address));
            if (gateway) return { host: link.node, bridge: link.bridge, device: iface.name, gateway: gateway.address };
        }
    }
    return undefined;
}
