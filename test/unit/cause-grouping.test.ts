import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { reportCauses } from '../../language/src/checks/cause-report.js';
import { causeKey, causeOf } from '../../language/src/checks/causes.js';
import { pinged } from '../../language/src/engine/name-ping.js';
import { runPings } from '../../language/src/checks/ping-checks.js';
import { analyzeRoutes } from '../../language/src/checks/route-analysis.js';
import { forwardingGateways } from '../../language/src/checks/topology-checks.js';
import { loadNetText } from '../../language/src/load.js';
import { faultLab, type LabOptions } from '../support/fault-labs.js';
import { randomTopology } from '../kernel/random-topology.js';
import { codeOf } from './net-helpers.js';

/**
 * Diagnostics follow the causes, not the size of the network: generated labs of several shapes
 * and sizes, with known mistakes, get about one diagnostic per mistake, on the router that has it,
 * with its fix; and the grouped report loses no cause the per-route simulation finds, nor invents one.
 */

const ANALYSIS_CODES = new Set(['missing-return-route', 'unreachable-destination', 'gateway-not-forwarding']);

const shapes: { name: string; options: Omit<LabOptions, 'lans' | 'hostsPerLan'> }[] = [
    { name: 'star, missing default routes and forwarding off', options: { shape: 'star', faults: { 'missing-default': 2, 'forwarding-off': 1 }, seed: 3 } },
    { name: 'star, a missing return route on the core', options: { shape: 'star', faults: { 'missing-route': 1 }, seed: 4 } },
    { name: 'mesh, missing routes and forwarding off', options: { shape: 'mesh', faults: { 'missing-route': 2, 'forwarding-off': 1 }, seed: 5 } },
    { name: 'chain, missing routes and forwarding off', options: { shape: 'chain', faults: { 'missing-route': 2, 'forwarding-off': 1 }, seed: 6 } }
];
const sizes = [
    { lans: 5, hostsPerLan: 4 },
    { lans: 12, hostsPerLan: 15 },
    { lans: 30, hostsPerLan: 30 }
];

describe.each(shapes)('$name', ({ options }) => {
    test.each(sizes)('$lans LANs of $hostsPerLan hosts: a diagnostic or a few per mistake, each on its router with its fix', async (size) => {
        const lab = faultLab({ ...options, ...size });
        const { diagnostics } = await loadNetText(lab.text, 'lab.net');
        const analysis = diagnostics.filter((diagnostic) => ANALYSIS_CODES.has(codeOf(diagnostic)));
        expect(diagnostics.filter((diagnostic) => !ANALYSIS_CODES.has(codeOf(diagnostic)) && codeOf(diagnostic) !== 'ping-expectation')).toEqual([]);
        expect(analysis.length).toBeLessThanOrEqual(5 * lab.faults.length);
        if (size.hostsPerLan > 10) expect(analysis.length).toBe(lab.faults.length);
        for (const fault of lab.faults) {
            const onRouter = analysis.filter((diagnostic) => diagnostic.message.startsWith(`${fault.router} `));
            expect(onRouter, `the diagnostic for ${fault.kind} on ${fault.router}`).toHaveLength(1);
            expect(onRouter[0].message).toMatch(new RegExp(`; fix: (add|set) \`(route|sysctl) .*\` (to|on) ${fault.router}\\b`));
        }
    });
});

/**
 * Cause keys from the simulation, unreduced: every node on its own, every failed ping, every route via a gateway that does not
 * forward, every `ping` line refused at connect.
 */
async function ungroupedCauses(text: string): Promise<Set<string>> {
    const { network } = await loadNetText(text);
    const keys = new Set<string>();
    for (const effect of analyzeRoutes(network, { reuse: false }).effects) {
        const cause = effect.cause;
        const ownGateway = cause.kind === 'arp-failed' && cause.node === effect.node.model.name && cause.nextHop === effect.route.gateway;
        if (!ownGateway) keys.add(causeKey(cause));
    }
    for (const gateway of forwardingGateways(network))
        keys.add(causeKey({ kind: 'forwarding-off', node: gateway.gateway.model.name, setting: gateway.setting }));
    // Found by `ping` lines alone: one that expects a reply and is refused at connect (its pinger has no route there, which
    // no route line shows), and an interface that is down (the routes it would have went with it).
    for (const run of runPings(network)) {
        if (!pinged(run.result) || run.result.reply) continue;
        const found = causeOf(run.result, network);
        const refused = run.result.failure?.stage === 'connect' && run.ping.expectReply;
        if (found && (refused || found.cause.kind === 'link-down')) keys.add(causeKey(found.cause));
    }
    return keys;
}

async function groupedCauses(text: string): Promise<Set<string>> {
    const { network } = await loadNetText(text);
    return new Set(reportCauses(network, analyzeRoutes(network), runPings(network)).map((finding) => finding.cause!));
}

const examples = join(import.meta.dirname, '../../examples');
const cases = [
    ...readdirSync(examples)
        .filter((file) => file.endsWith('.net'))
        .map((file) => ({ name: file, text: readFileSync(join(examples, file), 'utf8') })),
    ...Array.from({ length: 40 }, (_, index) => ({ name: `random seed ${index + 2000}`, text: randomTopology(index + 2000) })),
    ...shapes.map(({ name, options }) => ({ name: `${name}, 8 LANs of 6`, text: faultLab({ ...options, lans: 8, hostsPerLan: 6 }).text }))
];

test.each(cases)('$name: the grouped report has exactly the causes of the per-route simulation', async ({ text }) => {
    expect([...(await groupedCauses(text))].sort()).toEqual([...(await ungroupedCauses(text))].sort());
});
