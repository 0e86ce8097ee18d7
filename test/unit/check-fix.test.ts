import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { runPings, type PingRun } from '../../language/src/checks/ping-checks.js';
import type { Network } from '../../language/src/engine/network.js';
import { simulatePing } from '../../language/src/engine/ping.js';
import { fixText } from '../../language/src/fixes/fix-text.js';
import { loadNetText } from '../../language/src/load.js';
import { faultLab, type LabOptions } from '../support/fault-labs.js';
import { randomContainerLab } from '../kernel/random-containers.js';
import { randomTopology } from '../kernel/random-topology.js';
import { codeOf } from './net-helpers.js';

/**
 * `check --fix`, round trip: fix, check again. On the generated labs and the examples no route
 * analysis finding is left and every `ping` expectation holds (files that expect some ping to
 * fail excepted: fixing the network may well make it reply); everywhere, comments stay and no
 * ping that replied before the fixes stops replying.
 */

const ANALYSIS_CODES = new Set(['missing-return-route', 'unreachable-destination', 'gateway-not-forwarding']);

const labs: { name: string; options: LabOptions }[] = [
    {
        name: 'star 6x4, missing defaults, forwarding off',
        options: { shape: 'star', lans: 6, hostsPerLan: 4, faults: { 'missing-default': 2, 'forwarding-off': 1 }, seed: 11 }
    },
    {
        name: 'star 25x20, missing defaults, a core route, forwarding off',
        options: { shape: 'star', lans: 25, hostsPerLan: 20, faults: { 'missing-default': 3, 'missing-route': 1, 'forwarding-off': 1 }, seed: 12 }
    },
    { name: 'mesh 6x4', options: { shape: 'mesh', lans: 6, hostsPerLan: 4, faults: { 'missing-route': 2, 'forwarding-off': 1 }, seed: 13 } },
    { name: 'mesh 20x10', options: { shape: 'mesh', lans: 20, hostsPerLan: 10, faults: { 'missing-route': 3, 'forwarding-off': 2 }, seed: 14 } },
    { name: 'chain 6x4', options: { shape: 'chain', lans: 6, hostsPerLan: 4, faults: { 'missing-route': 2, 'forwarding-off': 1 }, seed: 15 } },
    {
        name: 'chain 16x8, faults next to each other',
        options: { shape: 'chain', lans: 16, hostsPerLan: 8, faults: { 'missing-route': 4, 'forwarding-off': 3 }, seed: 16 }
    }
];
const examples = join(import.meta.dirname, '../../examples');
const netFiles = (folder: string) =>
    readdirSync(join(examples, folder))
        .filter((file) => file.endsWith('.net'))
        .map((file) => join(folder, file));
/** Our own examples and the public labs of examples/real. */
const exampleFiles = [...netFiles('.'), ...netFiles('real')];

const comments = (text: string) => [...text.matchAll(/#[^\r\n]*/g)].map((match) => match[0]);

/** Every node pinging every interface address: which of them reply. */
function replying(network: Network): Set<string> {
    const addresses = [...new Set(network.topology.nodes.flatMap((node) => node.interfaces.flatMap((iface) => iface.addresses.map((entry) => entry.address))))];
    const sources = network.topology.nodes.filter((_, index) => network.topology.nodes.length < 200 || index % 7 === 0);
    const replies = new Set<string>();
    for (const source of sources)
        for (const address of addresses) if (simulatePing(network, source.name, address).reply) replies.add(`${source.name}>${address}`);
    return replies;
}

async function roundTrip(text: string, strict: boolean): Promise<void> {
    const before = await loadNetText(text, 'lab.net');
    const fixed = await fixText(text, 'lab.net');
    expect(comments(fixed.text), 'every comment is kept').toEqual(comments(text));
    const after = replying(fixed.file.network);
    const broken = [...replying(before.network)].filter((pair) => !after.has(pair));
    expect(broken, 'pings that replied before the fixes and no longer do').toEqual([]);
    if (!strict) return;
    expect(fixed.applied.length).toBeGreaterThan(0);
    // A cause every `ping` of which is marked `fails` is meant (an isolation): a note, with no fix, that stays.
    const acknowledged = (diagnostic: Diagnostic) => diagnostic.severity === DiagnosticSeverity.Information;
    expect(
        fixed.file.diagnostics
            .filter((diagnostic) => ANALYSIS_CODES.has(codeOf(diagnostic)) && !acknowledged(diagnostic))
            .map((diagnostic) => diagnostic.message),
        'findings left'
    ).toEqual([]);
    if (!/\bfails\b/.test(text.replace(/#[^\n]*/g, ''))) {
        // A ping to an address nobody holds (the random labs ping some) cannot reply, whatever the fixes.
        const held = (run: PingRun) => run.result.target === undefined || fixed.file.network.owners.has(run.result.target);
        expect(
            runPings(fixed.file.network)
                .filter((run) => !run.holds && held(run))
                .map((run) => `${run.ping.source} -> ${run.ping.targetText}`),
            'expectations that do not hold'
        ).toEqual([]);
    }
}

describe('generated labs: fixed, clean, every ping replying', () => {
    test.each(labs)('$name', async ({ options }) => {
        const lab = faultLab(options);
        await roundTrip(lab.text, true);
        const fixed = await fixText(lab.text, 'lab.net');
        // One fix per mistake; no route-by-route repairs.
        expect(fixed.applied.length).toBe(lab.faults.length);
    });
});

/** The round trip, strict where the file has route analysis findings to fix. */
async function checkedRoundTrip(text: string, name: string): Promise<void> {
    const before = await loadNetText(text, name);
    await roundTrip(
        text,
        before.diagnostics.some((diagnostic) => ANALYSIS_CODES.has(codeOf(diagnostic)) && diagnostic.severity !== DiagnosticSeverity.Information)
    );
}

describe('examples', () => {
    test.each(exampleFiles)('%s', async (file) => checkedRoundTrip(readFileSync(join(examples, file), 'utf8'), file));
});

// Routes back to container subnets behind several routers need fixes on more than one node, round after round.
describe('random container labs: fixed, clean, every ping to a held address replying', () => {
    test.each(Array.from({ length: 20 }, (_, index) => 5000 + index))('seed %i', async (seed) => checkedRoundTrip(randomContainerLab(seed), 'lab.net'));
});

describe('random topologies: fixes never break a ping that replied', () => {
    test.each(Array.from({ length: 30 }, (_, index) => 3000 + index))('seed %i', async (seed) => {
        await roundTrip(randomTopology(seed), false);
    });
});
