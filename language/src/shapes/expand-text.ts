import { AstUtils } from 'langium';
import type { ShapeExpansion, Shape } from './docker-shapes.js';
import * as ast from '../generated/ast.js';

/** A shape's written span (`start`, `end` offsets) and the core statements that replace it. */
export interface ShapeReplacement {
    readonly shape: Shape;
    readonly start: number;
    readonly end: number;
    readonly text: string;
}

/** The core statements a shape stands for, one line each (a container's as a host block); empty for a shape Docker would refuse. */
export function shapeLines(shape: Shape, expansion: ShapeExpansion): string[] {
    const texts = (expansion.lines.get(shape) ?? []).map((line) => line.text);
    if (!texts.length || !ast.isNode(shape)) return texts;
    return [`host ${shape.name} {`, ...texts.map((text) => `  ${text}`), '}'];
}

/** The text that replaces a shape's span: its lines, indented as the shape is. Undefined for a shape Docker would refuse. */
export function shapeReplacement(shape: Shape, expansion: ShapeExpansion, source: string): ShapeReplacement | undefined {
    const lines = shapeLines(shape, expansion);
    const cst = shape.$cstNode;
    if (!lines.length || !cst) return undefined;
    const eol = source.includes('\r\n') ? '\r\n' : '\n';
    const lineStart = source.lastIndexOf('\n', cst.offset - 1) + 1;
    const indent = /^[ \t]*/.exec(source.slice(lineStart))![0];
    return { shape, start: cst.offset, end: cst.end, text: lines.join(`${eol}${indent}`) };
}

/**
 * Every shape's replacement, in file order; with `root`, only the shapes written in that file (a lab's
 * expansion holds the shapes of all its files, and `source` is one file's text).
 */
export function shapeReplacements(expansion: ShapeExpansion, source: string, root?: ast.Topology): ShapeReplacement[] {
    return [...expansion.lines.keys()]
        .filter((shape) => root === undefined || AstUtils.findRootNode(shape) === root)
        .flatMap((shape) => shapeReplacement(shape, expansion, source) ?? [])
        .sort((a, b) => a.start - b.start);
}

/** The file with every shape replaced by its core statements; every other character (comments too) kept. */
export function expandText(expansion: ShapeExpansion, source: string): string {
    let text = '';
    let at = 0;
    for (const replacement of shapeReplacements(expansion, source)) {
        text += source.slice(at, replacement.start) + replacement.text;
        at = replacement.end;
    }
    return text + source.slice(at);
}
