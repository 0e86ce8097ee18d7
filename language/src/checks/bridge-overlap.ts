import { formatIpv4, formatPrefix, networkOf, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { Network, NetworkNode } from '../engine/network.js';
import type { InterfaceModel } from '../model/topology.js';
import type { Finding, Fix, FixChange } from './finding.js';
import { IssueCodes } from './issue-codes.js';
import { describeHolders, keepsReplies } from './subnet-support.js';

/** One address of an interface, by its index, with the subnet it gives the interface. */
export interface HeldSubnet {
    readonly iface: InterfaceModel;
    readonly index: number;
    readonly prefix: Prefix;
}

/**
 * A bridge whose subnet overlaps the subnet of another interface of its host (Docker's
 * 172.17.0.0/16 on a host whose LAN is 172.17.5.0/24): measured on the kernel, the longer prefix
 * wins on the host, and a container sends whatever its own subnet covers to the bridge, by ARP.
 * So the LAN's addresses in the overlap are lost to the containers, and to the host as well when
 * the bridge's prefix is the longer one. At the bridge line, with what is lost; the fix narrows the
 * bridge and its containers' addresses off the LAN's subnet, where that keeps every container in it.
 */
export function bridgeOverlap(network: Network, node: NetworkNode, bridge: HeldSubnet, lan: HeldSubnet, onLan: readonly Ipv4[]): Finding {
    const name = node.model.name;
    const lanWords = `${formatPrefix(lan.prefix)}, the subnet of ${name}'s ${lan.iface.name}${lan.iface.link?.kind === 'switch' ? ` (${lan.iface.link.switch})` : ''}`;
    const ports = containerPorts(network, node, bridge.iface.name);
    // The host answers ARP for its own addresses on any interface: only other nodes' addresses are lost.
    const lanHeld = onLan.filter((address) => !node.table.locals.has(address));
    const fromHost = lanHeld.filter((address) => {
        const lookup = node.table.lookup(address);
        return lookup.kind === 'route' && lookup.route.device === bridge.iface.name;
    });
    const fromContainers = lanHeld.filter(
        (address) =>
            !fromHost.includes(address) &&
            ports.some(({ container, iface }) => {
                const lookup = container.table.lookup(address);
                return lookup.kind === 'route' && lookup.route.scope === 'link' && lookup.route.device === iface.name;
            })
    );
    const them = (addresses: readonly Ipv4[]) => (addresses.length === 1 ? 'it' : 'them');
    const containers = [...new Set(ports.map(({ container }) => container.model.name))];
    const lost = fromHost.length
        ? `${name} sends ${describeHolders(network, fromHost)} to ${bridge.iface.name} by its longer prefix, where nobody answers: neither ${name} nor its containers reach ${them(fromHost)}`
        : fromContainers.length
          ? `${containerWords(containers)} look${containers.length === 1 ? 's' : ''} for ${describeHolders(network, fromContainers)} on ${bridge.iface.name}, where nobody answers ` +
            `(${name} reaches ${them(fromContainers)} by ${lan.iface.name}, the longer prefix)`
          : `an address of ${lan.iface.name}'s in the overlap is lost to the containers, which look for it on ${bridge.iface.name}`;
    const fix = narrowing(bridge, lan, ports);
    return {
        severity: 'warning',
        code: IssueCodes.BridgeOverlapsLan,
        subject: bridge.iface,
        message: `${name}'s bridge ${bridge.iface.name} (${formatPrefix(bridge.prefix)}) overlaps ${lanWords}: ${lost}`,
        fix: fix && keepsReplies(network, [node, ...new Set(ports.map(({ container }) => container))], fix) ? fix : undefined
    };
}

function containerWords(containers: readonly string[]): string {
    if (containers.length === 1) return `its container ${containers[0]}`;
    return `its containers (${containers.slice(0, 3).join(', ')}${containers.length > 3 ? ', …' : ''})`;
}

/** The interfaces plugged into the node's bridge, with their nodes. */
function containerPorts(network: Network, node: NetworkNode, bridge: string): { container: NetworkNode; iface: InterfaceModel }[] {
    const ports: { container: NetworkNode; iface: InterfaceModel }[] = [];
    for (const container of network.nodes.values()) {
        for (const iface of container.model.interfaces) {
            if (iface.link?.kind === 'bridge' && iface.link.node === node.model.name && iface.link.bridge === bridge) ports.push({ container, iface });
        }
    }
    return ports;
}

/**
 * Where the bridge's subnet contains the LAN's, the widest prefix around the bridge's address that
 * is clear of the LAN's subnet, given to the bridge and to every address of its containers in its
 * subnet (their default route via the bridge stays valid); none when a container's address would
 * fall outside it, or the bridge's address is in the LAN's subnet.
 */
function narrowing(bridge: HeldSubnet, lan: HeldSubnet, ports: readonly { container: NetworkNode; iface: InterfaceModel }[]): Fix | undefined {
    if (bridge.prefix.length >= lan.prefix.length) return undefined;
    const own = bridge.iface.addresses[bridge.index].address;
    let length = bridge.prefix.length + 1;
    while (length <= lan.prefix.length && networkOf(own, length) === networkOf(lan.prefix.address, length)) length++;
    if (length > lan.prefix.length) return undefined;
    const narrowed = { address: networkOf(own, length), length };
    const changes: FixChange[] = [{ kind: 'set-prefix-length', subject: bridge.iface, index: bridge.index, length }];
    for (const { iface } of ports) {
        for (const [index, held] of iface.addresses.entries()) {
            if (!prefixContains(bridge.prefix, held.address) || held.length >= length) continue;
            if (!prefixContains(narrowed, held.address)) return undefined;
            changes.push({ kind: 'set-prefix-length', subject: iface, index, length });
        }
    }
    return {
        title: `Narrow ${bridge.iface.name} to ${formatIpv4(own)}/${length}, clear of ${formatPrefix(lan.prefix)} (its containers' addresses with it)`,
        changes
    };
}
