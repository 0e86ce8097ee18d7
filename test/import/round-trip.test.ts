import { describe, expect, test } from 'vitest';
import { importCommands } from '../../language/src/import/commands-import.js';
import { printNet } from '../../language/src/import/net-printer.js';
import { netnsScript } from '../../language/src/kernel/netns-script.js';
import { loadNetText } from '../../language/src/load.js';
import type { Topology } from '../../language/src/model/topology.js';
import { randomContainerLab } from '../kernel/random-containers.js';
import { randomTopology } from '../kernel/random-topology.js';

/**
 * The round trip of issue 14: a generated lab, exported as the netns script `nettopo export`
 * writes, imported back with `import commands`, is the same lab. Compared as `.net` text printed
 * from both models by the one printer, after the namespace names are mapped back to node names
 * (the export prefixes them: PREFIX-n-NODE, PREFIX-s-SWITCH).
 */
const prefix = 'rt';
const seeds = Array.from({ length: 25 }, (_, index) => index + 1);

async function roundTrip(text: string): Promise<{ exported: string; imported: string; problems: string[] }> {
    const { topology } = await loadNetText(text, 'random.net');
    const script = netnsScript(topology, { prefix });
    const result = importCommands(script, 'export.sh');
    const names = (printed: string) => printed.replaceAll(`${prefix}-n-`, '').replaceAll(`${prefix}-s-`, '');
    return {
        exported: printNet(canonical(topology)),
        imported: names(printNet(canonical(result.topology))),
        problems: result.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.line}: ${problem.command}: ${problem.message}`)
    };
}

/**
 * What a script can say: nodes, switches and interfaces in name order (the script creates them in
 * its own order), switches without the prefix a `.net` declares for checking (no kernel state),
 * no pings (the export runs none); a `router` as the `host` with forwarding on it is to the kernel.
 */
function canonical(topology: Topology): Topology {
    const byName = <T extends { name: string }>(items: readonly T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
    return {
        switches: byName(topology.switches).map(({ name }) => ({ name })),
        nodes: byName(topology.nodes).map((node) => ({
            ...node,
            kind: 'host',
            sysctls: node.kind === 'router' ? [{ key: 'net.ipv4.ip_forward', value: 1 }, ...node.sysctls] : node.sysctls,
            interfaces: byName(node.interfaces)
        })),
        pings: []
    };
}

describe('export → import commands gives the same topology', () => {
    test.each(seeds)('random routed lab, seed %i', async (seed) => {
        const { exported, imported, problems } = await roundTrip(randomTopology(seed));
        expect(problems).toEqual([]);
        expect(imported).toBe(exported);
    });
    test.each(seeds)('random container lab, seed %i', async (seed) => {
        const { exported, imported, problems } = await roundTrip(randomContainerLab(seed));
        expect(problems).toEqual([]);
        expect(imported).toBe(exported);
    });
});

test('a `down` interface and a `down` bridge come back down: the script never sets them up', async () => {
    const { exported, imported, problems } = await roundTrip(
        [
            'switch lan',
            'host A {',
            '  eth0 198.18.1.1/24 -- lan down',
            '  eth1 198.18.2.1/24 -- B.eth0',
            '  bridge br0 198.18.3.1/24 down',
            '}',
            'host B {',
            '  eth0 198.18.2.2/24 down',
            '}',
            'host C {',
            '  eth0 198.18.3.2/24 -- A.br0',
            '}'
        ].join('\n') + '\n'
    );
    expect(problems).toEqual([]);
    expect(exported).toContain('  eth0 198.18.1.1/24 -- lan down\n');
    expect(exported).toContain('  bridge br0 198.18.3.1/24 down\n');
    expect(imported).toBe(exported);
});
