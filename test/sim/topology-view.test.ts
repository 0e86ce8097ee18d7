import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';
import { buildGraph } from '../../client/webview/graph.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';
import { net } from '../unit/net-helpers.js';

/** The topology view of the examples: what the simulator draws, and where each thing is written. */

const examples = join(import.meta.dirname, '../../examples');

async function example(name: string): Promise<{ file: LoadedFile; lines: string[] }> {
    const text = readFileSync(join(examples, name), 'utf8');
    return { file: await loadNetText(text, name), lines: text.split('\n') };
}

/** The text a range covers, on its first line. */
const at = (lines: string[], range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    lines[range.start.line].slice(range.start.character, range.start.line === range.end.line ? range.end.character : undefined);

describe('buildTopologyView', () => {
    test('04-both-ways: two switches, three nodes, one port each per interface, both pings hold', async () => {
        const { file, lines } = await example('04-both-ways.net');
        const view = buildTopologyView(file);
        expect(view.switches.map((entry) => [entry.name, entry.subnets, at(lines, entry.range)])).toEqual([
            ['office', ['192.168.10.0/24'], 'office'],
            ['lab', ['192.168.20.0/24'], 'lab']
        ]);
        expect(view.nodes.map((node) => [node.name, node.kind, at(lines, node.range), node.forwarding])).toEqual([
            ['alice', 'host', 'alice', 'none'],
            ['gw', 'router', 'gw', 'all'],
            ['carol', 'host', 'carol', 'none']
        ]);
        expect(view.links).toEqual([
            { kind: 'switch', node: 'alice', device: 'eth0', switch: 'office' },
            { kind: 'switch', node: 'gw', device: 'eth0', switch: 'office' },
            { kind: 'switch', node: 'gw', device: 'eth1', switch: 'lab' },
            { kind: 'switch', node: 'carol', device: 'eth0', switch: 'lab' }
        ]);
        expect(view.pings.map((ping) => [ping.source, ping.targetText, ping.target, ping.holds, ping.verdict, at(lines, ping.range)])).toEqual([
            ['alice', 'carol', '192.168.20.30', true, '✓ reply, ttl=63', 'ping alice -> carol'],
            ['carol', 'alice', '192.168.10.21', true, '✓ reply, ttl=63', 'ping carol -> alice']
        ]);
    });

    test("a node carries its interfaces, both route-table forms from the engine's printers, and each route's line", async () => {
        const { file, lines } = await example('04-both-ways.net');
        const carol = buildTopologyView(file).nodes.find((node) => node.name === 'carol')!;
        const table = file.network.nodes.get('carol')!.table;
        expect(carol.ipRoute).toBe(formatIpRoutes(table));
        expect(carol.routeN).toBe(formatRouteN(table));
        expect(carol.ipRoute).toBe('192.168.10.0/24 via 192.168.20.1 dev eth0 \n192.168.20.0/24 dev eth0 proto kernel scope link src 192.168.20.30 \n');
        expect(carol.interfaces.map((iface) => [iface.name, iface.addresses, at(lines, iface.range)])).toEqual([
            ['eth0', ['192.168.20.30/24'], 'eth0 192.168.20.30/24 -- lab']
        ]);
        expect(carol.routes.map((route) => [route.text, route.range && at(lines, route.range)])).toEqual([
            ['192.168.10.0/24 via 192.168.20.1 dev eth0 ', 'route 192.168.10.0/24 via 192.168.20.1'],
            ['192.168.20.0/24 dev eth0 proto kernel scope link src 192.168.20.30 ', undefined]
        ]);
        expect(lines[carol.blockRange.start.line]).toBe('host carol {');
        expect(lines[carol.blockRange.end.line]).toBe('}');
    });

    test("03-one-way-route: the missing return route is among alice's diagnostics; the failing ping says why", async () => {
        const { file, lines } = await example('03-one-way-route.net');
        const view = buildTopologyView(file);
        const byName = new Map(view.nodes.map((node) => [node.name, node]));
        const lineOf = (text: string) => lines.findIndex((line) => line.includes(text));
        expect(byName.get('alice')!.diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.code, diagnostic.range.start.line])).toEqual([
            ['warning', 'missing-return-route', lineOf('route 192.168.20.0/24 via 192.168.10.1')]
        ]);
        // The cause is carol's: the warning on her name carries the fix.
        expect(byName.get('carol')!.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line])).toEqual([
            ['missing-return-route', lineOf('host carol')]
        ]);
        expect(byName.get('gw')!.diagnostics).toEqual([]);
        expect(view.pings[0]).toMatchObject({ holds: false, expectReply: true });
        expect(view.pings[0].verdict).toMatch(/^✗ no reply: .*carol/);
    });

    test('06/07: forwarding follows ip_forward, per interface as well', async () => {
        const six = buildTopologyView((await example('06-linux-router.net')).file).nodes.find((node) => node.name === 'mid')!;
        const seven = buildTopologyView((await example('07-linux-router-forwarding.net')).file).nodes.find((node) => node.name === 'mid')!;
        expect([six.forwarding, six.interfaceForwarding]).toEqual(['none', { eth0: false, eth1: false }]);
        expect([seven.forwarding, seven.interfaceForwarding]).toEqual(['all', { eth0: true, eth1: true }]);
        expect(seven.sysctls.map((sysctl) => [sysctl.key, sysctl.value, sysctl.range.start.line])).toEqual([['net.ipv4.ip_forward', 1, expect.any(Number)]]);
        const partly = await loadNetText(net`
            host mid {
              eth0 10.0.0.1/24
              eth1 10.0.1.1/24
              sysctl net.ipv4.conf.eth1.forwarding = 1
              sysctl net.ipv4.conf.eth1.rp_filter = 2
              sysctl net.ipv4.conf.all.send_redirects = 0
              sysctl net.ipv4.conf.eth0.send_redirects = 0
            }
        `);
        const mid = buildTopologyView(partly).nodes[0];
        expect(mid).toMatchObject({
            forwarding: 'some',
            interfaceForwarding: { eth0: false, eth1: true },
            rpFilter: { eth0: 0, eth1: 2 },
            sendRedirects: { eth0: false, eth1: true }
        });
    });

    test("a switch without a prefix shows its ports' subnets; cables are listed once", async () => {
        const file = await loadNetText(net`
            switch lan
            host a {
              eth0 10.1.0.5/24 -- lan
              eth1 10.9.0.1/30 -- b.eth0
            }
            host b {
              eth0 10.9.0.2/30 -- a.eth1
              eth1 10.2.0.6/16, 10.3.0.6/24 -- lan
            }
        `);
        const view = buildTopologyView(file);
        expect(view.switches[0].subnets).toEqual(['10.1.0.0/24', '10.2.0.0/16', '10.3.0.0/24']);
        expect(view.links).toEqual([
            { kind: 'switch', node: 'a', device: 'eth0', switch: 'lan' },
            { kind: 'cable', a: { node: 'a', device: 'eth1' }, b: { node: 'b', device: 'eth0' } },
            { kind: 'switch', node: 'b', device: 'eth1', switch: 'lan' }
        ]);
    });

    test("08-mistakes: every diagnostic of a node's block is on that node, and a broken file still gives a view", async () => {
        const { file, lines } = await example('08-mistakes.net');
        const view = buildTopologyView(file);
        const inBlocks = view.nodes.flatMap((node) =>
            node.diagnostics.map((diagnostic) => `${node.name} ${diagnostic.range.start.line + 1} ${diagnostic.code}`)
        );
        const expected = file.diagnostics.filter((diagnostic) =>
            view.nodes.some((node) => node.blockRange.start.line <= diagnostic.range.start.line && diagnostic.range.end.line <= node.blockRange.end.line)
        ).length;
        expect(inBlocks.length).toBe(expected);
        expect(inBlocks).toContain(`bob ${lines.findIndex((line) => line.includes('uplink-to-the-lab 192')) + 1} interface-name-too-long`);
        const broken = await loadNetText('switch s 10.0.0.0/24\nhost a {\n  eth0 10.0.0.1/24 -- s\n  route 10.1.0.0/16 via\n');
        expect(buildTopologyView(broken).nodes.map((node) => node.name)).toEqual(['a']);
    });

    test('an interface that is not plainly up carries its state, and the drawing labels its end with it', async () => {
        const file = await loadNetText(
            net`
                host A {
                  eth0 198.18.2.1/24 -- B.eth0 down
                  bridge br0 198.18.3.1/24 down
                }
                host B {
                  eth0 198.18.2.2/24
                }
                host C {
                  eth0 198.18.3.2/24 -- A.br0
                }
            `,
            'down.net'
        );
        const view = buildTopologyView(file);
        expect(view.nodes.flatMap((node) => node.interfaces.map((iface) => `${node.name}.${iface.name} ${iface.state ?? 'up'}`))).toEqual([
            'A.eth0 down',
            'A.br0 down',
            'B.eth0 no carrier',
            'C.eth0 bridge down'
        ]);
        const cable = buildGraph(view).edgeOf.get('A.eth0')!;
        expect([cable.sourceLabel[0], cable.targetLabel?.[0]]).toEqual(['eth0 (down)', 'eth0 (no carrier)']);
    });
});
