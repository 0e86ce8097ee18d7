import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * A leading UTF-8 byte order mark is blank: VS Code strips it before the server sees the text, and
 * a client that does not, or the CLI reading the file, must not find a syntax error in it.
 */
const LAB = 'switch lan 198.18.0.0/24\nhost a {\n  eth0 198.18.0.1/24 -- lan\n}\nhost b {\n  eth0 198.18.0.2/24 -- lan\n}\nping a -> b\n';

let server: ServerProcess;
let dir: string;

beforeAll(async () => {
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'nettopo-bom-'));
});

afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
});

test('the server, sent a text that starts with a byte order mark, reports nothing', async () => {
    expect(await server.open('file:///lab/bom.net', `\uFEFF${LAB}`)).toEqual([]);
    // Positions count the mark, as the client's do: `host a` is still at line 1.
    const symbols = await server.request<{ name: string; range: { start: { line: number } } }[]>('textDocument/documentSymbol', {
        textDocument: { uri: 'file:///lab/bom.net' }
    });
    expect(symbols.slice(0, 3).map((symbol) => [symbol.name, symbol.range.start.line])).toEqual([
        ['lan', 0],
        ['a', 1],
        ['b', 4]
    ]);
});

test('nettopo check on a file that starts with a byte order mark: no error', () => {
    writeFileSync(join(dir, 'bom.net'), `\uFEFF${LAB}`);
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/nettopo.js'), 'check', 'bom.net'], { cwd: dir, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/error/);
    expect(result.status).toBe(0);
});
