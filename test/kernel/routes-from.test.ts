import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatIpv4, parseIpv4 } from '../../language/src/address/ipv4.js';
import { sourceAddress } from '../../language/src/engine/forwarding.js';
import type { NetworkNode } from '../../language/src/engine/network.js';
import { loadTexts } from '../../language/src/cli/cli-support.js';
import type { LoadedFile } from '../../language/src/load.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * `routes from "FILE"` against the kernel: a router's main table is set up in a namespace (every
 * kind of line a real router prints: connected routes, `proto static` and `proto bgp` with
 * metrics, multipath, reject routes, host routes, `onlink`, `src`, `mtu`, and hundreds of random
 * prefixes), dumped with `ip route show`, and read back with `routes from`. `nettopo routes`
 * prints the dump byte for byte, and for every address asked, nettopo's lookup (the route, its
 * gateway, device and source) agrees with `ip route get`; for a multipath route, the kernel's
 * nexthop is one of the route's (which one is the kernel's hash: see route-table.ts).
 *
 * Safety (a shared machine): only 198.18.0.0/15 addresses and routes; two namespaces named with
 * this run's random id, deleted in afterAll even on failure.
 */

const root = join(import.meta.dirname, '../..');
const id = [...randomBytes(6)].map((byte) => (byte % 36).toString(36)).join('');
const ROUTER = `ntrf${id}-r`;
const PEER = `ntrf${id}-p`;
let dir: string;

function run(command: string, args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(command, args, { encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, LC_ALL: 'C' } });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs a shell script in the router's namespace. */
function inRouter(script: string): string {
    const result = run('ip', ['netns', 'exec', ROUTER, 'sh', '-e'], script);
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
}

/** A seeded generator, so that a failure comes back on the next run. */
function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
}

const INTERFACES = [
    { name: 'eth0', addresses: ['198.18.1.1/24', '198.18.1.100/24'], gateways: '198.18.1' },
    { name: 'eth1', addresses: ['198.18.2.1/24'], gateways: '198.18.2' },
    { name: 'eth2', addresses: ['198.18.3.1/28'], gateways: '198.18.3' }
];

/** Routes of every kind a real router prints, as `ip route add` takes them. */
const FIXED_ROUTES = [
    'default via 198.18.1.2 proto static metric 100',
    'default via 198.18.2.2 metric 200',
    '198.19.0.0/16 proto bgp metric 20 nexthop via 198.18.1.2 dev eth0 weight 1 nexthop via 198.18.2.2 dev eth1 weight 2',
    'blackhole 198.19.5.0/24',
    'unreachable 198.19.6.0/24 metric 5',
    'prohibit 198.19.7.0/24',
    '198.19.8.8 via 198.18.1.3',
    '198.19.9.0/24 via 198.19.200.1 dev eth0 onlink',
    '198.19.10.0/24 dev eth1 mtu 1400',
    '198.19.11.0/24 via 198.18.3.5 src 198.18.1.100',
    '198.19.12.0/24 via 198.18.1.6 proto 42 advmss 1000 initcwnd 10'
];

/** Random prefixes of 198.18.128.0/17 (clear of the fixed ones), via random gateways on the connected subnets, some with metrics. */
function randomRoutes(count: number): string[] {
    const next = random(15);
    const routes: string[] = [];
    for (let index = 0; index < count; index++) {
        const length = 17 + Math.floor(next() * 16);
        const address = (0xc6128000 | Math.floor(next() * 0x8000)) >>> 0;
        const network = (address & (length === 32 ? 0xffffffff : ~(0xffffffff >>> length))) >>> 0;
        const iface = INTERFACES[Math.floor(next() * INTERFACES.length)];
        const host = 2 + Math.floor(next() * (iface.name === 'eth2' ? 12 : 90));
        const metric = next() < 0.3 ? ` metric ${10 * Math.floor(next() * 4)}` : '';
        routes.push(`${formatIpv4(network)}/${length} via ${iface.gateways}.${host}${metric}${next() < 0.2 ? ' proto bgp' : ''}`);
    }
    return routes;
}

let dump: string;
let file: LoadedFile;

beforeAll(async () => {
    if (skipKernel) return;
    dir = mkdtempSync(join(tmpdir(), 'nettopo-routes-from-'));
    for (const namespace of [ROUTER, PEER]) expect(run('ip', ['netns', 'add', namespace]).status).toBe(0);
    const setup = ['ip link set lo up'];
    for (const { name, addresses } of INTERFACES) {
        // The far ends are up in the peer namespace: the devices have carrier (no linkdown).
        setup.push(`ip link add ${name} type veth peer name p-${name} netns ${PEER}`, `ip link set ${name} up`);
        setup.push(...addresses.map((address) => `ip addr add ${address} dev ${name}`));
    }
    inRouter(setup.join('\n') + '\n');
    for (const { name } of INTERFACES) expect(run('ip', ['-n', PEER, 'link', 'set', `p-${name}`, 'up']).status).toBe(0);
    // -force: a random route that repeats another (File exists) is left out, as it would be on the router.
    const added = run(
        'ip',
        ['-n', ROUTER, '-force', '-batch', '-'],
        [...FIXED_ROUTES, ...randomRoutes(600)].map((route) => `route add ${route}`).join('\n') + '\n'
    );
    const refusals = added.stderr.split('\n').filter((line) => line.startsWith('RTNETLINK') || line.startsWith('Error'));
    expect(new Set(refusals)).toEqual(new Set(refusals.length ? ['RTNETLINK answers: File exists'] : []));
    dump = inRouter('ip route show\n');
    writeFileSync(join(dir, 'r.routes'), dump);
    const lab = [
        '# a router whose table is the kernel dump beside this file',
        'router r {',
        ...INTERFACES.map(({ name, addresses }) => `  ${name} ${addresses.join(', ')}`),
        '  routes from "r.routes"',
        '}',
        ''
    ].join('\n');
    writeFileSync(join(dir, 'lab.net'), lab);
    [file] = await loadTexts([{ path: join(dir, 'lab.net'), text: lab }]);
});

afterAll(() => {
    if (skipKernel) return;
    for (const namespace of [ROUTER, PEER]) run('ip', ['netns', 'del', namespace]);
    if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What `ip route get` says, reduced to what a lookup decides: the route's kind, gateway, device and source. */
function kernelAnswer(output: string): string {
    if (output.includes('Network is unreachable')) return 'none';
    if (output.includes('No route to host')) return 'unreachable';
    if (output.includes('Permission denied')) return 'prohibit';
    if (output.includes('Invalid argument')) return 'blackhole';
    const [first] = output.split('\n');
    if (first.startsWith('local ')) return 'local';
    const words = first.split(/\s+/);
    const value = (word: string) => (words.includes(word) ? words[words.indexOf(word) + 1] : undefined);
    const via = value('via');
    return `${first.startsWith('broadcast ') ? 'broadcast ' : ''}${via ? `via ${via} ` : ''}dev ${value('dev')} src ${value('src')}`;
}

/** The answers nettopo allows for an address: one, or one per nexthop of a multipath route. */
function engineAnswers(node: NetworkNode, address: number): string[] {
    const found = node.table.outputLookup(address);
    if (found.kind === 'none') return ['none'];
    if (found.kind === 'local') return ['local'];
    if (found.kind === 'broadcast') return [`broadcast dev ${found.device} src ${formatIpv4(sourceAddress(node, { ...dummy, device: found.device })!)}`];
    const route = found.route;
    if (route.type !== 'unicast') return [route.type];
    const hops = route.nexthops ?? [{ gateway: route.gateway, device: route.device! }];
    return hops.map((hop) => {
        const source = sourceAddress(node, { ...route, gateway: hop.gateway, device: hop.device });
        return `${hop.gateway !== undefined ? `via ${formatIpv4(hop.gateway)} ` : ''}dev ${hop.device} src ${formatIpv4(source!)}`;
    });
}

const dummy = { destination: 0, length: 0, type: 'unicast', metric: 0, proto: 'kernel', scope: 'link' } as const;

describe.skipIf(skipKernel)(kernelTitle('routes from a dump of a real router'), () => {
    test('the dump reads without an error, and nettopo routes prints it byte for byte', () => {
        requireKernel();
        expect(file.diagnostics.filter((diagnostic) => diagnostic.severity === 1).map((diagnostic) => diagnostic.message)).toEqual([]);
        expect(dump.split('\n').length).toBeGreaterThan(400);
        const printed = run(process.execPath, [join(root, 'bin/nettopo.js'), 'routes', join(dir, 'lab.net'), 'r']);
        expect(printed.stderr).toBe('');
        expect(printed.stdout).toBe(dump);
    });

    test('nettopo verify builds a lab with a route file and agrees with the kernel on its tables', () => {
        requireKernel();
        // Names end in the run's id, so that verify's namespaces are recognisably this run's.
        const [r1, r2, r3] = ['r1', 'r2', 'r3'].map((name) => `${name}_${id}`);
        writeFileSync(
            join(dir, 'verify.routes'),
            [
                'default via 198.18.1.2 dev eth0 proto static metric 100 ',
                '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 ',
                '198.19.0.0/16 proto bgp metric 20 ',
                '\tnexthop via 198.18.1.2 dev eth0 weight 1 ',
                '\tnexthop via 198.18.1.3 dev eth0 weight 2 ',
                '198.19.9.0/24 via 198.19.200.1 dev eth0 onlink ',
                '198.19.10.0/24 dev eth0 scope link mtu lock 1400 ',
                '198.19.11.0/24 via 198.18.1.3 dev eth0 src 198.18.1.1 ',
                ''
            ].join('\n')
        );
        const lab = [
            `switch lan_${id} 198.18.1.0/24`,
            `router ${r1} {`,
            `  eth0 198.18.1.1/24 -- lan_${id}`,
            '  routes from "verify.routes"',
            '}',
            ...[r2, r3].flatMap((name, index) => [`router ${name} {`, `  eth0 198.18.1.${index + 2}/24 -- lan_${id}`, '}']),
            `ping ${r1} -> 198.19.11.1 fails`,
            ''
        ].join('\n');
        writeFileSync(join(dir, 'verify.net'), lab);
        const verified = run(process.execPath, [join(root, 'bin/nettopo.js'), 'verify', join(dir, 'verify.net')]);
        expect(verified.stdout).toContain('agrees: 1/1 pings, 3/3 route tables, refused routes agree');
        expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    });

    test('every lookup agrees with ip route get', () => {
        requireKernel();
        const node = file.network.nodes.get('r')!;
        const next = random(42);
        const addresses = new Set<number>();
        // Each route's first, last and a middle address; the fixed routes' destinations; random addresses in 198.18.0.0/15.
        for (const entry of node.table.entries) {
            const size = 2 ** (32 - entry.length);
            if (entry.length === 0) continue;
            for (const offset of [0, size - 1, Math.floor(next() * size)]) addresses.add((entry.destination + offset) >>> 0);
        }
        for (let index = 0; index < 300; index++) addresses.add((0xc6120000 + Math.floor(next() * 0x20000)) >>> 0);
        for (const text of ['198.18.1.1', '198.18.1.100', '198.18.1.255', '198.18.3.15', '198.19.200.1']) addresses.add(parseIpv4(text) as number);
        const list = [...addresses];
        const output = inRouter(list.map((address) => `echo "== ${formatIpv4(address)}"; ip route get ${formatIpv4(address)} 2>&1 || true`).join('\n') + '\n');
        const answers = output.split('== ').slice(1);
        expect(answers).toHaveLength(list.length);
        const disagreements = list.flatMap((address, index) => {
            const kernel = kernelAnswer(answers[index].slice(answers[index].indexOf('\n') + 1));
            const engine = engineAnswers(node, address);
            return engine.includes(kernel) ? [] : [`${formatIpv4(address)}: the kernel says ${kernel}, nettopo ${engine.join(' or ')}`];
        });
        expect(disagreements).toEqual([]);
    });
});
