/**
 * Automatic layout of the drawing's graph: a radial tree from the best-connected vertex as the
 * starting point, refined by a force simulation (d3-force: links pull, vertices repel and do not
 * overlap). Deterministic for a given graph. Vertices that already have a place keep it, so the
 * picture does not jump when the document changes; only new vertices find a place.
 */
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import type { Graph, VertexKind } from './graph.js';

export interface Point {
    readonly x: number;
    readonly y: number;
}

export interface Placement extends Point {
    /** Placed by the user (dragged): never moved by the layout. */
    readonly pinned: boolean;
}

export type Positions = ReadonlyMap<string, Placement>;

interface Body extends SimulationNodeDatum {
    readonly id: string;
    readonly kind: VertexKind;
}

/** Half the width a vertex takes, for collisions (switches are drawn wide). */
export const RADIUS: Record<VertexKind, number> = { host: 30, router: 30, switch: 48, bridge: 40 };
const PORT_LENGTH = 190;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const CABLE_LENGTH = 220;
/** A bridge is drawn close beside its host: it is one of the host's interfaces. */
const ATTACH_LENGTH = 110;

/**
 * Positions for every vertex of the graph. Vertices found in `previous` stay where they are;
 * the others are placed near their placed neighbours (or, on a first layout, by the radial tree)
 * and settled by the simulation.
 */
export function layoutGraph(graph: Graph, previous: Positions = new Map()): Map<string, Placement> {
    const kept = graph.vertices.filter((vertex) => previous.has(vertex.id));
    if (kept.length === graph.vertices.length) return new Map(graph.vertices.map((vertex) => [vertex.id, previous.get(vertex.id)!]));
    const seeds = kept.length ? nearNeighbours(graph, previous) : radialTree(graph);
    const bodies: Body[] = graph.vertices.map((vertex) => {
        const old = previous.get(vertex.id);
        const seed = old ?? seeds.get(vertex.id)!;
        // Vertices that had a place are held there while the new ones settle.
        return { id: vertex.id, kind: vertex.kind, x: seed.x, y: seed.y, ...(old && { fx: old.x, fy: old.y }) };
    });
    // d3-force draws its jiggle from a fixed-seed generator: the same graph gives the same picture.
    const simulation = forceSimulation(bodies)
        .force(
            'link',
            forceLink(graph.edges.map((edge) => ({ source: edge.source, target: edge.target, kind: edge.kind })))
                .id((body) => (body as Body).id)
                .distance((link) => (link.kind === 'cable' ? CABLE_LENGTH : link.kind === 'attach' ? ATTACH_LENGTH : PORT_LENGTH))
        )
        .force('charge', forceManyBody<Body>().strength(-260).distanceMax(700).theta(0.9))
        .force('collide', forceCollide<Body>((body) => RADIUS[body.kind] + 6).iterations(2))
        .force('x', forceX<Body>(0).strength(0.02))
        .force('y', forceY<Body>(0).strength(0.02))
        .stop();
    // A good seed needs few rounds; big graphs get fewer still, to draw quickly.
    // Newcomers start beside their neighbours and only they move: a short settling does.
    const ticks = kept.length ? 40 : graph.vertices.length > 400 ? 90 : 200;
    simulation.alpha(kept.length ? 0.3 : 0.8).alphaDecay(1 - Math.pow(0.001, 1 / ticks));
    simulation.tick(ticks);
    // A first layout is turned so that its long side is horizontal, as the panel usually is.
    const placed = kept.length
        ? bodies.map((body) => ({ id: body.id, x: body.x!, y: body.y! }))
        : levelled(bodies.map((body) => ({ id: body.id, x: body.x!, y: body.y! })));
    return new Map(placed.map((body) => [body.id, previous.get(body.id) ?? { x: body.x, y: body.y, pinned: false }]));
}

/** The points rotated about their centre so that their principal axis is horizontal. */
function levelled<T extends { x: number; y: number }>(points: T[]): T[] {
    if (points.length < 2) return points;
    const cx = points.reduce((sum, point) => sum + point.x, 0) / points.length;
    const cy = points.reduce((sum, point) => sum + point.y, 0) / points.length;
    let xx = 0,
        yy = 0,
        xy = 0;
    for (const point of points) {
        xx += (point.x - cx) ** 2;
        yy += (point.y - cy) ** 2;
        xy += (point.x - cx) * (point.y - cy);
    }
    const angle = -0.5 * Math.atan2(2 * xy, xx - yy);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    // The first vertex (the file's first node) ends up on the left, where reading starts.
    const mirror = (points[0].x - cx) * cos - (points[0].y - cy) * sin > 0 ? -1 : 1;
    return points.map((point) => ({
        ...point,
        x: mirror * ((point.x - cx) * cos - (point.y - cy) * sin),
        y: (point.x - cx) * sin + (point.y - cy) * cos
    }));
}

/** A radial tree of every component from its best-connected vertex, components side by side. */
function radialTree(graph: Graph): Map<string, Point> {
    const neighbours = adjacency(graph);
    const placed = new Map<string, Point>();
    const byDegree = [...graph.vertices].sort((a, b) => neighbours.get(b.id)!.length - neighbours.get(a.id)!.length);
    let offsetX = 0;
    for (const root of byDegree) {
        if (placed.has(root.id)) continue;
        // Breadth first: each vertex gets a share of its parent's angle, in proportion to the size of its subtree.
        const parent = new Map<string, string>([[root.id, '']]);
        const order = [root.id];
        for (let index = 0; index < order.length; index++) {
            for (const next of neighbours.get(order[index])!) {
                if (!parent.has(next)) {
                    parent.set(next, order[index]);
                    order.push(next);
                }
            }
        }
        const children = new Map<string, string[]>(order.map((id) => [id, []]));
        for (const id of order.slice(1)) children.get(parent.get(id)!)!.push(id);
        const size = new Map<string, number>();
        for (const id of [...order].reverse()) size.set(id, 1 + children.get(id)!.reduce((sum, child) => sum + size.get(child)!, 0));
        const depth = new Map<string, number>([[root.id, 0]]);
        const span = new Map<string, [number, number]>([[root.id, [0, 2 * Math.PI]]]);
        let extent = 0;
        const local = new Map<string, Point>();
        for (const id of order) {
            const [from, to] = span.get(id)!;
            const level = depth.get(id)!;
            const radius = level * PORT_LENGTH;
            const angle = (from + to) / 2;
            local.set(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
            extent = Math.max(extent, radius);
            let start = from;
            const total = size.get(id)! - 1;
            for (const child of children.get(id)!) {
                const share = ((to - from) * size.get(child)!) / total;
                span.set(child, [start, start + share]);
                depth.set(child, level + 1);
                start += share;
            }
        }
        const shift = offsetX + extent;
        for (const [id, point] of local) placed.set(id, { x: point.x + shift, y: point.y });
        offsetX = shift + extent + 2 * PORT_LENGTH;
    }
    return placed;
}

/** New vertices start at the middle of their placed neighbours (slightly apart), or beside the drawing. */
function nearNeighbours(graph: Graph, previous: Positions): Map<string, Point> {
    const neighbours = adjacency(graph);
    const seeds = new Map<string, Point>();
    let right = Math.max(...[...previous.values()].map((point) => point.x)) + 2 * PORT_LENGTH;
    for (const vertex of graph.vertices) {
        if (previous.has(vertex.id)) continue;
        const around = neighbours
            .get(vertex.id)!
            .map((id) => previous.get(id) ?? seeds.get(id))
            .filter((point): point is Point => point !== undefined);
        if (around.length) {
            const x = around.reduce((sum, point) => sum + point.x, 0) / around.length;
            const y = around.reduce((sum, point) => sum + point.y, 0) / around.length;
            // Successive newcomers turn by the golden angle, so that no two start on the same spot.
            const angle = seeds.size * GOLDEN_ANGLE;
            seeds.set(vertex.id, { x: x + Math.cos(angle) * PORT_LENGTH, y: y + Math.sin(angle) * PORT_LENGTH });
        } else {
            seeds.set(vertex.id, { x: right, y: 0 });
            right += 2 * PORT_LENGTH;
        }
    }
    return seeds;
}

function adjacency(graph: Graph): Map<string, string[]> {
    const neighbours = new Map<string, string[]>(graph.vertices.map((vertex) => [vertex.id, []]));
    for (const edge of graph.edges) {
        neighbours.get(edge.source)?.push(edge.target);
        neighbours.get(edge.target)?.push(edge.source);
    }
    return neighbours;
}
