import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureTopology } from '../../language/src/kernel/lab.js';
import { loadNetText } from '../../language/src/load.js';
import { expandText } from '../../language/src/shapes/expand-text.js';
import { toLabAddresses } from './example-addresses.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * Every file in examples/ on the real kernel: its shapes expanded (a shape's addresses, Docker's
 * 172.17.0.1/16 among them, are then written out), moved into 198.18.0.0/15 (example-addresses.ts),
 * built in namespaces, its `ping` statements run and its route tables and iptables listings read;
 * the engine must predict all of it. (test/examples checks what the examples' comments say.)
 */
const dir = join(import.meta.dirname, '../../examples');
const examples = readdirSync(dir)
    .filter((file) => file.endsWith('.net'))
    .sort();
/** Examples with errors on purpose that no kernel can build (an interface name too long for Linux): what `verify` refuses too. */
const unbuildable = ['08-mistakes.net'];
/** The errors `verify` would refuse a file for: all but refused routes (a prediction) and ping expectations. */
const blocking = (diagnostics: readonly { severity?: number; code?: number | string }[]) =>
    diagnostics.filter((entry) => (entry.severity ?? 1) === 1 && !['route-refused', 'ping-expectation'].includes(String(entry.code)));

/** The example as the lab builds it: core statements only, in the lab's addresses. */
async function labText(file: string): Promise<string> {
    const text = readFileSync(join(dir, file), 'utf8');
    return toLabAddresses(expandText((await loadNetText(text, file)).expansion, text));
}

describe('examples in the lab range', () => {
    test.each(examples)('%s moves into 198.18.0.0/15', async (file) => {
        const moved = await labText(file);
        const outside = (moved.match(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g) ?? []).filter(
            (address) => !/^198\.1[89]\./.test(address) && address !== '0.0.0.0'
        );
        expect(outside).toEqual([]);
    });

    test.each(examples)('%s can be built, unless it is one of the unbuildable ones', async (file) => {
        const { diagnostics } = await loadNetText(await labText(file), file);
        expect(blocking(diagnostics).length > 0).toBe(unbuildable.includes(file));
    });
});

describe.skipIf(skipKernel)(kernelTitle('examples: the kernel and the engine agree'), () => {
    test.concurrent.each(examples.filter((file) => !unbuildable.includes(file)))(
        '%s',
        async (file) => {
            requireKernel();
            const { topology, network } = await loadNetText(await labText(file), file);
            expect(topology.pings.length, 'an example without pings checks nothing here').toBeGreaterThan(0);
            const kernel = withoutTrailingSpaces(await measureTopology(topology));
            expect(truthDifferences(kernel, predictTruth(network, topology.pings)).map(formatDifference).join('\n')).toBe('');
        },
        300_000
    );
});
