/**
 * The topology as SVG: hosts, routers, switches and bridges as distinct shapes, links labelled with their
 * interfaces and addresses, subnets tinted, diagnostics as badges, the packet and where it stops.
 * Pointer handling: drag a vertex, pan the background, zoom with the wheel.
 */
import type { Edge, Graph, Vertex } from './graph.js';
import { RADIUS, type Placement, type Point } from './layout.js';
import { panBy, toWorld, zoomAt, type Transform } from './view-transform.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Below these scales, link labels and then names are hidden (they would be unreadable clutter). */
const LABELS_FROM = 0.55;
const NAMES_FROM = 0.22;
const LINE_HEIGHT = 11;

export interface DrawingEvents {
    /** A vertex was clicked (not dragged). */
    select(id: string): void;
    /** The user dropped a vertex somewhere. */
    moved(id: string, point: Point): void;
    /** The view was panned or zoomed by the user. */
    transformed(transform: Transform): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, parent?: Element): SVGElementTagNameMap[K] {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    parent?.appendChild(element);
    return element;
}

interface EdgeElements {
    readonly edge: Edge;
    readonly line: SVGPathElement;
    readonly labels: SVGTextElement[];
}

/** The control point of a link's curve: its middle, pushed sideways by `bend` steps (straight for 0). */
function bendPoint(from: Point, to: Point, bend: number): Point {
    const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    const offset = bend * 44;
    return { x: (from.x + to.x) / 2 - ((to.y - from.y) / length) * offset, y: (from.y + to.y) / 2 + ((to.x - from.x) / length) * offset };
}

export class TopologyDrawing {
    private readonly viewport: SVGGElement;
    private readonly linkLayer: SVGGElement;
    private readonly vertexLayer: SVGGElement;
    private readonly overlay: SVGGElement;
    private readonly vertices = new Map<string, SVGGElement>();
    private readonly edges = new Map<string, EdgeElements>();
    private readonly incident = new Map<string, EdgeElements[]>();
    private positions = new Map<string, Placement>();
    private transform: Transform = { x: 0, y: 0, k: 1 };
    private packet?: SVGCircleElement;

    constructor(
        readonly root: SVGSVGElement,
        private readonly events: DrawingEvents
    ) {
        this.viewport = svg('g', { class: 'viewport' }, root);
        this.linkLayer = svg('g', { class: 'links' }, this.viewport);
        this.vertexLayer = svg('g', { class: 'vertices' }, this.viewport);
        this.overlay = svg('g', { class: 'overlay' }, this.viewport);
        this.listen();
    }

    /** Redraws the whole graph at the given positions. */
    render(graph: Graph, positions: ReadonlyMap<string, Placement>): void {
        this.positions = new Map(positions);
        this.linkLayer.replaceChildren();
        this.vertexLayer.replaceChildren();
        this.overlay.replaceChildren();
        this.packet = undefined;
        this.vertices.clear();
        this.edges.clear();
        this.incident.clear();
        for (const edge of graph.edges) this.drawEdge(edge);
        for (const vertex of graph.vertices) this.drawVertex(vertex);
        for (const id of this.vertices.keys()) this.place(id);
    }

    getPositions(): ReadonlyMap<string, Placement> {
        return this.positions;
    }

    getTransform(): Transform {
        return this.transform;
    }

    setTransform(transform: Transform): void {
        this.transform = transform;
        this.viewport.setAttribute('transform', `translate(${transform.x},${transform.y}) scale(${transform.k})`);
        this.root.classList.toggle('zoomed-out', transform.k < LABELS_FROM);
        this.root.classList.toggle('far-out', transform.k < NAMES_FROM);
    }

    /** Marks the selected vertex (or none). */
    select(id: string | undefined): void {
        for (const [vertexId, element] of this.vertices) element.classList.toggle('selected', vertexId === id);
    }

    /** Marks the vertices and links a ping went through. */
    markPath(vertexIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): void {
        for (const [id, element] of this.vertices) element.classList.toggle('on-path', vertexIds.has(id));
        for (const [id, { line }] of this.edges) line.classList.toggle('on-path', edgeIds.has(id));
    }

    /** Draws the packet (a dot in its kind's colour) at a point, or removes it. */
    showPacket(point: Point | undefined, kind = ''): void {
        if (!point) {
            this.packet?.remove();
            this.packet = undefined;
            return;
        }
        this.packet ??= svg('circle', { r: 8 }, this.overlay);
        this.packet.setAttribute('class', `packet ${kind}`);
        this.packet.setAttribute('cx', String(point.x));
        this.packet.setAttribute('cy', String(point.y));
    }

    /** Marks where the packet stopped (a red cross and a short reason), or where it was delivered. */
    showEnd(end: { readonly vertex: string; readonly stopped: boolean; readonly label: string } | undefined): void {
        this.overlay.querySelectorAll('.stop-mark, .delivered-mark').forEach((element) => element.remove());
        const at = end && this.positions.get(end.vertex);
        if (!end || !at) return;
        if (end.stopped) {
            const mark = svg('g', { class: 'stop-mark', transform: `translate(${at.x},${at.y})` }, this.overlay);
            svg('line', { x1: -12, y1: -12, x2: 12, y2: 12 }, mark);
            svg('line', { x1: -12, y1: 12, x2: 12, y2: -12 }, mark);
            svg('text', { y: RADIUS.host + 30 }, mark).textContent = end.label;
        } else {
            const mark = svg('g', { class: 'delivered-mark', transform: `translate(${at.x},${at.y})` }, this.overlay);
            svg('circle', { r: RADIUS.host + 6 }, mark);
        }
        // The packet stays on top of the marks.
        if (this.packet) this.overlay.appendChild(this.packet);
    }

    private drawEdge(edge: Edge): void {
        const tint = edge.tint === undefined ? '' : ` tint-${edge.tint}`;
        const group = svg('g', { class: `edge${tint}`, 'data-id': edge.id }, this.linkLayer);
        const line = svg('path', { class: `link ${edge.kind}${tint}` }, group);
        const labels = [edge.sourceLabel, edge.targetLabel]
            .filter((lines): lines is readonly string[] => lines !== undefined)
            .map((lines) => {
                const label = svg('text', { class: 'link-label' }, group);
                lines.forEach((text, index) => {
                    svg('tspan', { dy: index ? LINE_HEIGHT : 0 }, label).textContent = text;
                });
                return label;
            });
        const elements = { edge, line, labels };
        this.edges.set(edge.id, elements);
        for (const end of [edge.source, edge.target]) {
            const list = this.incident.get(end);
            if (list) list.push(elements);
            else this.incident.set(end, [elements]);
        }
    }

    private drawVertex(vertex: Vertex): void {
        const tint = vertex.tint === undefined ? '' : ` tint-${vertex.tint}`;
        const group = svg(
            'g',
            { class: `vertex ${vertex.kind}${tint}`, 'data-id': vertex.id, 'data-name': vertex.name, tabindex: 0, role: 'button' },
            this.vertexLayer
        );
        svg('title', {}, group).textContent = `${vertex.kind} ${vertex.name}${vertex.detail ? `\n${vertex.detail}` : ''}`;
        const radius = RADIUS[vertex.kind];
        if (vertex.kind === 'switch') {
            svg('circle', { class: 'halo', r: radius + 26 }, group);
            svg('rect', { class: 'shape', x: -radius, y: -14, width: 2 * radius, height: 28, rx: 4 }, group);
            // Two arrows both ways: the usual switch symbol.
            svg('path', { class: 'glyph', d: 'M-22,-5 H20 M14,-10 L20,-5 L14,0 M22,5 H-20 M-14,0 L-20,5 L-14,10' }, group);
        } else if (vertex.kind === 'bridge') {
            // A bar with its ports below: a Linux bridge, smaller than a switch, tinted like its segment.
            svg('circle', { class: 'halo', r: radius + 18 }, group);
            svg('rect', { class: 'shape', x: -radius, y: -10, width: 2 * radius, height: 20, rx: 10 }, group);
            svg('path', { class: 'glyph', d: 'M-24,0 H24 M-14,0 V6 M0,0 V6 M14,0 V6' }, group);
        } else if (vertex.kind === 'router') {
            svg('circle', { class: 'shape', r: 22 }, group);
            // Four arrows, in and out: the usual router symbol.
            svg('path', { class: 'glyph', d: 'M-11,-11 L11,11 M11,-11 L-11,11 M-11,-5 V-11 H-5 M11,5 V11 H5 M5,-11 H11 V-5 M-5,11 H-11 V5' }, group);
        } else {
            svg('rect', { class: 'shape', x: -20, y: -16, width: 40, height: 27, rx: 3 }, group);
            svg('path', { class: 'glyph', d: 'M-9,17 H9 M0,11 V17' }, group);
        }
        const below = vertex.kind === 'switch' ? 28 : vertex.kind === 'bridge' ? 24 : radius + 4;
        const name = svg('text', { class: 'name', y: below }, group);
        name.textContent = vertex.name;
        if (vertex.detail) svg('text', { class: 'detail', y: below + 13 }, group).textContent = vertex.detail;
        if (vertex.severity) {
            const badge = svg(
                'g',
                { class: `badge ${vertex.severity}`, transform: `translate(${vertex.kind === 'switch' || vertex.kind === 'bridge' ? radius : 18},-16)` },
                group
            );
            svg('circle', { r: 7 }, badge);
            svg('text', { y: 3.5 }, badge).textContent = '!';
        }
        this.vertices.set(vertex.id, group);
    }

    /** Moves a vertex's group and the ends (and labels) of its links to its position. */
    private place(id: string): void {
        const at = this.positions.get(id);
        const group = this.vertices.get(id);
        if (!at || !group) return;
        group.setAttribute('transform', `translate(${at.x},${at.y})`);
        group.classList.toggle('pinned', at.pinned);
        for (const elements of this.incident.get(id) ?? []) this.placeEdge(elements);
    }

    private placeEdge({ edge, line, labels }: EdgeElements): void {
        const from = this.positions.get(edge.source);
        const to = this.positions.get(edge.target);
        if (!from || !to) return;
        const control = bendPoint(from, to, edge.bend);
        line.setAttribute('d', `M${from.x},${from.y} Q${control.x},${control.y} ${to.x},${to.y}`);
        // Each label sits a little way out from its own end: above a link that runs sideways, beside one
        // that runs up or down, so that it crosses neither the link nor the name under the shape.
        const labelAt = (end: Point, other: Point, label: SVGTextElement) => {
            // Towards the curve's control point: along the link as it leaves this end.
            const length = Math.hypot(other.x - end.x, other.y - end.y) || 1;
            const ux = (other.x - end.x) / length;
            const uy = (other.y - end.y) / length;
            const along = Math.min(length / 3, RADIUS.host + 10);
            const px = end.x + ux * along;
            const py = end.y + uy * along;
            const lines = label.childNodes.length;
            const sideways = Math.abs(ux) >= Math.abs(uy);
            // Beside an upright link, on the side it bows to (two ports of one node bow apart).
            const left = ux < -1e-6;
            const x = sideways ? px : px + (left ? -7 : 7);
            const y = sideways ? py - 6 - (lines - 1) * LINE_HEIGHT : py - ((lines - 1) * LINE_HEIGHT) / 2 + 3;
            label.setAttribute('text-anchor', left ? 'end' : 'start');
            label.setAttribute('y', String(y));
            label.querySelectorAll('tspan').forEach((span) => span.setAttribute('x', String(x)));
        };
        labelAt(from, control, labels[0]);
        if (labels[1]) labelAt(to, control, labels[1]);
    }

    private screenPoint(event: PointerEvent | WheelEvent): Point {
        const box = this.root.getBoundingClientRect();
        return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    private listen(): void {
        let drag: { id?: string; start: Point; last: Point; moved: boolean; pointer: number } | undefined;
        this.root.addEventListener('pointerdown', (event) => {
            if (event.button !== 0) return;
            const vertex = (event.target as Element).closest('.vertex');
            const point = this.screenPoint(event);
            drag = { id: vertex?.getAttribute('data-id') ?? undefined, start: point, last: point, moved: false, pointer: event.pointerId };
            this.root.setPointerCapture(event.pointerId);
            if (!drag.id) this.root.classList.add('panning');
        });
        this.root.addEventListener('pointermove', (event) => {
            if (!drag || event.pointerId !== drag.pointer) return;
            const point = this.screenPoint(event);
            if (!drag.moved && Math.hypot(point.x - drag.start.x, point.y - drag.start.y) < 3) return;
            drag.moved = true;
            if (drag.id) {
                const world = toWorld(this.transform, point);
                this.positions.set(drag.id, { x: world.x, y: world.y, pinned: true });
                this.place(drag.id);
            } else {
                this.setTransform(panBy(this.transform, point.x - drag.last.x, point.y - drag.last.y));
            }
            drag.last = point;
        });
        const finish = (event: PointerEvent) => {
            if (!drag || event.pointerId !== drag.pointer) return;
            const { id, moved } = drag;
            drag = undefined;
            this.root.classList.remove('panning');
            if (id && moved) this.events.moved(id, this.positions.get(id)!);
            else if (id) this.events.select(id);
            else if (moved) this.events.transformed(this.transform);
        };
        this.root.addEventListener('pointerup', finish);
        this.root.addEventListener('pointercancel', finish);
        this.root.addEventListener(
            'wheel',
            (event) => {
                event.preventDefault();
                this.setTransform(zoomAt(this.transform, Math.exp(-event.deltaY * 0.0015), this.screenPoint(event)));
                this.events.transformed(this.transform);
            },
            { passive: false }
        );
        this.root.addEventListener('keydown', (event) => {
            const vertex = (event.target as Element).closest('.vertex');
            if (vertex && (event.key === 'Enter' || event.key === ' ')) {
                event.preventDefault();
                this.events.select(vertex.getAttribute('data-id')!);
            }
        });
    }
}
