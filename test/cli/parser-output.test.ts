import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

/**
 * The parser says nothing of its own: `route PREFIX` starts both a route and an interface named
 * `route`, and Chevrotain's lookahead printed how it settled each such line ("Ambiguous Alternatives
 * Detected: ...") into `nettopo check`'s standard output. The report is the diagnostics only.
 */

const root = join(import.meta.dirname, '../..');
let dir: string;

beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nettopo-parser-output-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
    ['a route whose gateway is missing', 'route 10.9.0.0/16 via'],
    ['an interface named route, with no cable', 'route 10.0.0.9/24'],
    ['a route with its gateway', 'route 10.9.0.0/16 via 10.0.0.2']
])('%s: only diagnostics, each in the CLI format', (_, line) => {
    const path = join(dir, 'lab.net');
    writeFileSync(path, `switch lan 10.0.0.0/24\nhost a {\n  eth0 10.0.0.1/24 -- lan\n  ${line}\n}\n`);
    const run = spawnSync(process.execPath, [join(root, 'bin/nettopo.js'), 'check', path], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    for (const output of run.stdout.split('\n').filter(Boolean)) expect(output).toMatch(/^\S+lab\.net:\d+:\d+: (error|warning|info): /);
    expect(run.stdout).not.toMatch(/Ambiguous|chevrotain/i);
});
