import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadNetText } from '../../language/src/load.js';
import { routerLab } from '../support/router-labs.js';

/**
 * Rings of routers: small files with long paths, which made the route analysis run out of memory
 * (issue 17). The findings are right, and a 2,500-router ring goes through the real CLI within a
 * memory bound the child is given (a blow-up fails the test instead of hanging the machine).
 */
const warnings = async (text: string) => (await loadNetText(text)).diagnostics.filter((diagnostic) => diagnostic.severity !== 1);

/** Route cycles for addresses nobody has are their own finding (route-cycles.test.ts); these tests are about the pings. */
const pingWarnings = async (text: string) => (await warnings(text)).filter((diagnostic) => diagnostic.code !== 'route-cycle');

test.each(['clockwise', 'shortest'] as const)('a %s ring that routes every address of the file: only its default routes are named, once', async (routing) => {
    const found = await warnings(routerLab({ shape: 'ring', routers: 12, routing }).text);
    // Every router's default route points on round the ring: a packet for an address nobody has circles until its TTL runs out.
    expect(found.map((diagnostic) => [diagnostic.code, diagnostic.relatedInformation?.length])).toEqual([['route-cycle', 11]]);
    expect(found[0].message).toMatch(/^r0's `default via [\d.]+` and the routes of 11 more routers send packets round in a circle/);
});

test.each(['clockwise', 'shortest'] as const)('a %s ring where r3 lacks its default route: one finding, at r3', async (routing) => {
    const found = await pingWarnings(routerLab({ shape: 'ring', routers: 12, routing, lans: true, missing: 3 }).text);
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/^r3 has no route to /);
});

test('a ring longer than the TTL: one finding for the paths that are too long, not a routing loop', async () => {
    const found = await warnings(routerLab({ shape: 'ring', routers: 100 }).text);
    expect(found.map((diagnostic) => diagnostic.message.slice(0, 26))).toEqual(['paths longer than 64 hops:']);
});

test('a 2,500-router ring: `nettopo check` finishes within 400 MB of heap', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'nettopo-ring-'));
    try {
        const file = join(folder, 'ring.net');
        writeFileSync(file, routerLab({ shape: 'ring', routers: 2500 }).text);
        const cli = join(import.meta.dirname, '../../out/nettopo.js');
        const child = spawn(process.execPath, ['--max-old-space-size=400', cli, 'check', file], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => {
            out += chunk;
        });
        child.stderr.on('data', (chunk) => {
            err += chunk;
        });
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(err).toBe('');
        expect(code).toBe(0);
        expect(out).toMatch(/route analysis sampled/);
        expect(out).toMatch(/paths longer than 64 hops/);
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}, 600_000);
