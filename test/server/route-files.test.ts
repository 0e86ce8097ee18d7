import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FileChangeType } from 'vscode-languageserver-protocol/node.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * The language server process (out/server.js) reads a document's route files from disk, and when
 * the editor reports one changed (workspace/didChangeWatchedFiles), reads it again and publishes
 * the document's diagnostics anew, its text unchanged; a change to a file no document reads is no
 * document of its own.
 */
let server: ServerProcess;
let dir: string;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nettopo-route-files-'));
    server = await startServer();
});
afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
});

const fileLines = (diagnostics: { code?: unknown; message: string }[]) =>
    diagnostics
        .filter((diagnostic) => String(diagnostic.code).startsWith('route-file') || diagnostic.code === 'route-refused')
        .map((diagnostic) => diagnostic.message);

test('a route file changed on disk is read again, and the document re-checked', async () => {
    const routes = join(dir, 'r1.routes');
    writeFileSync(routes, '198.19.0.0/16 via 198.18.1.2 dev eth0 tos 4\n');
    const uri = pathToFileURL(join(dir, 'lab.net')).href;
    const text = 'router r1 {\n  eth0 198.18.1.1/24\n  routes from "r1.routes"\n}\n';
    expect(fileLines(await server.open(uri, text))).toEqual([
        'r1.routes line 1: tos: a route for one TOS value changes which packets it takes, and nettopo does not model TOS'
    ]);
    writeFileSync(routes, '198.19.0.0/16 via 198.18.1.2 dev eth0 \n198.19.1.0/24 via 10.0.0.1 dev eth0 \n');
    const next = server.next(uri);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
            { uri: pathToFileURL(routes).href, type: FileChangeType.Changed },
            { uri: pathToFileURL(join(dir, 'other.routes')).href, type: FileChangeType.Created }
        ]
    });
    expect(fileLines(await next)).toEqual([
        'r1.routes line 2: ip route add refuses this route: Error: Nexthop has invalid gateway. (10.0.0.1 is not inside a subnet r1 is directly connected to on that interface)'
    ]);
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
    expect(hover.contents.value).toContain('198.19.0.0/16 via 198.18.1.2 dev eth0 \n');
    // The other file is nobody's document.
    expect(server.published.has(pathToFileURL(join(dir, 'other.routes')).href)).toBe(false);
});
