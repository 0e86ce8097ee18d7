import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stepVertices } from '../../client/webview/geometry.js';
import { buildGraph } from '../../client/webview/graph.js';
import { layoutGraph } from '../../client/webview/layout.js';
import { stepItems } from '../../client/webview/steps.js';
import { formatFilterRules, formatNatRules } from '../../language/src/engine/rule-format.js';
import type { PingView, TextRange } from '../../language/src/lsp/net-protocol.js';
import { loadNetText } from '../../language/src/load.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';

/**
 * Containers in the simulator's views: bridges as vertices beside their hosts, each hop through its
 * bridge, each translation and verdict with its rule and line.
 */

async function example(name: string) {
    const text = readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8');
    return { file: await loadNetText(text, name), lines: text.split('\n') };
}

const lineOf = (lines: string[], range: TextRange) => lines[range.start.line].trim();

describe('the topology view of a Docker host', () => {
    test('13-docker-bridge: the bridge with its host and addresses, a link per container, the host rules as iptables lists them', async () => {
        const { file, lines } = await example('13-docker-bridge.net');
        const view = buildTopologyView(file);
        expect(view.bridges.map((bridge) => [bridge.id, bridge.host, bridge.name, bridge.addresses, lineOf(lines, bridge.range)])).toEqual([
            ['dockerhost.docker0', 'dockerhost', 'docker0', ['172.17.0.1/16'], 'bridge docker0 172.17.0.1/16']
        ]);
        expect(view.links.filter((link) => link.kind === 'bridge')).toEqual([
            { kind: 'bridge', node: 'web', device: 'eth0', bridge: 'dockerhost.docker0' },
            { kind: 'bridge', node: 'db', device: 'eth0', bridge: 'dockerhost.docker0' }
        ]);
        const host = file.network.nodes.get('dockerhost')!.model;
        expect(view.nodes.find((node) => node.name === 'dockerhost')!.iptables).toEqual({ filter: formatFilterRules(host), nat: formatNatRules(host) });
        expect(view.nodes.find((node) => node.name === 'web')!.iptables).toBeUndefined();
    });

    test('the graph: the bridge a vertex joined to its host, each container plugged into it, laid out beside its host', async () => {
        const graph = buildGraph(buildTopologyView((await example('13-docker-bridge.net')).file));
        expect(graph.vertices.filter((vertex) => vertex.kind === 'bridge')).toMatchObject([
            { id: 'bridge:dockerhost.docker0', name: 'docker0', detail: '172.17.0.1/16' }
        ]);
        const toBridge = graph.edges.filter((edge) => edge.target === 'bridge:dockerhost.docker0').map((edge) => [edge.kind, edge.source, edge.sourceLabel]);
        expect(toBridge).toEqual([
            ['attach', 'node:dockerhost', []],
            ['port', 'node:web', ['eth0', '172.17.0.2/16']],
            ['port', 'node:db', ['eth0', '172.17.0.3/16']]
        ]);
        expect(graph.edgeOf.get('dockerhost.docker0')?.kind).toBe('attach');
        const at = layoutGraph(graph);
        const distance = (a: string, b: string) => Math.hypot(at.get(a)!.x - at.get(b)!.x, at.get(a)!.y - at.get(b)!.y);
        expect(distance('node:dockerhost', 'bridge:dockerhost.docker0')).toBeLessThan(distance('node:dockerhost', 'node:web'));
    });
});

describe("a NAT'd ping's steps", () => {
    test('web → server: each hop on the bridge goes through it; MASQUERADE on the way out and its reversal on the way back, each with the nat line', async () => {
        const { file, lines } = await example('13-docker-bridge.net');
        const view = buildPingView(file, 'web', 'server') as PingView;
        expect(stepVertices(view.steps[0])).toEqual(['node:web', 'bridge:dockerhost.docker0', 'node:dockerhost']);
        const netfilter = stepItems(view).flatMap((item) =>
            item.netfilter.map((entry) => [item.node, item.packet, entry.kind, entry.text, entry.rule, entry.range && lineOf(lines, entry.range)])
        );
        const nat = 'nat masquerade from 172.17.0.0/16 out !docker0';
        const masquerade = '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE';
        expect(netfilter).toEqual([
            ['dockerhost', 'echo-request', 'verdict', "dockerhost's FORWARD policy accepts it (state new)", '-P FORWARD ACCEPT', undefined],
            ['dockerhost', 'echo-request', 'translation', 'dockerhost rewrites the source 172.17.0.2 → 192.168.10.10 (MASQUERADE)', masquerade, nat],
            [
                'dockerhost',
                'echo-reply',
                'translation',
                'dockerhost rewrites the destination 192.168.10.10 → 172.17.0.2 (conntrack undoes MASQUERADE)',
                masquerade,
                nat
            ],
            ['dockerhost', 'echo-reply', 'verdict', "dockerhost's FORWARD policy accepts it (state established)", '-P FORWARD ACCEPT', undefined]
        ]);
        const back = view.steps.find((step) => step.node === 'dockerhost' && step.packet === 'echo-reply')!;
        expect(stepVertices(back)).toEqual(['node:dockerhost', 'bridge:dockerhost.docker0', 'node:web']);
    });

    test('14: the rule that accepts, and the policy line that drops, each linked to its line', async () => {
        const { file, lines } = await example('14-docker-forward-drop.net');
        const out = buildPingView(file, 'web', 'server') as PingView;
        const accepted = out.steps.find((step) => step.node === 'dockerhost')!.netfilter!.find((entry) => entry.kind === 'verdict')!;
        expect([accepted.rule, lineOf(lines, accepted.range!)]).toEqual([
            '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
            'filter forward accept in docker0 out !docker0'
        ]);
        const dropped = (buildPingView(file, 'alice', 'web') as PingView).steps.at(-1)!.netfilter!;
        expect(dropped.map((entry) => [entry.text, entry.rule, lineOf(lines, entry.range!)])).toEqual([
            ["dockerhost's FORWARD policy drops it (state new)", '-P FORWARD DROP', 'filter forward policy drop']
        ]);
    });
});
