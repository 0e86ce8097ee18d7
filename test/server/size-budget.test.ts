import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_ANALYSED_CHARACTERS } from '../../language/src/net-size-budget.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * A lab over the size budget (net-size-budget.ts) gets one diagnostic on its first line saying why
 * it is not analysed and what the limit is, from the real CLI and the real server alike; it used to
 * run them out of memory after minutes (50 MB). A lab just under the budget is analysed.
 */
const BIN = join(import.meta.dirname, '../../bin/nettopo.js');

/** A lab of `hosts` hosts on one switch. */
function lab(hosts: number): string {
    // Host i has an address of 198.18.0.0/15 (never its network or broadcast address; a huge lab reuses them).
    const address = (index: number) => (index % 131_070) + 1;
    const blocks = Array.from(
        { length: hosts },
        (_, index) => `host h${index} {\n  eth0 198.${18 + (address(index) >> 16)}.${(address(index) >> 8) & 255}.${address(index) & 255}/15 -- lan\n}\n`
    );
    return `switch lan 198.18.0.0/15\n${blocks.join('')}`;
}

/** About 50 MB, as in the report. */
const huge = lab(1_040_000);
const expected = /^This file is not analysed: it is 50\.\d MB, and nettopo analyses files of up to 4\.0 MB \(about 35,000 hosts\), because/;

let dir: string;
let server: ServerProcess;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nettopo-budget-'));
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI on a file and waits for it to end (stdout, stderr, exit code). */
function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: dir });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
}

test('nettopo check on a 50 MB lab: one error on line 1 that says why, and the limit', async () => {
    expect(huge.length).toBeGreaterThan(MAX_ANALYSED_CHARACTERS);
    writeFileSync(join(dir, 'huge.net'), huge);
    const { stdout, stderr, code } = await cli('check', 'huge.net');
    const lines = `${stdout}${stderr}`.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^huge\.net:1:1: error: /);
    expect(lines[0].replace(/^huge\.net:1:1: error: /, '')).toMatch(expected);
    expect(code).toBe(1);
});

test('the language server on a 50 MB lab: the same diagnostic, and it goes on answering', async () => {
    const uri = 'file:///lab/huge.net';
    const diagnostics = await server.open(uri, huge);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].range.start).toEqual({ line: 0, character: 0 });
    expect(diagnostics[0].message).toMatch(expected);
    expect(await server.request('textDocument/documentSymbol', { textDocument: { uri } })).toEqual([]);
    await server.close(uri);
});

/** A lab of ten hosts, commented up to exactly `length` characters. */
function commentedTo(length: number): string {
    const text = lab(10);
    const line = `# ${'-'.repeat(77)}\n`;
    const padding = line.repeat(Math.floor((length - text.length) / line.length));
    return `${text}${padding}${'#'.repeat(length - text.length - padding.length)}`;
}

test('a lab of exactly the budget is analysed; one character more is not', async () => {
    const uri = 'file:///lab/at-the-limit.net';
    const within = commentedTo(MAX_ANALYSED_CHARACTERS);
    expect(within.length).toBe(MAX_ANALYSED_CHARACTERS);
    expect(await server.open(uri, within)).toEqual([]);
    expect(await server.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } })).toHaveLength(11);
    const over = await server.change(uri, `${within}#`);
    expect(over.map((diagnostic) => diagnostic.message)).toEqual([
        expect.stringMatching(/^This file is not analysed: it is 4\.0 MB, and nettopo analyses files of up to 4\.0 MB/)
    ]);
});
