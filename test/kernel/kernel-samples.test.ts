import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { measureNetText, type KernelTruth } from '../../language/src/kernel/lab.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * The lab runner measured against the kernel samples: measuring each sample again must give
 * exactly its `.truth.json`, which proves the harness builds what the samples' measurements built.
 */
const dir = join(import.meta.dirname, '../fixtures/kernel-samples');
const samples = readdirSync(dir).filter(file => file.endsWith('.net')).map(file => file.slice(0, -4));

/** The spec allows trailing spaces to differ. */
function trimmed(truth: KernelTruth): KernelTruth {
    const trimLines = (text: string) => text.split('\n').map(line => line.trimEnd()).join('\n');
    return {
        routes: Object.fromEntries(Object.entries(truth.routes).map(([node, { ip, route }]) => [node, { ip: trimLines(ip), route: trimLines(route) }])),
        pings: truth.pings.map(ping => ({ ...ping, lines: ping.lines.map(line => line.trimEnd()) })),
        refused: truth.refused
    };
}

describe.skipIf(skipKernel)(kernelTitle('kernel lab vs kernel samples'), () => {
    test.concurrent.each(samples)('%s', async name => {
        requireKernel();
        const expected = JSON.parse(readFileSync(join(dir, `${name}.truth.json`), 'utf8')) as KernelTruth;
        const measured = await measureNetText(readFileSync(join(dir, `${name}.net`), 'utf8'));
        expect(trimmed(measured)).toEqual(trimmed(expected));
    }, 120_000);
});
