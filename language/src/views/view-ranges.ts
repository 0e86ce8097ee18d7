import { GrammarUtils, type AstNode } from 'langium';
import type { DiagnosticView, TextRange } from '../lsp/net-protocol.js';

const NOWHERE: TextRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const SEVERITIES = ['error', 'error', 'warning', 'info', 'hint'] as const;

/** Where a syntax node is written, or undefined for one without text (recovered by the parser) or none. */
export function rangeOf(node: AstNode | undefined): TextRange | undefined {
    return node?.$cstNode?.range;
}

/** Where a syntax node is written, the start of the file for one without text: for views whose every element has a range. */
export function placeOf(node: AstNode | undefined): TextRange {
    return rangeOf(node) ?? NOWHERE;
}

/** Where a syntax node's name is written, or the whole node when it has none. */
export function nameRangeOf(node: AstNode): TextRange {
    return GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range ?? placeOf(node);
}

/** Whether `inner` lies within `outer` (both LSP ranges, end exclusive). */
export function rangeWithin(inner: TextRange, outer: TextRange): boolean {
    const before = (a: TextRange['start'], b: TextRange['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** What a view reads of a diagnostic (an LSP Diagnostic, as Langium's validator makes them). */
export interface DiagnosticSource {
    readonly severity?: number;
    readonly code?: number | string;
    readonly data?: unknown;
    readonly message: string;
    readonly range: TextRange;
}

/** A diagnostic as the simulator shows it: severity in words, the code as a string. */
export function diagnosticView(diagnostic: DiagnosticSource): DiagnosticView {
    const code = diagnostic.code ?? (diagnostic.data as { code?: unknown } | undefined)?.code;
    return {
        severity: SEVERITIES[diagnostic.severity ?? 1],
        ...(code !== undefined && { code: String(code) }),
        message: diagnostic.message,
        range: diagnostic.range
    };
}
