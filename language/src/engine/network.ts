import type { InterfaceModel, Ipv4, NodeModel, Topology } from '../model/topology.js';
import { prefixContains } from '../address/ipv4.js';
import type { DownInterface } from './packet.js';
import { compileFirewall, type Firewall } from './filter.js';
import { nodeSettings, type NodeSettings } from './node-settings.js';
import { buildRouteTable, type RefusedRoute, type RouteTable } from './route-table.js';

/** A node ready for simulation: its settings and its route table, computed once. */
export interface NetworkNode {
    readonly model: NodeModel;
    readonly settings: NodeSettings;
    readonly table: RouteTable;
    readonly refused: readonly RefusedRoute[];
    readonly interfaces: ReadonlyMap<string, InterfaceModel>;
    /** The L2 segment each of its interfaces is wired to (down or not: see {@link NetworkNode.cutOff}). */
    readonly segments: ReadonlyMap<string, string>;
    /**
     * Its interfaces whose frames reach nobody: down, up without carrier (the far end of the cable
     * is down), or plugged into a bridge that is down (measured: a down bridge forwards nothing).
     */
    readonly cutOff: ReadonlySet<string>;
    /** Its interfaces that are up without carrier (`NO-CARRIER`): routes over them print `linkdown`. */
    readonly noCarrier: ReadonlySet<string>;
    /** Its iptables rules; undefined when it has none (nothing filters, nothing is translated). */
    readonly firewall?: Firewall;
}

/** The compiled topology the engine works on; build it once per file version with {@link compileNetwork}. */
export interface Network {
    readonly topology: Topology;
    readonly nodes: ReadonlyMap<string, NetworkNode>;
    /** The nodes that hold each address, in declaration order. */
    readonly owners: ReadonlyMap<Ipv4, readonly NetworkNode[]>;
}

/** Compiles the topology: settings, route tables (with refusals), each interface's segment, address owners. */
export function compileNetwork(topology: Topology): Network {
    const nodes = new Map<string, NetworkNode>();
    const owners = new Map<Ipv4, NetworkNode[]>();
    const links = linkStates(topology);
    for (const model of topology.nodes) {
        const node = compileNode(model, links);
        nodes.set(model.name, node);
        for (const address of node.table.locals.keys()) {
            const list = owners.get(address);
            if (list) list.push(node);
            else owners.set(address, [node]);
        }
    }
    return { topology, nodes, owners };
}

/** Each node's interfaces that are cut off and that have no carrier (see {@link NetworkNode}). */
interface LinkStates {
    readonly cutOff: ReadonlyMap<string, ReadonlySet<string>>;
    readonly noCarrier: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * What the `down` interfaces do to the others, as measured (test/fixtures/kernel-cases/links-down.net):
 * the far end of a cable whose end is down loses carrier; a bridge loses it when it has ports and
 * every one's far end is down; the containers of a down bridge keep carrier but reach nobody.
 */
function linkStates(topology: Topology): LinkStates {
    const byName = new Map<string, InterfaceModel>();
    const ports = new Map<string, InterfaceModel[]>();
    for (const node of topology.nodes)
        for (const iface of node.interfaces) {
            byName.set(`${node.name}.${iface.name}`, iface);
            const bridge = iface.link?.kind === 'bridge' ? `${iface.link.node}.${iface.link.bridge}` : undefined;
            if (bridge === undefined) continue;
            const list = ports.get(bridge);
            if (list) list.push(iface);
            else ports.set(bridge, [iface]);
        }
    const cutOff = new Map<string, Set<string>>();
    const noCarrier = new Map<string, Set<string>>();
    const mark = (states: Map<string, Set<string>>, iface: InterfaceModel) => {
        const set = states.get(iface.node);
        if (set) set.add(iface.name);
        else states.set(iface.node, new Set([iface.name]));
    };
    for (const iface of byName.values()) {
        const link = iface.link;
        const far =
            link?.kind === 'peer'
                ? byName.get(`${link.node}.${link.interface}`)
                : link?.kind === 'bridge'
                  ? byName.get(`${link.node}.${link.bridge}`)
                  : undefined;
        const bridgePorts = iface.bridge ? (ports.get(`${iface.node}.${iface.name}`) ?? []) : [];
        const carrierLost = !iface.down && ((link?.kind === 'peer' && far?.down) || (bridgePorts.length > 0 && bridgePorts.every((port) => port.down)));
        if (carrierLost) mark(noCarrier, iface);
        if (iface.down || carrierLost || far?.down) mark(cutOff, iface);
    }
    return { cutOff, noCarrier };
}

/** The set of devices most nodes have cut off or without carrier: one, shared (at 10,000 hosts, two empty sets each took 4 MiB). */
const NO_DEVICES: ReadonlySet<string> = new Set();

function compileNode(model: NodeModel, links: LinkStates): NetworkNode {
    const noCarrier = links.noCarrier.get(model.name) ?? NO_DEVICES;
    const { table, refused } = buildRouteTable(model, noCarrier);
    return {
        model,
        settings: nodeSettings(model),
        table,
        refused,
        firewall: compileFirewall(model),
        interfaces: new Map(model.interfaces.map((iface) => [iface.name, iface])),
        segments: new Map(model.interfaces.map((iface) => [iface.name, segmentName(iface)])),
        cutOff: links.cutOff.get(model.name) ?? NO_DEVICES,
        noCarrier
    };
}

/**
 * The network with one node's routes or sysctls changed (its interfaces and addresses as they
 * were): what a fix would make of it, compiled without recompiling every other node (but when
 * the fix brings an interface up or down).
 */
export function withNodeChanged(network: Network, model: NodeModel): Network {
    const before = network.nodes.get(model.name)!;
    // An interface brought up or down changes what the far ends of its links see: compile them all.
    if (model.interfaces.some((iface) => Boolean(iface.down) !== Boolean(before.interfaces.get(iface.name)?.down))) {
        return compileNetwork({ ...network.topology, nodes: network.topology.nodes.map((node) => (node.name === model.name ? model : node)) });
    }
    const changed = compileNode(model, {
        cutOff: new Map([[model.name, before.cutOff]]),
        noCarrier: new Map([[model.name, before.noCarrier]])
    });
    const nodes = new Map(network.nodes);
    nodes.set(model.name, changed);
    const owners = new Map(network.owners);
    for (const address of changed.table.locals.keys()) {
        owners.set(
            address,
            network.owners.get(address)!.map((node) => (node.model.name === model.name ? changed : node))
        );
    }
    const topology = { ...network.topology, nodes: network.topology.nodes.map((node) => (node.name === model.name ? model : node)) };
    return { topology, nodes, owners };
}

/** An interface of a compiled node. */
export interface NodePort {
    readonly node: NetworkNode;
    readonly device: string;
}

/**
 * The interfaces on the L2 segment of `node`'s `device`, other than that one, whose node holds
 * `address`: owners in declaration order, each owner's interfaces in order. These are who may
 * answer ARP for the address there (`arpAnswer` applies their input checks).
 */
export function holdersOnSegment(network: Network, node: NetworkNode, device: string, address: Ipv4): NodePort[] {
    const segment = node.segments.get(device);
    const found: NodePort[] = [];
    if (node.cutOff.has(device)) return found;
    for (const owner of network.owners.get(address) ?? []) {
        for (const iface of owner.model.interfaces) {
            if ((owner !== node || iface.name !== device) && owner.segments.get(iface.name) === segment && !owner.cutOff.has(iface.name)) {
                found.push({ node: owner, device: iface.name });
            }
        }
    }
    return found;
}

/**
 * The `down` interface that keeps `node` from `address`, if one does. Without `device` (the node has
 * no route to it): one of the node's own down interfaces whose subnet holds it (its connected route
 * went with it). With `device` (nobody answered the node's ARP for it there): a down interface of
 * a holder of the address wired to the same segment, else what cuts `device` off: the far end of
 * its cable, or the bridge it is plugged into.
 */
export function downInterface(network: Network, node: NetworkNode, address: Ipv4, device?: string): DownInterface | undefined {
    if (device === undefined) return ownDownInterface(node, address);
    const segment = node.segments.get(device);
    for (const owner of network.owners.get(address) ?? []) {
        const iface = owner.model.interfaces.find((candidate) => candidate.down && owner.segments.get(candidate.name) === segment);
        if (iface) return { node: owner.model.name, device: iface.name };
    }
    const link = node.interfaces.get(device)?.link;
    const far =
        link?.kind === 'peer' ? { node: link.node, device: link.interface } : link?.kind === 'bridge' ? { node: link.node, device: link.bridge } : undefined;
    return far && network.nodes.get(far.node)?.interfaces.get(far.device)?.down ? far : undefined;
}

/** The node's down interface whose subnet holds `address`, if it has one: the connected route it would have had went with it. */
export function ownDownInterface(node: NetworkNode, address: Ipv4): DownInterface | undefined {
    const iface = node.model.interfaces.find((candidate) => candidate.down && candidate.addresses.some((prefix) => prefixContains(prefix, address)));
    return iface && { node: node.model.name, device: iface.name };
}

/** The switch the segment of `node`'s `device` is, if it is one (not a cable, not an interface alone). */
export function segmentSwitch(node: NetworkNode, device: string): string | undefined {
    const link = node.interfaces.get(device)?.link;
    return link?.kind === 'switch' ? link.switch : undefined;
}

/** The bridge the segment of `node`'s `device` is (`NODE.BRIDGE`), if it is one: the device itself, or a veth end plugged into it. */
export function segmentBridge(node: NetworkNode, device: string): string | undefined {
    const iface = node.interfaces.get(device);
    return iface && interfaceBridge(iface);
}

function interfaceBridge(iface: InterfaceModel): string | undefined {
    if (iface.bridge) return `${iface.node}.${iface.name}`;
    return iface.link?.kind === 'bridge' ? `${iface.link.node}.${iface.link.bridge}` : undefined;
}

/** The L2 segment of an interface: a bridge, its ports' veth peers and its host share `bridge:NODE.BRIDGE`. */
export function segmentName(iface: InterfaceModel): string {
    const link = iface.link;
    if (link?.kind === 'switch') return `switch:${link.switch}`;
    if (link?.kind === 'peer') {
        const ends = [`${iface.node}.${iface.name}`, `${link.node}.${link.interface}`].sort();
        return `cable:${ends[0]}~${ends[1]}`;
    }
    // A bridge itself has no link (it takes no `--`).
    const bridge = interfaceBridge(iface);
    return bridge ? `bridge:${bridge}` : `alone:${iface.node}.${iface.name}`;
}

/**
 * Which nodes a frame could ever get between: each node's part of the network, nodes joined by a
 * segment they share (a cable, a switch, a bridge) being in one part. No route reaches across two.
 */
export function linkedParts(network: Network): ReadonlyMap<string, number> {
    const onSegment = new Map<string, NetworkNode[]>();
    for (const node of network.nodes.values())
        for (const [device, segment] of node.segments) {
            if (node.cutOff.has(device)) continue;
            const members = onSegment.get(segment);
            if (members) members.push(node);
            else onSegment.set(segment, [node]);
        }
    const parts = new Map<string, number>();
    let count = 0;
    for (const start of network.nodes.values()) {
        if (parts.has(start.model.name)) continue;
        const part = count++;
        parts.set(start.model.name, part);
        const stack = [start];
        for (let node = stack.pop(); node; node = stack.pop())
            for (const [device, segment] of node.segments)
                for (const neighbour of node.cutOff.has(device) ? [] : onSegment.get(segment)!) {
                    if (parts.has(neighbour.model.name)) continue;
                    parts.set(neighbour.model.name, part);
                    stack.push(neighbour);
                }
    }
    return parts;
}
