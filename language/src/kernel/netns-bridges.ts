import type { NodeModel, SysctlAssignment, Topology } from '../model/topology.js';

/**
 * The Linux bridges of a lab's nodes (`bridge NAME` inside a host) and the ports other nodes plug
 * into them (`IFNAME -- NODE.BRIDGE`): which node has which bridge, and what each port is called.
 * The container side of a port's veth pair is the interface as written; the host side is a port of
 * the bridge in the host's namespace, named here because no table ever shows it.
 */

/** The sysctl that makes bridged IPv4 traffic cross the host's iptables chains (br_netfilter). */
export const BRIDGE_NF_CALL_IPTABLES = 'net.bridge.bridge-nf-call-iptables';

/** The node's bridges, in declaration order. */
export function bridgesOf(node: NodeModel): string[] {
    return node.interfaces.filter((iface) => iface.bridge).map((iface) => iface.name);
}

/** The host end of one bridge port's veth pair. */
export interface BridgePort {
    /** The node whose bridge the port belongs to, and the bridge. */
    readonly host: string;
    readonly bridge: string;
    /** The port's name in the host's namespace. */
    readonly name: string;
}

/**
 * Every plugged interface (`NODE.IFNAME`) with its bridge port. Ports are `veth0`, `veth1`, ... per
 * host, in the order the plugged interfaces are declared, skipping names the host itself uses: they
 * fit IFNAMSIZ for any lab of fewer than a billion ports, and two never meet in one namespace.
 */
export function planBridgePorts(topology: Topology): Map<string, BridgePort> {
    const ports = new Map<string, BridgePort>();
    const used = new Map(topology.nodes.map((node) => [node.name, new Set(node.interfaces.map((iface) => iface.name))]));
    for (const node of topology.nodes) {
        for (const iface of node.interfaces) {
            if (iface.link?.kind !== 'bridge') continue;
            const taken = used.get(iface.link.node);
            if (!taken) continue;
            let index = 0;
            while (taken.has(`veth${index}`)) index++;
            const name = `veth${index}`;
            taken.add(name);
            ports.set(`${node.name}.${iface.name}`, { host: iface.link.node, bridge: iface.link.bridge, name });
        }
    }
    return ports;
}

/**
 * Sysctls the lab writes on a node before the file's own: `net.bridge.bridge-nf-call-iptables = 1`
 * (the contract's default) on a node with a bridge that does not set it. It is the kernel's default
 * too, but writing it makes a kernel without br_netfilter fail the build loudly instead of
 * disagreeing quietly.
 */
export function impliedSysctls(node: NodeModel): SysctlAssignment[] {
    if (bridgesOf(node).length === 0 || node.sysctls.some((entry) => entry.key === BRIDGE_NF_CALL_IPTABLES)) return [];
    return [{ key: BRIDGE_NF_CALL_IPTABLES, value: 1 }];
}
