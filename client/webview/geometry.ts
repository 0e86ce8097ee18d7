/** Where the packet is drawn along its hop: points along a polyline by length. Pure functions. */
import type { StepView } from '../../language/src/lsp/net-protocol.js';
import { bridgeId, nodeId, switchId } from './graph.js';
import type { Point } from './layout.js';

/** The point `fraction` (0 to 1) of the way along a polyline, by length. */
export function alongPolyline(points: readonly Point[], fraction: number): Point {
    if (points.length === 1) return points[0];
    const lengths = points.slice(1).map((point, index) => Math.hypot(point.x - points[index].x, point.y - points[index].y));
    let remaining = Math.min(1, Math.max(0, fraction)) * lengths.reduce((sum, length) => sum + length, 0);
    for (let index = 0; index < lengths.length; index++) {
        if (remaining <= lengths[index] || index === lengths.length - 1) {
            const t = lengths[index] === 0 ? 1 : Math.min(1, remaining / lengths[index]);
            const from = points[index];
            const to = points[index + 1];
            return { x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t };
        }
        remaining -= lengths[index];
    }
    return points[points.length - 1];
}

/** The vertices a step's packet passes: its hop (through the switch or bridge of its segment, or along a cable), or just the node it is at. */
export function stepVertices(step: Pick<StepView, 'node' | 'hop'>): string[] {
    if (!step.hop) return [nodeId(step.node)];
    const through = step.hop.switch !== undefined ? [switchId(step.hop.switch)] : step.hop.bridge !== undefined ? [bridgeId(step.hop.bridge)] : [];
    return [nodeId(step.node), ...through, nodeId(step.hop.toNode)];
}

/** Where the packet of `step` is drawn when its animation is `progress` (0 to 1) done. */
export function packetPosition(positions: ReadonlyMap<string, Point>, step: StepView, progress: number): Point | undefined {
    const points = stepVertices(step).map((id) => positions.get(id));
    if (points.some((point) => point === undefined)) return undefined;
    return alongPolyline(points as Point[], progress);
}
