import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ErrorCodes } from 'vscode-languageserver-protocol';
import { faultLab } from '../support/fault-labs.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * A closed document leaves the server: its memory is given back and requests on it are refused in
 * our words. The server's resident memory is read from /proc, as `top` would show it.
 */
const lab = faultLab({ shape: 'star', lans: 6, hostsPerLan: 8, faults: { 'missing-default': 1 }, pings: 6, seed: 17 }).text;
const CYCLES = 100;

let server: ServerProcess;

beforeAll(async () => {
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
});

/** The server process's resident set size, in MiB. */
function residentMiB(): number {
    const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) / 1024;
}

async function openAndClose(cycles: number, from: number): Promise<void> {
    for (let cycle = from; cycle < from + cycles; cycle++) {
        const uri = `untitled:Untitled-${cycle}`;
        expect((await server.open(uri, lab)).length).toBeGreaterThan(0);
        await server.close(uri);
    }
}

test(`${CYCLES} documents opened and closed: the server's memory stays bounded`, async () => {
    // The first documents bring the server to its working size (code compiled, heap grown: V8 grows its heap by
    // tens of megabytes before it collects, more so now that a ping's simulation remembers ARP and redirects).
    await openAndClose(2 * CYCLES, 0);
    const before = residentMiB();
    await openAndClose(CYCLES, 2 * CYCLES);
    const after = residentMiB();
    // Kept, each of these documents holds about a megabyte (its AST, CST, index entries, model and network).
    expect(after - before, `resident memory ${before.toFixed(0)} → ${after.toFixed(0)} MiB`).toBeLessThan(CYCLES / 3);
});

test('a request on a closed document is refused in our words', async () => {
    const uri = 'file:///lab/closed.net';
    await server.open(uri, lab);
    const position = { line: 0, character: 1 };
    expect(await server.request('textDocument/documentSymbol', { textDocument: { uri } })).not.toEqual([]);
    await server.close(uri);
    await expect(server.request('textDocument/hover', { textDocument: { uri }, position })).rejects.toMatchObject({
        code: ErrorCodes.InvalidParams,
        message: `${uri} is not open in the nettopo language server`
    });
    await expect(server.request('nettopo/topology', { uri })).rejects.toMatchObject({ code: ErrorCodes.InvalidParams });
});
