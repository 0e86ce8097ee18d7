import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { ErrorCodes, type Hover } from 'vscode-languageserver-protocol';
import { SERVER_PATH, startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * A nettopo document is one the editor says is nettopo, whatever its name: an untitled editor set
 * to nettopo, `LAB.NET`, `lab.txt`. Opening and closing one, then opening a `.net` file, used to
 * kill the server (Langium looked the closed document's language up by its extension).
 */
const LAB = 'switch lan 198.18.0.0/24\nhost a {\n  eth0 198.18.0.1/24 -- lan\n}\nhost b {\n  eth0 198.18.0.2/24 -- lan\n}\nping a -> b fails\n';

let server: ServerProcess | undefined;

afterEach(async () => {
    await server?.stop();
    server = undefined;
});

test.each(['untitled:Untitled-1', 'file:///lab/LAB.NET', 'file:///lab/lab.txt', 'file:///lab/lab'])(
    'a nettopo document named %s is analysed; once it is closed, the server still answers for a .net file',
    async (uri) => {
        server = await startServer();
        const diagnostics = await server.open(uri, LAB);
        expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['ping-expectation']);
        await server.close(uri);

        const after = 'file:///lab/after.net';
        expect((await server.open(after, LAB)).map((diagnostic) => diagnostic.code)).toEqual(['ping-expectation']);
        const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: after }, position: { line: 1, character: 5 } });
        expect(JSON.stringify(hover?.contents)).toContain('198.18.0.1');
        expect(server.process.exitCode).toBeNull();
    }
);

test("the files of the workspace folder are not read: only the editor's documents are held", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'nettopo-workspace-'));
    try {
        writeFileSync(join(folder, 'lab.net'), LAB);
        writeFileSync(join(folder, 'README.md'), '# notes\n');
        server = await startServer(SERVER_PATH, pathToFileURL(folder).href);
        // A document is built once the workspace is loaded: after its diagnostics, any file read is held.
        await server.open('untitled:Untitled-1', LAB);
        for (const file of ['lab.net', 'README.md']) {
            const uri = pathToFileURL(join(folder, file)).href;
            await expect(server.request('textDocument/documentSymbol', { textDocument: { uri } })).rejects.toMatchObject({
                code: ErrorCodes.InvalidParams,
                message: `${uri} is not open in the nettopo language server`
            });
        }
        const opened = pathToFileURL(join(folder, 'lab.net')).href;
        expect((await server.open(opened, LAB)).map((diagnostic) => diagnostic.code)).toEqual(['ping-expectation']);
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
});
