import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadNetText } from '../../language/src/load.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';
import type { PingView, TopologyView } from '../../language/src/lsp/net-protocol.js';
import { packetPosition, stepVertices, alongPolyline } from '../../client/webview/geometry.js';
import { buildGraph, type Graph } from '../../client/webview/graph.js';
import { layoutGraph, RADIUS } from '../../client/webview/layout.js';
import { advance, isFinished, pause, play, seek, startPlayer, stepBack, stepForward, STEP_MS } from '../../client/webview/ping-player.js';
import { listEnd, stepItems } from '../../client/webview/steps.js';
import { boundsOf, fitTransform, toWorld, zoomAt } from '../../client/webview/view-transform.js';
import { generateTopology } from '../../scripts/bench-topology.js';

/** The webview's state logic, in Node: the graph and layout from real topology views, the step list and player from real pings. */

const examples = join(import.meta.dirname, '../../examples');

async function topologyOf(name: string): Promise<TopologyView> {
    return buildTopologyView(await loadNetText(readFileSync(join(examples, name), 'utf8'), name));
}

async function pingOf(name: string, source: string, target: string): Promise<PingView> {
    const file = await loadNetText(readFileSync(join(examples, name), 'utf8'), name);
    const view = buildPingView(file, source, target);
    if ('error' in view) throw new Error(view.error);
    return view;
}

describe('the graph', () => {
    test('05-default-gateway: a vertex per node and switch, an edge per port, labelled with interface and addresses, tinted by switch', async () => {
        const graph = buildGraph(await topologyOf('05-default-gateway.net'));
        expect(graph.vertices.map((vertex) => `${vertex.id} ${vertex.kind}${vertex.detail ? ` (${vertex.detail})` : ''}`)).toEqual([
            'node:alice host',
            'node:carol host',
            'node:gw router',
            'node:server host',
            'switch:office switch (192.168.10.0/24)',
            'switch:lab switch (192.168.20.0/24)',
            'switch:uplink switch (203.0.113.0/24)'
        ]);
        expect(graph.edges.map((edge) => `${edge.source}-${edge.target} ${edge.sourceLabel.join(' ')} tint ${edge.tint}`)).toEqual([
            'node:alice-switch:office eth0 192.168.10.21/24 tint 0',
            'node:carol-switch:lab eth0 192.168.20.30/24 tint 1',
            'node:gw-switch:office eth0 192.168.10.1/24 tint 0',
            'node:gw-switch:lab eth1 192.168.20.1/24 tint 1',
            'node:gw-switch:uplink eth2 203.0.113.1/24 tint 2',
            'node:server-switch:uplink eth0 203.0.113.80/24 tint 2'
        ]);
        expect(stepVertices((await pingOf('05-default-gateway.net', 'alice', 'gw')).steps[0])).toEqual(['node:alice', 'switch:office', 'node:gw']);
    });

    test('09-routing-loop: a cable is one edge labelled at both ends; hops along it go straight', async () => {
        const graph = buildGraph(await topologyOf('09-routing-loop.net'));
        const cable = graph.edges.find((edge) => edge.kind === 'cable')!;
        expect([cable.source, cable.target, cable.sourceLabel, cable.targetLabel]).toEqual([
            'node:edge',
            'node:core',
            ['eth1', '192.168.30.1/30'],
            ['eth0', '192.168.30.2/30']
        ]);
        expect(stepVertices((await pingOf('09-routing-loop.net', 'core', 'edge')).steps[0])).toEqual(['node:core', 'node:edge']);
    });

    test('08-mistakes: the worst diagnostic marks a node; two ports of one node on one switch bow apart; forwarding that differs from the kind is said', async () => {
        const view = await topologyOf('08-mistakes.net');
        const graph = buildGraph(view);
        const severity = Object.fromEntries(graph.vertices.map((vertex) => [vertex.name, vertex.severity ?? null]));
        expect(severity).toEqual({ alice: 'error', gw: null, bob: 'error', eve: 'warning', office: null });
        const bobPorts = graph.edges.filter((edge) => edge.source === 'node:bob');
        expect(bobPorts.map((edge) => edge.bend)).toEqual([-0.5, 0.5]);
        const seven = buildGraph(await topologyOf('07-linux-router-forwarding.net'));
        expect(seven.vertices.find((vertex) => vertex.name === 'mid')!.detail).toBe('forwards');
    });
});

describe('the layout', () => {
    const minimumGap = (graph: Graph, positions: ReturnType<typeof layoutGraph>) => {
        let worst = Infinity;
        for (const a of graph.vertices) {
            for (const b of graph.vertices) {
                if (a.id >= b.id) continue;
                const pa = positions.get(a.id)!;
                const pb = positions.get(b.id)!;
                worst = Math.min(worst, Math.hypot(pa.x - pb.x, pa.y - pb.y) - RADIUS[a.kind] - RADIUS[b.kind]);
            }
        }
        return worst;
    };

    test('every example: every vertex placed, none on top of another, the same picture every time', async () => {
        for (const name of ['01-one-switch.net', '05-default-gateway.net', '08-mistakes.net', '09-routing-loop.net', '10-rp-filter.net', '12-redirect.net']) {
            const graph = buildGraph(await topologyOf(name));
            const positions = layoutGraph(graph);
            expect([...positions.keys()].sort(), name).toEqual(graph.vertices.map((vertex) => vertex.id).sort());
            expect(minimumGap(graph, positions), name).toBeGreaterThan(0);
            expect(layoutGraph(graph), name).toEqual(positions);
        }
    });

    test('a 200-node file (10 LANs behind routers on a core switch) is laid out without overlaps, each LAN around its switch', async () => {
        const file = await loadNetText(generateTopology({ hosts: 190, perLan: 19, pings: 20 }).text);
        const graph = buildGraph(buildTopologyView(file));
        expect(graph.vertices.length).toBe(211);
        const positions = layoutGraph(graph);
        expect(minimumGap(graph, positions)).toBeGreaterThan(-10);
        // Hosts sit nearer their own LAN's switch than any other switch (all but a few, where LANs meet at the core).
        const switches = graph.vertices.filter((vertex) => vertex.kind === 'switch' && vertex.name !== 'core');
        let nearest = 0;
        for (const host of graph.vertices.filter((vertex) => vertex.kind === 'host')) {
            const lan = graph.edges.find((edge) => edge.source === host.id)!.target;
            const at = positions.get(host.id)!;
            const closest = switches.reduce(
                (best, candidate) => {
                    const p = positions.get(candidate.id)!;
                    const d = Math.hypot(p.x - at.x, p.y - at.y);
                    return d < best.d ? { id: candidate.id, d } : best;
                },
                { id: '', d: Infinity }
            );
            if (closest.id === lan) nearest++;
        }
        expect(nearest).toBeGreaterThanOrEqual(180);
    });

    test("after an edit, placed vertices stay put (the user's drags above all) and new ones come in beside their neighbours", async () => {
        const before = buildGraph(await topologyOf('04-both-ways.net'));
        const positions = new Map(layoutGraph(before));
        positions.set('node:carol', { x: 999, y: -999, pinned: true });
        const after = buildGraph(await topologyOf('05-default-gateway.net'));
        const next = layoutGraph(after, positions);
        for (const id of ['node:alice', 'node:gw', 'switch:office', 'switch:lab']) expect(next.get(id)).toEqual(positions.get(id));
        expect(next.get('node:carol')).toEqual({ x: 999, y: -999, pinned: true });
        const uplink = next.get('switch:uplink')!;
        const gw = next.get('node:gw')!;
        expect(Math.hypot(uplink.x - gw.x, uplink.y - gw.y)).toBeLessThan(600);
        // Nothing new: nothing moves.
        expect(layoutGraph(after, next)).toEqual(next);
    });
});

describe('the step list', () => {
    test("03-one-way-route: a title per decision, the kernel's words, the stop on carol; the list ends with ping's lines and says it prints nothing for the packet", async () => {
        const view = await pingOf('03-one-way-route.net', 'alice', 'carol');
        const items = stepItems(view);
        expect(items.map((item) => item.title)).toEqual([
            'alice sends the echo request',
            'gw forwards the echo request',
            'carol receives the echo request',
            'carol drops the echo reply'
        ]);
        expect(items[0].packetLine).toBe('192.168.10.21 → 192.168.20.30, ttl 64');
        const lines = readFileSync(join(examples, '03-one-way-route.net'), 'utf8').split('\n');
        expect(items[0].routeRange?.start.line).toBe(lines.indexOf('  route 192.168.20.0/24 via 192.168.10.1'));
        expect(items.map((item) => item.stop)).toEqual([undefined, undefined, undefined, 'carol has no route to 192.168.10.21']);
        const end = listEnd(view);
        expect(end.transcript).toEqual(view.transcript);
        expect(end.transcript[0]).toBe('PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.');
        expect(end.note).toMatch(/ping prints nothing/);
        expect(listEnd(await pingOf('04-both-ways.net', 'alice', 'carol')).note).toBeUndefined();
    });

    test('12-redirect: the redirect shows as its own packet', async () => {
        const items = stepItems(await pingOf('12-redirect.net', 'alice', 'carol'));
        expect(items.some((item) => item.packet === 'redirect')).toBe(true);
    });
});

describe('the player', () => {
    test('plays step after step at its speed, stops at the end, replays from the start', () => {
        let state = startPlayer(3);
        expect(state).toMatchObject({ index: 0, progress: 0, playing: true });
        state = advance(state, STEP_MS * 1.5);
        expect(state).toMatchObject({ index: 1, progress: 0.5 });
        state = advance({ ...state, speed: 2 }, STEP_MS / 2);
        expect(state).toMatchObject({ index: 2, progress: 0.5 });
        state = advance(state, STEP_MS * 10);
        expect(state).toMatchObject({ index: 2, progress: 1, playing: false });
        expect(isFinished(state)).toBe(true);
        expect(play(state)).toMatchObject({ index: 0, progress: 0, playing: true });
    });

    test('pauses, steps forward and back (each step shown complete), seeks', () => {
        let state = pause(advance(startPlayer(4), STEP_MS * 0.3));
        expect(advance(state, STEP_MS)).toEqual(state);
        state = stepForward(state);
        expect(state).toMatchObject({ index: 0, progress: 1 });
        state = stepForward(state);
        expect(state).toMatchObject({ index: 1, progress: 1 });
        state = stepBack(stepBack(stepBack(state)));
        expect(state).toMatchObject({ index: 0, progress: 1 });
        expect(seek(state, 9)).toMatchObject({ index: 3, progress: 1, playing: false });
        expect(isFinished(startPlayer(0))).toBe(true);
    });
});

describe('geometry', () => {
    test('a packet moves along its hop through the switch, by length', async () => {
        const view = await pingOf('04-both-ways.net', 'alice', 'carol');
        const positions = new Map([
            ['node:alice', { x: 0, y: 0 }],
            ['switch:office', { x: 100, y: 0 }],
            ['node:gw', { x: 100, y: 300 }]
        ]);
        const first = view.steps[0];
        expect(stepVertices(first)).toEqual(['node:alice', 'switch:office', 'node:gw']);
        expect(packetPosition(positions, first, 0)).toEqual({ x: 0, y: 0 });
        expect(packetPosition(positions, first, 0.25)).toEqual({ x: 100, y: 0 });
        expect(packetPosition(positions, first, 0.5)).toEqual({ x: 100, y: 100 });
        expect(packetPosition(positions, first, 1)).toEqual({ x: 100, y: 300 });
        expect(alongPolyline([{ x: 5, y: 5 }], 0.7)).toEqual({ x: 5, y: 5 });
    });

    test('fit shows the whole box centred; zooming keeps the point under the pointer', () => {
        const box = boundsOf(
            [
                { x: 0, y: 0 },
                { x: 400, y: 200 }
            ],
            0
        );
        const fit = fitTransform(box, 800, 800);
        expect(fit).toEqual({ k: 1.5, x: 100, y: 250 });
        const zoomed = zoomAt(fit, 2, { x: 300, y: 300 });
        expect(toWorld(zoomed, { x: 300, y: 300 })).toEqual(toWorld(fit, { x: 300, y: 300 }));
    });
});
