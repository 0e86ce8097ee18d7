import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureTopology, type KernelTruth } from '../../language/src/kernel/lab.js';
import { loadNetText } from '../../language/src/load.js';
import { expandText } from '../../language/src/shapes/expand-text.js';
import { labAddresses, type LabAddresses } from './example-addresses.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * Every file in examples/ and examples/real/ (public labs, as their authors wrote them) on the real
 * kernel: its shapes expanded (a shape's addresses, Docker's 172.17.0.1/16 among them, are then
 * written out), moved into 198.18.0.0/15 (example-addresses.ts), built in namespaces, its `ping`
 * statements run and its route tables and iptables listings read; the engine must predict all of
 * it. (test/examples checks what the examples' comments say.)
 */
const dir = join(import.meta.dirname, '../../examples');
const netFiles = (folder: string) =>
    readdirSync(join(dir, folder))
        .filter((file) => file.endsWith('.net'))
        .sort()
        .map((file) => join(folder, file));
const examples = [...netFiles('.'), ...netFiles('real')];
/** Examples with errors on purpose that no kernel can build (an interface name too long for Linux): what `verify` refuses too. */
const unbuildable = ['08-mistakes.net'];
/** The errors `verify` would refuse a file for: all but refused routes (a prediction) and ping expectations. */
const blocking = (diagnostics: readonly { severity?: number; code?: number | string }[]) =>
    diagnostics.filter((entry) => (entry.severity ?? 1) === 1 && !['route-refused', 'ping-expectation'].includes(String(entry.code)));

/** The example as written, and as the lab builds it: core statements only, in the lab's addresses. */
async function labText(file: string): Promise<{ text: string; moved: LabAddresses }> {
    const text = readFileSync(join(dir, file), 'utf8');
    return { text, moved: labAddresses(expandText((await loadNetText(text, file)).expansion, text)) };
}

describe('examples in the lab range', () => {
    test.each(examples)('%s moves into 198.18.0.0/15', async (file) => {
        const { moved } = await labText(file);
        const outside = (moved.text.match(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g) ?? []).filter(
            (address) => !/^198\.1[89]\./.test(address) && address !== '0.0.0.0'
        );
        expect(outside).toEqual([]);
    });

    test('the move is one-to-one within a file, and what is printed for it maps back', () => {
        const moved = labAddresses('eth0 195.11.14.5/24\nroute 200.1.1.0/24 via 100.0.0.10');
        expect(moved.text).toBe('eth0 198.18.195.5/24\nroute 198.18.200.0/24 via 198.18.100.10');
        expect(moved.back('198.18.200.0/24 via 198.18.100.10 dev eth1; 198.18.7.1')).toBe('200.1.1.0/24 via 100.0.0.10 dev eth1; 198.18.7.1');
        expect(() => labAddresses('192.168.195.1 195.11.14.1')).toThrow('would both land in 198.18.195.0/24');
        expect(() => labAddresses('8.8.8.8')).toThrow('no lab block for 8.8.8.8');
    });

    test.each(examples)('%s can be built, unless it is one of the unbuildable ones', async (file) => {
        const { diagnostics } = await loadNetText((await labText(file)).moved.text, file);
        expect(blocking(diagnostics).length > 0).toBe(unbuildable.includes(file));
    });
});

describe.skipIf(skipKernel)(kernelTitle('examples: the kernel and the engine agree'), () => {
    test.concurrent.each(examples.filter((file) => !unbuildable.includes(file)))(
        '%s',
        async (file) => {
            requireKernel();
            const { text, moved } = await labText(file);
            const { topology, network } = await loadNetText(moved.text, file);
            expect(topology.pings.length, 'an example without pings checks nothing here').toBeGreaterThan(0);
            const kernel = withoutTrailingSpaces(await measureTopology(topology));
            // Told in the file's own addresses, so that a difference reads as the lab is written.
            const differences = truthDifferences(kernel, predictTruth(network, topology.pings)).map(formatDifference);
            expect(differences.map(moved.back).join('\n')).toBe('');
            // And the file as written (what test/examples pins, and what a reader sees) prints what the kernel printed,
            // once put back in its addresses: the move changed nothing that ping shows. (Route tables are not compared
            // so: the move may change their order, which follows the addresses.)
            const asWritten = await loadNetText(text, file);
            const back = (ping: KernelTruth['pings'][number]) => ({
                ...ping,
                target: moved.back(ping.target),
                ...(ping.from && { from: moved.back(ping.from) }),
                lines: ping.lines.map(moved.back)
            });
            expect(kernel.pings.map(back)).toEqual(predictTruth(asWritten.network, asWritten.topology.pings).pings);
        },
        300_000
    );
});
