import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { causeKey } from '../../language/src/checks/causes.js';
import { analyzeRoutes } from '../../language/src/checks/route-analysis.js';
import { loadNetText } from '../../language/src/load.js';
import { generateTopology } from '../../scripts/bench-topology.js';
import { randomTopology } from '../kernel/random-topology.js';

/**
 * Route analysis reuses one node's simulations for the nodes the network cannot tell apart from
 * it. That must never change a finding: with and without reuse, the findings are the same.
 */
const examples = join(import.meta.dirname, '../../examples');
const cases = [
    ...readdirSync(examples)
        .filter((file) => file.endsWith('.net'))
        .map((file) => ({ name: file, text: () => readFileSync(join(examples, file), 'utf8') })),
    ...Array.from({ length: 40 }, (_, index) => ({ name: `random seed ${index + 1000}`, text: () => randomTopology(index + 1000) })),
    // Many identical hosts behind routers, some routes left out: where reuse does most of the work.
    { name: 'benchmark lab of 400 hosts', text: () => generateTopology({ hosts: 400, perLan: 40, missingRoutes: 3 }).text }
];

test.each(cases)('$name: the same findings with and without reuse', async ({ text }) => {
    const { network } = await loadNetText(text());
    const summary = (analysis: ReturnType<typeof analyzeRoutes>) =>
        analysis.effects.map(
            (effect) => `${effect.node.model.name} ${effect.route.spec!.text} -> ${effect.destination}: ${effect.stage} ${causeKey(effect.cause)}`
        );
    expect(summary(analyzeRoutes(network))).toEqual(summary(analyzeRoutes(network, { reuse: false })));
});

test('identical hosts on a LAN share one cause: one diagnostic on the router, a pointer on each of a few route lines', async () => {
    const lan = (count: number) =>
        Array.from({ length: count }, (_, index) => `host h${index} {\n  eth0 198.18.1.${index + 10}/24 -- lan\n  route default via 198.18.1.1\n}`);
    const text = (count: number) =>
        [
            'switch lan 198.18.1.0/24',
            'switch far 198.18.2.0/24',
            'router R {\n  eth0 198.18.1.1/24 -- lan\n  eth1 198.18.2.1/24 -- far\n}',
            'host F {\n  eth0 198.18.2.10/24 -- far\n}',
            ...lan(count)
        ].join('\n');
    const few = (await loadNetText(text(3))).diagnostics.filter((diagnostic) => diagnostic.code === 'missing-return-route');
    expect(few.map((diagnostic) => diagnostic.message.match(/back to (h\d)/)?.[1] ?? diagnostic.message.slice(0, 26))).toEqual([
        'F has no route to 198.18.1',
        'h0',
        'h1',
        'h2'
    ]);
    const many = (await loadNetText(text(40))).diagnostics.filter((diagnostic) => diagnostic.code === 'missing-return-route');
    expect(many).toHaveLength(1);
    expect(many[0].message).toMatch(
        /^F has no route to 198\.18\.1\.0\/24 \(41 nodes\): pings from 40 nodes in 198\.18\.1\.0\/24 to 198\.18\.2\.10 \(F\) get no reply/
    );
    expect(many[0].relatedInformation).toHaveLength(8);
});

test('a part of the lab no cable joins to the rest is no route fault: no finding, while the ping still says why', async () => {
    const text = [
        'router gw {\n  eth0 198.18.1.1/24 -- lan\n}',
        'switch lan 198.18.1.0/24',
        'host a {\n  eth0 198.18.1.10/24 -- lan\n  route default via 198.18.1.1\n}',
        // A pair of its own: no cable or switch joins it to gw, a and the lan.
        'host red {\n  veth0 198.18.9.1/24 -- blue.veth0\n}',
        'host blue {\n  veth0 198.18.9.2/24\n}',
        'ping a -> 198.18.9.2'
    ].join('\n');
    const file = await loadNetText(text);
    expect(analyzeRoutes(file.network).effects).toEqual([]);
    expect(file.diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`)).toEqual([
        expect.stringMatching(/^ping-expectation: .*gw has no route to 198\.18\.9\.2.*Destination Net Unreachable/)
    ]);
});
