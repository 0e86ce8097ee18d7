/**
 * The drawing's graph, computed from a TopologyView: a vertex per host, router and switch, an edge
 * per switch port and per cable, with the labels drawn at each end. Pure data, no DOM.
 */
import type { DiagnosticView, NodeView, TopologyView } from '../../language/src/lsp/net-protocol.js';

export type VertexKind = 'host' | 'router' | 'switch';

export interface Vertex {
    /** `node:NAME` or `switch:NAME` (a switch and a node may not share a name, but ids never collide). */
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
    readonly kind: 'port' | 'cable';
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
    return [device, ...(iface?.addresses ?? [])];
}

/** The graph to lay out and draw for a topology. */
export function buildGraph(view: TopologyView): Graph {
    const nodes = new Map(view.nodes.map((node) => [node.name, node]));
    const tints = new Map(view.switches.map((entry, index) => [entry.name, index % TINTS]));
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
        }))
    ];
    const edges: Edge[] = [];
    const edgeOf = new Map<string, Edge>();
    for (const link of view.links) {
        if (link.kind === 'switch') {
            if (!tints.has(link.switch)) continue;
            const edge: Edge = {
                id: `port:${link.node}.${link.device}`,
                kind: 'port',
                source: nodeId(link.node),
                target: switchId(link.switch),
                sourceLabel: interfaceLabel(nodes.get(link.node), link.device),
                tint: tints.get(link.switch),
                bend: 0
            };
            edges.push(edge);
            edgeOf.set(`${link.node}.${link.device}`, edge);
        } else {
            const edge: Edge = {
                id: `cable:${link.a.node}.${link.a.device}~${link.b.node}.${link.b.device}`,
                kind: 'cable',
                source: nodeId(link.a.node),
                target: nodeId(link.b.node),
                sourceLabel: interfaceLabel(nodes.get(link.a.node), link.a.device),
                targetLabel: interfaceLabel(nodes.get(link.b.node), link.b.device),
                bend: 0
            };
            edges.push(edge);
            edgeOf.set(`${link.a.node}.${link.a.device}`, edge);
            edgeOf.set(`${link.b.node}.${link.b.device}`, edge);
        }
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
