import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureTopology } from '../../language/src/kernel/lab.js';
import { importCni } from '../../language/src/import/cni-import.js';
import { printNet } from '../../language/src/import/net-printer.js';
import { loadNetText } from '../../language/src/load.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * `nettopo import cni` on the real kernel: the .net a conflist imports to (bridge and ptp, with
 * host-local and ipMasq), with the host's own LAN added (an outside node with no route back to the
 * containers' subnet, so only the masquerade brings its replies back), built in namespaces; the
 * engine must predict every ping, route table and iptables listing. The same lab without ipMasq
 * shows what the masquerade does: the outside node's reply is lost.
 */
const fixtures = join(import.meta.dirname, '../fixtures/cni');

/** The imported lab, with `eth0` on the host to an outside node, and the pings. */
function lab(conflist: string, edit: (text: string) => string, pings: readonly string[]): string {
    const file = `test/fixtures/cni/${conflist}`;
    const { topology, problems } = importCni(edit(readFileSync(join(fixtures, conflist), 'utf8')), file, { host: 'host', containers: ['web', 'db'] });
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const text = printNet(topology).replace(/^(router|host) host \{$/m, '$&\n  eth0 198.18.9.1/24 -- outside.eth0');
    return `${text}\nhost outside {\n  eth0 198.18.9.2/24\n}\n\n${pings.map((ping) => `ping ${ping}`).join('\n')}\n`;
}

const unchanged = (text: string) => text;
const noMasquerade = (text: string) => text.replace('"ipMasq": true', '"ipMasq": false');

const labs: [string, string][] = [
    ['bridge with ipMasq', lab('lab-bridge.conflist', unchanged, ['web -> outside', 'db -> web', 'web -> 198.18.8.1', 'outside -> web fails'])],
    ['bridge without ipMasq', lab('lab-bridge.conflist', noMasquerade, ['web -> outside fails', 'web -> 198.18.9.1'])],
    ['ptp with ipMasq', lab('lab-ptp.conflist', unchanged, ['web -> outside', 'web -> db', 'db -> 198.18.10.1'])],
    ['ptp without ipMasq', lab('lab-ptp.conflist', noMasquerade, ['db -> outside fails'])]
];

describe('imported CNI labs', () => {
    test.each(labs)('%s: the pings hold in the engine', async (_, text) => {
        const { diagnostics, pingRuns } = await loadNetText(text, 'cni.net');
        expect(diagnostics.filter((entry) => entry.severity === 1)).toEqual([]);
        expect(pingRuns.map((run) => run.holds)).not.toContain(false);
    });
});

describe.skipIf(skipKernel)(kernelTitle('imported CNI labs: the kernel and the engine agree'), () => {
    test.concurrent.each(labs)(
        '%s',
        async (_, text) => {
            requireKernel();
            const { topology, network } = await loadNetText(text, 'cni.net');
            const kernel = withoutTrailingSpaces(await measureTopology(topology));
            expect(truthDifferences(kernel, predictTruth(network, topology.pings)).map(formatDifference).join('\n')).toBe('');
        },
        300_000
    );
});
