import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readLabFolder } from '../../language/src/cli/lab-folder.js';
import type { ImportResult } from '../../language/src/import/commands-import.js';
import { importContainerlab } from '../../language/src/import/containerlab-import.js';
import { importKathara } from '../../language/src/import/kathara-import.js';
import { printNet } from '../../language/src/import/net-printer.js';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureTopology } from '../../language/src/kernel/lab.js';
import { loadNetText } from '../../language/src/load.js';
import { labAddresses } from './example-addresses.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * Public labs imported (`import kathara`, `import containerlab`: test/fixtures/kathara/NAME and
 * test/fixtures/containerlab, cited in their SOURCE.md) and built on the real kernel, the way
 * examples.test.ts builds an example: moved into 198.18.0.0/15, every ping run, the route tables
 * read; the engine must predict all of it. A lab's files hold no pings (Kathará's and containerlab's
 * checks are by hand), so the test appends them to the imported text: from each chosen machine to
 * every other machine that has an address (`ping A -> B`, B's first address). The expectation
 * (reply or not) does not matter here: kernel and engine must agree on what ping prints.
 */
const fixtures = join(import.meta.dirname, '../fixtures');

interface Lab {
    readonly name: string;
    readonly load: () => Promise<ImportResult>;
    /** The machines the pings start from; all of them when absent (a lab of ten takes its edge hosts). */
    readonly sources?: readonly string[];
}

const kathara = (name: string, sources?: string[]): Lab => ({
    name: `kathara ${name}`,
    load: async () => importKathara(await readLabFolder(join(fixtures, 'kathara', name))),
    sources
});
const containerlab = (file: string): Lab => ({
    name: `containerlab ${file}`,
    load: async () => importContainerlab(readFileSync(join(fixtures, 'containerlab', file), 'utf8'), file)
});

const labs: readonly Lab[] = [
    kathara('arp'),
    kathara('bgp-stub-as-static'),
    kathara('alien', ['pc1', 'pc3', 'as4']),
    containerlab('netns-basics.clab.yml'),
    containerlab('frr01.clab.yml')
];

/** The imported text with pings appended: each source to every other machine with an address. */
async function withPings(lab: Lab): Promise<string> {
    const { topology, problems, header } = await lab.load();
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const addressed = topology.nodes.filter((node) => node.interfaces.some((iface) => iface.addresses.length > 0)).map((node) => node.name);
    const sources = lab.sources ?? addressed;
    const pings = sources.flatMap((source) => addressed.filter((target) => target !== source).map((target) => `ping ${source} -> ${target}`));
    return `${printNet(topology, header)}\n${pings.join('\n')}\n`;
}

describe.skipIf(skipKernel)(kernelTitle('imported public labs: the kernel and the engine agree'), () => {
    test.concurrent.each(labs.map((lab) => [lab.name, lab] as const))(
        '%s',
        async (_, lab) => {
            requireKernel();
            const moved = labAddresses(await withPings(lab));
            const { topology, network } = await loadNetText(moved.text, `${lab.name}.net`);
            expect(topology.pings.length).toBeGreaterThan(0);
            const kernel = withoutTrailingSpaces(await measureTopology(topology));
            const differences = truthDifferences(kernel, predictTruth(network, topology.pings)).map(formatDifference);
            expect(differences.map(moved.back).join('\n')).toBe('');
        },
        300_000
    );
});
