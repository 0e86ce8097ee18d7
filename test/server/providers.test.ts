import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CodeLens, CompletionList, Hover, InlayHint, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { loadNetText } from '../../language/src/load.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/** The editor features over LSP, from the real server process: hover, lenses, inlay hints, rename, completion, formatting. */
let server: ServerProcess;
const uri = 'file:///lab/12-redirect.net';
const text = readFileSync(join(import.meta.dirname, '../../examples/12-redirect.net'), 'utf8');
const document = TextDocument.create(uri, 'nettopo', 1, text);
const position = (needle: string, shift = 0) => document.positionAt(text.indexOf(needle) + shift);

beforeAll(async () => {
    server = await startServer();
    await server.open(uri, text);
});

afterAll(async () => {
    await server?.stop();
});

test('capabilities: every provider is announced', () => {
    expect(server.capabilities).toMatchObject({
        hoverProvider: true,
        codeLensProvider: {},
        inlayHintProvider: {},
        renameProvider: { prepareProvider: true },
        completionProvider: { triggerCharacters: ['.'] },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        foldingRangeProvider: true,
        documentSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true
    });
});

test('hover on a node: both tables exactly as the engine prints them', async () => {
    const hover = await server.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position: position('router gw', 8) });
    const value = (hover.contents as MarkupContent).value;
    const blocks = [...value.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]);
    const gw = (await loadNetText(text)).network.nodes.get('gw')!;
    expect(blocks).toEqual([formatIpRoutes(gw.table), formatRouteN(gw.table)]);
    expect(hover.range).toEqual({ start: { line: 22, character: 7 }, end: { line: 22, character: 9 } });
});

test('code lenses: the commands the extension registers, with their arguments', async () => {
    const lenses = await server.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const commands = lenses.map((lens) => `${lens.range.start.line} ${lens.command?.command || 'label'} ${lens.command?.title}`);
    expect(commands).toContain('0 nettopo.openSimulator Open simulator');
    expect(commands).toContain('22 nettopo.showRouteTable Route table');
    expect(commands).toContain('37 label ✓ reply, ttl=63, after a redirect');
    expect(lenses.find((lens) => lens.command?.command === 'nettopo.runPing')?.command?.arguments).toEqual([uri, 'alice', 'carol', {}]);
});

test('inlay hints: the holder of each gateway, the address a ping target names', async () => {
    const hints = await server.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } }
    });
    expect(hints.map((hint) => hint.label)).toEqual(['gw.eth0', 'lab-gw.eth0', 'lab-gw.eth1', '192.168.20.30']);
});

test('rename an interface: its declaration and every use, as one workspace edit', async () => {
    const edit = await server.connection.sendRequest<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri },
        position: position('  eth1 192.168.20.1', 3),
        newName: 'lab0'
    });
    const renamed = TextDocument.applyEdits(document, edit.changes![uri]);
    expect(renamed).toBe(text.replace('  eth1 192.168.20.1/24', '  lab0 192.168.20.1/24'));
    const refused = await server.connection
        .sendRequest('textDocument/rename', { textDocument: { uri }, position: position('  eth1 192.168.20.1', 3), newName: 'eth0' })
        .then(
            () => 'renamed',
            (error: Error) => error.message
        );
    expect(refused).toBe('lab-gw already has an interface named eth0');
});

test('completion: gateways after via', async () => {
    const line = text.split('\n').findIndex((entry) => entry.includes('route default via 192.168.20.1'));
    const list = await server.connection.sendRequest<CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line, character: '  route default via '.length }
    });
    expect(list.items.map((item) => item.label)).toContain('192.168.20.1');
});

test('formatting: a tidy example needs no edit', async () => {
    const edits = await server.connection.sendRequest<unknown[]>('textDocument/formatting', {
        textDocument: { uri },
        options: { tabSize: 2, insertSpaces: true }
    });
    expect(edits).toEqual([]);
});
