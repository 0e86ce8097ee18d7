/**
 * Pan and zoom as a plain transform (screen = world * k + offset), with the fit and zoom-about-a-point
 * arithmetic the drawing uses. Pure functions, no DOM.
 */
import type { Point } from './layout.js';

export interface Transform {
    readonly x: number;
    readonly y: number;
    readonly k: number;
}

export interface Box {
    readonly minX: number;
    readonly minY: number;
    readonly maxX: number;
    readonly maxY: number;
}

export const IDENTITY: Transform = { x: 0, y: 0, k: 1 };
const MIN_SCALE = 0.05;
const MAX_SCALE = 4;

const clampScale = (k: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, k));

/** The smallest box holding every point, grown by `margin` on each side. */
export function boundsOf(points: Iterable<Point>, margin: number): Box {
    let minX = Infinity,
        minY = Infinity,
        maxX = -Infinity,
        maxY = -Infinity;
    for (const point of points) {
        minX = Math.min(minX, point.x);
        minY = Math.min(minY, point.y);
        maxX = Math.max(maxX, point.x);
        maxY = Math.max(maxY, point.y);
    }
    if (minX > maxX) return { minX: -margin, minY: -margin, maxX: margin, maxY: margin };
    return { minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin };
}

/** The transform that shows the whole box centred in a viewport, never magnified beyond 1.5. */
export function fitTransform(box: Box, width: number, height: number): Transform {
    const k = clampScale(Math.min(1.5, width / (box.maxX - box.minX), height / (box.maxY - box.minY)));
    return {
        k,
        x: width / 2 - ((box.minX + box.maxX) / 2) * k,
        y: height / 2 - ((box.minY + box.maxY) / 2) * k
    };
}

/** Zooms by `factor` keeping the world point under the screen point `at` where it is. */
export function zoomAt(transform: Transform, factor: number, at: Point): Transform {
    const k = clampScale(transform.k * factor);
    const ratio = k / transform.k;
    return { k, x: at.x - (at.x - transform.x) * ratio, y: at.y - (at.y - transform.y) * ratio };
}

export function panBy(transform: Transform, dx: number, dy: number): Transform {
    return { ...transform, x: transform.x + dx, y: transform.y + dy };
}

/** The world point under a screen point. */
export function toWorld(transform: Transform, screen: Point): Point {
    return { x: (screen.x - transform.x) / transform.k, y: (screen.y - transform.y) / transform.k };
}
