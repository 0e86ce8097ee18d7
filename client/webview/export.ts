/**
 * The drawing as a standalone SVG file (theme colours resolved, since the file is seen outside VS
 * Code) and as a PNG rendered from it.
 */
import { boundsOf } from './view-transform.js';
import type { Point } from './layout.js';

const STYLED = [
    'fill',
    'stroke',
    'stroke-width',
    'stroke-dasharray',
    'stroke-linecap',
    'stroke-linejoin',
    'opacity',
    'font-family',
    'font-size',
    'font-weight',
    'text-anchor',
    'paint-order',
    'display'
] as const;

/** The SVG text of the drawing, framed around `points`, with every computed style written inline. */
export function exportSvg(root: SVGSVGElement, points: Iterable<Point>): string {
    const box = boundsOf(points, 80);
    const copy = root.cloneNode(true) as SVGSVGElement;
    // The copy is framed by its viewBox, not by the on-screen pan and zoom.
    copy.querySelector('.viewport')?.removeAttribute('transform');
    // Computed styles are read from the live elements, in the same order as the copy's.
    const live = [root, ...root.querySelectorAll('*')];
    const copied = [copy, ...copy.querySelectorAll('*')];
    live.forEach((element, index) => {
        const style = getComputedStyle(element);
        const target = copied[index] as SVGElement;
        target.removeAttribute('class');
        target.removeAttribute('tabindex');
        target.removeAttribute('role');
        if (element === root) return;
        for (const property of STYLED) target.style.setProperty(property, style.getPropertyValue(property));
    });
    const width = box.maxX - box.minX;
    const height = box.maxY - box.minY;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    copy.setAttribute('viewBox', `${box.minX} ${box.minY} ${width} ${height}`);
    copy.setAttribute('width', String(Math.round(width)));
    copy.setAttribute('height', String(Math.round(height)));
    const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    for (const [name, value] of Object.entries({ x: box.minX, y: box.minY, width, height })) background.setAttribute(name, String(value));
    background.style.setProperty('fill', getComputedStyle(document.body).backgroundColor);
    copy.insertBefore(background, copy.firstChild);
    return new XMLSerializer().serializeToString(copy);
}

/** The SVG rendered to a PNG (twice its size, for sharpness), as a data URL. */
export async function exportPng(svgText: string): Promise<string> {
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    try {
        const image = new Image();
        image.src = url;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth * 2;
        canvas.height = image.naturalHeight * 2;
        const context = canvas.getContext('2d')!;
        context.scale(2, 2);
        context.drawImage(image, 0, 0);
        return canvas.toDataURL('image/png');
    } finally {
        URL.revokeObjectURL(url);
    }
}
