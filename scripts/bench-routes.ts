// A full-size route table (issue 15): a million Internet-like routes on one router, configured as
// `ip route add` would (buildRouteTable), then lookups per second on random addresses, beside
// the structure the table had before (a map per prefix length, probed longest first) and the
// naive linear scan over every route (capped, then extrapolated). Both baselines live here only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatIpv4, formatPrefix, networkOf } from '../language/src/address/ipv4.js';
import { parseRouteDump } from '../language/src/model/route-dump.js';
import { loadTexts } from '../language/src/cli/cli-support.js';
import { emptyNode, type NodeModel, type RouteSpec } from '../language/src/model/topology.js';
import { buildRouteTable, type RouteEntry } from '../language/src/engine/route-table.js';
import { prng } from '../test/support/prng.js';

const ROUTES = 1_000_000;
const LOOKUPS = 10_000_000;
/** How long the linear scan runs before its rate is extrapolated. */
const NAIVE_CAP_MS = 3_000;

/**
 * Prefix lengths in the shares of a full IPv4 BGP table (about 60% /24s, most of the rest /16–/23,
 * a few shorter), plus 1% /32s as an operator's own table adds them.
 */
const LENGTH_SHARES: readonly [number, number][] = [
    [8, 0.0001],
    [12, 0.002],
    [14, 0.004],
    [15, 0.004],
    [16, 0.014],
    [17, 0.01],
    [18, 0.017],
    [19, 0.03],
    [20, 0.045],
    [21, 0.05],
    [22, 0.12],
    [23, 0.1],
    [24, 0.5939],
    [32, 0.01]
];

type Format = { ms: (value: number) => string; mib: (bytes: number) => string; count: (value: number) => string };

export function benchRoutes(table: (header: string[], rows: string[][]) => string, gc: (() => void) | undefined, format: Format): void {
    const node = internetRouter(ROUTES, 0x15);
    const addresses = randomAddresses(0x16);
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const [built, buildMs] = timed(() => buildRouteTable(node));
    gc?.();
    const heap = process.memoryUsage().heapUsed - before;
    const routes = built.table.entries.length;
    const routeTable = built.table;
    const indexRate = rate(addresses, (address) => routeTable.longestMatch(address));
    const lookupRate = rate(addresses, (address) => routeTable.lookup(address));
    // The same addresses in order, as traffic with locality asks: neighbours share blocks and intervals.
    const inOrderRate = rate(addresses.slice().sort(), (address) => routeTable.longestMatch(address));

    const [maps, mapsBuildMs] = timed(() => PerLengthMaps.of(built.table.entries));
    const mapsRate = rate(addresses, (address) => maps.longestMatch(address));
    const naive = naiveRate(built.table.entries, addresses);

    let differ = 0;
    for (let at = 0; at < 100_000; at++) {
        if (routeTable.longestMatch(addresses[at]) !== maps.longestMatch(addresses[at])) differ++;
    }
    console.log(
        `\nA full-size route table: ${format.count(routes)} routes on one router (${format.count(built.refused.length)} refused as duplicates), ` +
            'an Internet-like mix of /8–/24 prefixes and 1% /32s, looked up on random addresses (times and rates in CPU time)'
    );
    const perSecond = (value: number) => `${(value / 1e6).toFixed(value < 1e5 ? 4 : 1)} M/s`;
    console.log(
        table(
            ['structure', 'build', 'heap', 'lookups'],
            [
                [
                    'prefix index (RouteTable)',
                    `${format.ms(buildMs)} (as ip route add, with gateway checks)`,
                    `${format.mib(heap)} with the entries (index ${format.mib(routeTable.indexBytes)})`,
                    `${perSecond(indexRate)} longestMatch, ${perSecond(lookupRate)} lookup; in address order ${perSecond(inOrderRate)}`
                ],
                ['map per prefix length (before)', format.ms(mapsBuildMs), '', perSecond(mapsRate)],
                ['linear scan (naive)', '', '', `${perSecond(naive.perSecond)} (${format.count(naive.done)} in ${format.ms(naive.ms)} of CPU, extrapolated)`]
            ]
        )
    );
    console.log(`Answers differing between the index and the per-length maps on 100,000 addresses: ${differ}`);
}

/**
 * The same million routes as a route file: `ip route show` lines as a BGP router prints them,
 * read by the dump's parser alone, then by `routes from` in a whole check of a one-router file
 * (read from disk, parsed, installed with `ip route add`'s checks, compiled, every check run).
 */
export async function benchRouteDump(table: (header: string[], rows: string[][]) => string, gc: (() => void) | undefined, format: Format): Promise<void> {
    const node = internetRouter(ROUTES, 0x15);
    const lines = [
        '198.18.0.0/24 dev eth0 proto kernel scope link src 198.18.0.1 ',
        '198.18.1.0/24 dev eth1 proto kernel scope link src 198.18.1.1 ',
        ...node.routes.map(
            (route) =>
                `${route.destination.length === 0 ? 'default' : formatPrefix(route.destination)} via ${formatIpv4(route.gateway!)} dev ${route.gateway === 0xc6120002 ? 'eth0' : 'eth1'} proto bgp metric 20 `
        )
    ];
    const text = `${lines.join('\n')}\n`;
    gc?.();
    let before = process.memoryUsage().heapUsed;
    const [dump, parseMs] = timed(() => parseRouteDump(text));
    gc?.();
    const parseHeap = process.memoryUsage().heapUsed - before;
    const [installed, installMs] = timed(() => buildRouteTable({ ...node, routes: dump.routes }));
    const dir = mkdtempSync(join(tmpdir(), 'nettopo-bench-'));
    try {
        writeFileSync(join(dir, 'edge.routes'), text);
        const lab = 'router edge {\n  eth0 198.18.0.1/24\n  eth1 198.18.1.1/24\n  routes from "edge.routes"\n}\n';
        writeFileSync(join(dir, 'edge.net'), lab);
        gc?.();
        before = process.memoryUsage().heapUsed;
        const started = process.cpuUsage();
        const wall = performance.now();
        const [loaded] = await loadTexts([{ path: join(dir, 'edge.net'), text: lab }]);
        const used = process.cpuUsage(started);
        const loadWall = performance.now() - wall;
        gc?.();
        const loadHeap = process.memoryUsage().heapUsed - before;
        const edge = loaded.network.nodes.get('edge')!;
        console.log(
            `\nThe same table as a route file (routes from): ${format.count(lines.length)} lines of \`ip route show\` (${format.mib(text.length)}), ` +
                `${format.count(edge.table.entries.length)} routes installed, ${format.count(edge.refused.length)} refused as duplicates`
        );
        console.log(
            table(
                ['step', 'time', 'heap'],
                [
                    ['parse the dump (parseRouteDump)', format.ms(parseMs), `${format.mib(parseHeap)} (${format.count(dump.routes.length)} routes)`],
                    [
                        'install them (buildRouteTable: connected ones checked, the rest as ip route add, then the index)',
                        format.ms(installMs),
                        `${format.count(installed.table.entries.length)} entries`
                    ],
                    [
                        'whole check of the file (routes from: read, parse, install, compile, checks)',
                        `${format.ms((used.user + used.system) / 1000)} CPU, ${format.ms(loadWall)} wall`,
                        `${format.mib(loadHeap)} held with the loaded file`
                    ]
                ]
            )
        );
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** A router with two links and `count` routes via gateways on them, seeded. */
function internetRouter(count: number, seed: number): NodeModel {
    const random = prng(seed);
    const routes: RouteSpec[] = [];
    for (let index = 0; index < count; index++) {
        const length = pickLength(random());
        // Unicast space: 1.0.0.0–223.255.255.255 without 10/8 and 127/8 (the lab's links are in 198.18/15).
        let address: number;
        do address = Math.floor(random() * 2 ** 32) >>> 0;
        while (address >>> 24 === 0 || address >>> 24 === 10 || address >>> 24 === 127 || address >>> 24 >= 224);
        const gateway = random() < 0.5 ? 0xc6120002 : 0xc6120102;
        routes.push({ destination: { address: networkOf(address, length), length }, type: 'unicast', gateway, metric: 20, text: '' });
    }
    routes.push({ destination: { address: 0, length: 0 }, type: 'unicast', gateway: 0xc6120002, metric: 0, text: '' });
    const iface = (name: string, address: number) => ({ node: 'edge', name, addresses: [{ address, length: 24 }], link: undefined });
    return emptyNode('edge', 'router', { interfaces: [iface('eth0', 0xc6120001), iface('eth1', 0xc6120101)], routes });
}

function pickLength(roll: number): number {
    let sum = 0;
    for (const [length, share] of LENGTH_SHARES) {
        sum += share;
        if (roll < sum) return length;
    }
    return 24;
}

function randomAddresses(seed: number): Uint32Array {
    const random = prng(seed);
    const addresses = new Uint32Array(1 << 20);
    for (let index = 0; index < addresses.length; index++) addresses[index] = Math.floor(random() * 2 ** 32);
    return addresses;
}

/** A result and the CPU time it took, in ms (the machines we bench on are shared). */
function timed<T>(run: () => T): [T, number] {
    const started = process.cpuUsage();
    const result = run();
    const elapsed = process.cpuUsage(started);
    return [result, (elapsed.user + elapsed.system) / 1000];
}

/**
 * Lookups per second of one core over the addresses, after a warm-up: counted in the process's
 * CPU time, not the wall clock, since the machines we bench on are shared.
 */
function rate(addresses: Uint32Array, find: (address: number) => unknown): number {
    let found = 0;
    for (let index = 0; index < 500_000; index++) if (find(addresses[index & 0xfffff])) found++;
    const started = process.cpuUsage();
    for (let index = 0; index < LOOKUPS; index++) if (find(addresses[index & 0xfffff])) found++;
    const elapsed = process.cpuUsage(started);
    if (found === 0) console.log('(nothing found?)');
    return LOOKUPS / ((elapsed.user + elapsed.system) / 1e6);
}

/**
 * The definition of the answer, one route after another: longest prefix, then lowest metric, then
 * first added. Stopped at the cap (wall clock); the rate is in CPU time, as the others.
 */
function naiveRate(entries: readonly RouteEntry[], addresses: Uint32Array): { perSecond: number; done: number; ms: number } {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let done = 0;
    while (performance.now() - started < NAIVE_CAP_MS) {
        const address = addresses[done++ & 0xfffff];
        let best: RouteEntry | undefined;
        for (const entry of entries) {
            if (networkOf(address, entry.length) !== entry.destination) continue;
            if (!best || entry.length > best.length || (entry.length === best.length && entry.metric < best.metric)) best = entry;
        }
    }
    const used = process.cpuUsage(cpu);
    const elapsed = (used.user + used.system) / 1000;
    return { perSecond: done / (elapsed / 1000), done, ms: elapsed };
}

/** The table's index before the prefix index: a map per prefix length, probed from the longest length down. */
class PerLengthMaps {
    private readonly byLength = new Map<number, Map<number, RouteEntry[]>>();
    private lengths: number[] = [];

    static of(entries: readonly RouteEntry[]): PerLengthMaps {
        const maps = new PerLengthMaps();
        for (const entry of entries) maps.add(entry);
        return maps;
    }

    longestMatch(destination: number): RouteEntry | undefined {
        for (const length of this.lengths) {
            const candidates = this.byLength.get(length)!.get(networkOf(destination, length));
            if (candidates) return candidates[0];
        }
        return undefined;
    }

    private add(entry: RouteEntry): void {
        let level = this.byLength.get(entry.length);
        if (!level) {
            level = new Map();
            this.byLength.set(entry.length, level);
            this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
        }
        const list = level.get(entry.destination);
        if (!list) level.set(entry.destination, [entry]);
        else {
            const at = list.findIndex((other) => other.metric > entry.metric);
            list.splice(at < 0 ? list.length : at, 0, entry);
        }
    }
}
