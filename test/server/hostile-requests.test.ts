import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ErrorCodes, type Hover } from 'vscode-languageserver-protocol';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * Requests as a careless or hostile client sends them, to the real server process: every one gets
 * an answer, a result or an error in our words (never a JavaScript or Langium message such as
 * `Invalid count value: -1`), and the server goes on answering.
 */
const uri = 'file:///lab/hostile.net';
const text = readFileSync(join(import.meta.dirname, '../../examples/06-linux-router.net'), 'utf8');
const textDocument = { uri };
const origin = { line: 0, character: 0 };

let server: ServerProcess;

beforeAll(async () => {
    server = await startServer();
    await server.open(uri, text);
});

afterAll(async () => {
    await server?.stop();
});

/** The answer to a request: its result, or its error's code and message. */
async function answer(method: string, params: unknown): Promise<{ result?: unknown; code?: number; message?: string }> {
    try {
        return { result: await server.request(method, params) };
    } catch (error) {
        const { code, message } = error as { code?: number; message: string };
        return { code, message };
    }
}

const badPositions = [{ line: -1, character: 0 }, { line: 0, character: -1 }, { line: 1.5, character: 0 }, { line: '1', character: 0 }, { line: 0 }, null];

test.each([
    ...badPositions.flatMap((position) =>
        ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/prepareRename', 'textDocument/documentHighlight'].map(
            (method) => [method, { textDocument, position }] as const
        )
    ),
    ['textDocument/references', { textDocument, position: { line: -3, character: 2 }, context: { includeDeclaration: true } }],
    ['textDocument/rename', { textDocument, position: null, newName: 'x' }],
    ['textDocument/rename', { textDocument, position: origin, newName: 7 }],
    ['textDocument/inlayHint', { textDocument, range: { start: { line: -1, character: 0 }, end: origin } }],
    ['textDocument/inlayHint', { textDocument, range: null }],
    ['textDocument/codeAction', { textDocument, range: { start: origin, end: origin }, context: null }],
    ['textDocument/formatting', { textDocument, options: { tabSize: -1, insertSpaces: true } }],
    ['textDocument/formatting', { textDocument, options: { tabSize: 1e10, insertSpaces: true } }],
    ['textDocument/formatting', { textDocument, options: null }],
    ['textDocument/rangeFormatting', { textDocument, range: { start: origin, end: { line: 2, character: 0 } }, options: { tabSize: 0, insertSpaces: false } }],
    ['textDocument/hover', { textDocument: { uri: 'file:///lab/never-opened.net' }, position: origin }],
    ['textDocument/codeLens', { textDocument: { uri: 42 } }],
    ['textDocument/documentSymbol', { textDocument: null }],
    ['textDocument/foldingRange', {}],
    ['textDocument/hover', [uri, origin]],
    ['textDocument/hover', { textDocument: { uri: 'file://%%%' }, position: origin }],
    ['workspace/symbol', { query: 5 }],
    ['nettopo/ping', null],
    ['nettopo/ping', { uri, source: 1, target: {} }],
    ['nettopo/ping', { uri, source: '__proto__', target: 'constructor' }],
    ['nettopo/ping', { uri: 'file:///lab/never-opened.net', source: 'a', target: 'b' }],
    ['nettopo/topology', []],
    ['nettopo/topology', { uri: 5 }],
    ['nettopo/matrix', 'x'],
    ['nettopo/toggleForwarding', { uri, node: 5 }],
    ['nettopo/toggleForwarding', { uri, node: 'nobody' }]
] as const)('%s %j: an error in our words', async (method, params) => {
    const { result, code, message } = await answer(method, params);
    expect(result, `${method} answered ${JSON.stringify(result)}`).toBeUndefined();
    expect(code).toBe(ErrorCodes.InvalidParams);
    expect(message).not.toMatch(
        /Cannot read|is not a function|Invalid count|Invalid string length|undefined|No document found|failed with message|by position/
    );
    expect(message!.length).toBeGreaterThan(10);
});

test.each([
    ['textDocument/hover', { textDocument, position: { line: 1e6, character: 1e6 } }],
    ['textDocument/completion', { textDocument, position: { line: 3, character: 1e6 } }],
    ['textDocument/inlayHint', { textDocument, range: { start: origin, end: { line: 1e6, character: 0 } } }],
    ['textDocument/formatting', { textDocument, options: { tabSize: 100, insertSpaces: true } }]
] as const)('%s %j, past the end of the text: an answer', async (method, params) => {
    const { code, message } = await answer(method, params);
    expect(message, `${method} failed: ${code} ${message}`).toBeUndefined();
});

test('after them all, the server still answers', async () => {
    const hover = await server.request<Hover | null>('textDocument/hover', {
        textDocument,
        position: { line: text.split('\n').findIndex((line) => line.startsWith('host mid')), character: 6 }
    });
    expect(JSON.stringify(hover?.contents)).toContain('route');
    expect(server.process.exitCode).toBeNull();
});
