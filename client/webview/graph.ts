/**
 * The drawing's graph, computed from a TopologyView: a vertex per host, router, switch and Linux
 * bridge, an edge per switch port, per veth pair to a bridge's port, per cable, and from each bridge
 * to its host, with the labels drawn at each end. Pure data, no DOM.
 */
import type { DiagnosticView, NodeView, TopologyView } from '../../language/src/lsp/net-protocol.js';

export type VertexKind = 'host' | 'router' | 'switch' | 'bridge';

export interface Vertex {
    /** `node:NAME`, `switch:NAME` or `bridge:HOST.BRIDGE` (a switch and a node may not share a name, but ids never collide). */
    readonly id: string;
    readonly kind: VertexKind;
    readonly name: string;
    /** The second line under the name: a switch's subnets; a router that does not forward, a host that does. */
    readonly detail?: string;
    /** The worst severity among the element's diagnostics. */
    readonly severity?: DiagnosticView['severity'];
    /** Which subnet colour a switch (and its ports) is tinted with. */
    readonly tint?: number;
}

export interface Edge {
    readonly id: string;
    /** `attach` joins a bridge to its host (the bridge is one of the host's interfaces). */
    readonly kind: 'port' | 'cable' | 'attach';
    readonly source: string;
    readonly target: string;
    /** The interface and its addresses at each end, one per line (`eth0`, `192.168.1.5/24`); a switch end has none. */
    readonly sourceLabel: readonly string[];
    readonly targetLabel?: readonly string[];
    readonly tint?: number;
    /** How far the edge bows out, in steps, when several join the same two vertices (0: straight). */
    readonly bend: number;
}

export interface Graph {
    readonly vertices: readonly Vertex[];
    readonly edges: readonly Edge[];
    /** The edge an interface is plugged into, by `NODE.IFNAME`. */
    readonly edgeOf: ReadonlyMap<string, Edge>;
}

export const nodeId = (name: string) => `node:${name}`;
export const switchId = (name: string) => `switch:${name}`;
/** A bridge by its view id, `HOST.BRIDGE`. */
export const bridgeId = (id: string) => `bridge:${id}`;

/** How many subnet colours the style sheet defines (`.tint-0` ...). */
export const TINTS = 6;

const SEVERITY_ORDER: readonly DiagnosticView['severity'][] = ['error', 'warning', 'info', 'hint'];

/** The worst severity among diagnostics, if any. */
export function worstSeverity(diagnostics: readonly DiagnosticView[]): DiagnosticView['severity'] | undefined {
    return SEVERITY_ORDER.find((severity) => diagnostics.some((diagnostic) => diagnostic.severity === severity));
}

/** Said under a node only when its forwarding is not what its kind suggests. */
function forwardingNote(node: NodeView): string | undefined {
    if (node.forwarding === 'some') return 'forwards on some interfaces';
    if (node.kind === 'router' && node.forwarding === 'none') return 'does not forward';
    if (node.kind === 'host' && node.forwarding === 'all') return 'forwards';
    return undefined;
}

function interfaceLabel(node: NodeView | undefined, device: string): string[] {
    const iface = node?.interfaces.find((candidate) => candidate.name === device);
    return [iface?.state ? `${device} (${iface.state})` : device, ...(iface?.addresses ?? [])];
}

/** The graph to lay out and draw for a topology. */
export function buildGraph(view: TopologyView): Graph {
    const nodes = new Map(view.nodes.map((node) => [node.name, node]));
    const tints = new Map(view.switches.map((entry, index) => [entry.name, index % TINTS]));
    const bridgeTints = new Map(view.bridges.map((bridge, index) => [bridge.id, (view.switches.length + index) % TINTS]));
    const vertices: Vertex[] = [
        ...view.nodes.map((node): Vertex => ({
            id: nodeId(node.name),
            kind: node.kind,
            name: node.name,
            detail: forwardingNote(node),
            severity: worstSeverity(node.diagnostics)
        })),
        ...view.switches.map((entry): Vertex => ({
            id: switchId(entry.name),
            kind: 'switch',
            name: entry.name,
            detail: entry.subnets.join(', ') || undefined,
            severity: worstSeverity(entry.diagnostics),
            tint: tints.get(entry.name)
        })),
        ...view.bridges.map((bridge): Vertex => ({
            id: bridgeId(bridge.id),
            kind: 'bridge',
            name: bridge.name,
            detail: bridge.addresses.join(', ') || undefined,
            tint: bridgeTints.get(bridge.id)
        }))
    ];
    const edges: Edge[] = [];
    const edgeOf = new Map<string, Edge>();
    const add = (edge: Edge, ...ends: string[]) => {
        edges.push(edge);
        for (const end of ends) edgeOf.set(end, edge);
    };
    for (const bridge of view.bridges) {
        // The host's end of the bridge is the bridge itself: its name and addresses are the bridge vertex's.
        add(
            {
                id: `attach:${bridge.id}`,
                kind: 'attach',
                source: nodeId(bridge.host),
                target: bridgeId(bridge.id),
                sourceLabel: [],
                tint: bridgeTints.get(bridge.id),
                bend: 0
            },
            bridge.id
        );
    }
    for (const link of view.links) {
        if (link.kind === 'cable') {
            add(
                {
                    id: `cable:${link.a.node}.${link.a.device}~${link.b.node}.${link.b.device}`,
                    kind: 'cable',
                    source: nodeId(link.a.node),
                    target: nodeId(link.b.node),
                    sourceLabel: interfaceLabel(nodes.get(link.a.node), link.a.device),
                    targetLabel: interfaceLabel(nodes.get(link.b.node), link.b.device),
                    bend: 0
                },
                `${link.a.node}.${link.a.device}`,
                `${link.b.node}.${link.b.device}`
            );
            continue;
        }
        // A port of a switch, or of a bridge (the veth pair's end is drawn as the port).
        const [target, tint] = link.kind === 'switch' ? [switchId(link.switch), tints.get(link.switch)] : [bridgeId(link.bridge), bridgeTints.get(link.bridge)];
        if (tint === undefined) continue;
        add(
            {
                id: `port:${link.node}.${link.device}`,
                kind: 'port',
                source: nodeId(link.node),
                target,
                sourceLabel: interfaceLabel(nodes.get(link.node), link.device),
                tint,
                bend: 0
            },
            `${link.node}.${link.device}`
        );
    }
    return { vertices, edges: spreadParallel(edges), edgeOf };
}

/** Edges joining the same two vertices (two interfaces of a node on one switch) bow apart, symmetrically. */
function spreadParallel(edges: Edge[]): Edge[] {
    const byPair = new Map<string, Edge[]>();
    for (const edge of edges) {
        const key = [edge.source, edge.target].sort().join(' ');
        byPair.set(key, [...(byPair.get(key) ?? []), edge]);
    }
    return edges.map((edge) => {
        const group = byPair.get([edge.source, edge.target].sort().join(' '))!;
        if (group.length === 1) return edge;
        // Bends are measured on the source-to-target side of the pair as sorted, so opposite edges do not cancel.
        const flip = edge.source > edge.target ? -1 : 1;
        return { ...edge, bend: flip * (group.indexOf(edge) - (group.length - 1) / 2) };
    });
}
