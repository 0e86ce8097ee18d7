/**
 * The messages between the simulator webview and the extension, and the validators the extension
 * runs on everything the webview posts before acting on it. Plain types and functions only: the
 * extension (Node) and the webview (browser) both import this file.
 */
import type { MatrixView, PingView, TextRange, TopologyView } from '../../language/src/lsp/net-protocol.js';

/** From the extension to the webview. */
export type HostMessage =
    /** The document's topology, after every change. */
    | { readonly type: 'topology'; readonly view: TopologyView }
    | { readonly type: 'matrix'; readonly view: MatrixView }
    /** How far the matrix asked for has got (the server's work-done progress). */
    | { readonly type: 'matrixProgress'; readonly percentage: number; readonly message: string }
    /** The matrix asked for is not coming: why, in a sentence (the file changed before it was done, an error). */
    | { readonly type: 'matrixCancelled'; readonly reason: string }
    /** A ping to play (asked by the webview, or by `▶ Run ping` in the editor). */
    | { readonly type: 'ping'; readonly view: PingView }
    /** The quick fixes the language server offers for a node (titles, in its order). */
    | { readonly type: 'fixes'; readonly node: string; readonly titles: readonly string[] }
    /** Something the user asked for failed (shown in the webview's status line). */
    | { readonly type: 'error'; readonly message: string };

/** From the webview to the extension. */
export type WebviewMessage =
    /** The page is loaded and listening. */
    | { readonly type: 'ready' }
    | { readonly type: 'ping'; readonly source: string; readonly target: string }
    /** Compute the matrix (only when the user asks: it can be millions of pings). */
    | { readonly type: 'matrix' }
    | { readonly type: 'cancelMatrix' }
    /** Show a range of the document in the editor (a route, a diagnostic, a node). */
    | { readonly type: 'reveal'; readonly range: TextRange }
    /** Highlight the route a ping step used, or clear the highlight. */
    | { readonly type: 'highlight'; readonly range: TextRange | null }
    | { readonly type: 'toggleForwarding'; readonly node: string }
    | { readonly type: 'listFixes'; readonly node: string }
    | { readonly type: 'applyFix'; readonly node: string; readonly title: string }
    /** Save the drawing: SVG text, or a PNG as a `data:image/png;base64,` URL. */
    | { readonly type: 'export'; readonly format: 'svg' | 'png'; readonly data: string };

/** What the webview keeps across reloads (VS Code stores it; the serializer reads it back). */
export interface SimulatorState {
    readonly uri: string;
    /** Where nodes are drawn, by vertex id (`node:NAME`, `switch:NAME`), and which the user placed. */
    readonly positions: Readonly<Record<string, { readonly x: number; readonly y: number; readonly pinned: boolean }>>;
    readonly transform?: { readonly x: number; readonly y: number; readonly k: number };
}

const MAX_NAME = 200;
const MAX_TEXT = 2_000;
/** A 1,000-node drawing as a PNG stays well below this. */
const MAX_EXPORT = 64 * 1024 * 1024;

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 31;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function isPosition(value: unknown): value is TextRange['start'] {
    return isRecord(value) && isCount(value.line) && isCount(value.character);
}

/** Whether a value is a well-formed LSP range (start before end). */
export function isTextRange(value: unknown): value is TextRange {
    if (!isRecord(value) || !isPosition(value.start) || !isPosition(value.end)) return false;
    const { start, end } = value;
    return start.line < end.line || (start.line === end.line && start.character <= end.character);
}

/**
 * The message, if `value` is one the webview may send (every field checked: types, sizes, ranges);
 * otherwise undefined, and the extension ignores it.
 */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
    if (!isRecord(value)) return undefined;
    switch (value.type) {
        case 'ready':
        case 'matrix':
        case 'cancelMatrix':
            return { type: value.type };
        case 'ping':
            return isText(value.source, MAX_NAME) && isText(value.target, MAX_NAME) ? { type: 'ping', source: value.source, target: value.target } : undefined;
        case 'reveal':
            return isTextRange(value.range) ? { type: 'reveal', range: value.range } : undefined;
        case 'highlight':
            return value.range === null || isTextRange(value.range) ? { type: 'highlight', range: value.range } : undefined;
        case 'toggleForwarding':
        case 'listFixes':
            return isText(value.node, MAX_NAME) ? { type: value.type, node: value.node } : undefined;
        case 'applyFix':
            return isText(value.node, MAX_NAME) && isText(value.title, MAX_TEXT) ? { type: 'applyFix', node: value.node, title: value.title } : undefined;
        case 'export':
            if (value.format === 'svg' && isText(value.data, MAX_EXPORT) && value.data.startsWith('<svg'))
                return { type: 'export', format: 'svg', data: value.data };
            if (value.format === 'png' && isText(value.data, MAX_EXPORT) && value.data.startsWith('data:image/png;base64,'))
                return { type: 'export', format: 'png', data: value.data };
            return undefined;
        default:
            return undefined;
    }
}

/** The state, if `value` is one the webview could have saved (the serializer gets it from the webview). */
export function parseSimulatorState(value: unknown): SimulatorState | undefined {
    if (!isRecord(value) || !isText(value.uri, MAX_TEXT) || !isRecord(value.positions)) return undefined;
    const positions: Record<string, { x: number; y: number; pinned: boolean }> = {};
    for (const [id, position] of Object.entries(value.positions)) {
        if (id.length > MAX_NAME || !isRecord(position) || !isNumber(position.x) || !isNumber(position.y)) continue;
        positions[id] = { x: position.x, y: position.y, pinned: position.pinned === true };
    }
    const transform = value.transform;
    const validTransform = isRecord(transform) && isNumber(transform.x) && isNumber(transform.y) && isNumber(transform.k) && transform.k > 0;
    return {
        uri: value.uri,
        positions,
        ...(validTransform && { transform: { x: transform.x as number, y: transform.y as number, k: transform.k as number } })
    };
}
