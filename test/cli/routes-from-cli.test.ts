import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { runNettopo, scratchFolder, type Run } from './cli-process.js';

/**
 * `routes from` through the `nettopo` command (the built bundle, a real process): route files are
 * read from disk relative to the `.net` file, wherever the command runs from (standard input: the
 * current directory); `routes` prints the table whole; `check` reports the file's problems; the
 * exported lab adds the file's routes as `ip route add` takes them.
 */

const scratch = scratchFolder('nettopo-routes-from-cli-');

beforeAll(() => {
    mkdirSync(join(scratch(), 'lab'));
    writeFileSync(join(scratch(), 'lab/r1.routes'), DUMP);
    writeFileSync(join(scratch(), 'lab/lab.net'), LAB);
});

function nettopo(args: readonly string[], input?: string): Run {
    return runNettopo(args, { cwd: scratch(), input });
}

const DUMP = [
    'default via 198.18.1.2 dev eth0 proto static metric 100 ',
    '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 ',
    '198.19.0.0/16 proto bgp metric 20 ',
    '\tnexthop via 198.18.1.2 dev eth0 weight 1 ',
    '\tnexthop via 198.18.1.3 dev eth0 weight 1 ',
    '198.19.9.0/24 via 198.19.200.1 dev eth0 onlink ',
    ''
].join('\n');

const LAB = `switch lan 198.18.1.0/24
router r1 {
  eth0 198.18.1.1/24 -- lan
  routes from "r1.routes"
}
router r2 {
  eth0 198.18.1.2/24 -- lan
}
router r3 {
  eth0 198.18.1.3/24 -- lan
}
`;

describe('nettopo and route files', () => {
    test('routes prints the file’s table whole, as ip route show printed it, run from another folder', () => {
        const run = nettopo(['routes', 'lab/lab.net', 'r1']);
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(DUMP);
        expect(run.status).toBe(0);
    });

    test('routes --format json: the dumped proto, onlink and a multipath route’s nexthops, with ip -j route’s names', () => {
        const run = nettopo(['routes', 'lab/lab.net', 'r1', '--format', 'json']);
        expect(run.status, run.stderr).toBe(0);
        const routes = JSON.parse(run.stdout) as Record<string, unknown>[];
        expect(routes.find((route) => route.dst === '198.19.0.0/16')).toEqual({
            type: 'unicast',
            dst: '198.19.0.0/16',
            protocol: 'bgp',
            scope: 'global',
            metric: 20,
            nexthops: [
                { gateway: '198.18.1.2', dev: 'eth0', weight: 1 },
                { gateway: '198.18.1.3', dev: 'eth0', weight: 1 }
            ]
        });
        expect(routes.find((route) => route.dst === '198.19.9.0/24')).toMatchObject({ gateway: '198.19.200.1', dev: 'eth0', flags: ['onlink'] });
    });

    test('check names the file’s problems on the routes from line; standard input reads paths from the current folder', () => {
        const broken = `${LAB}host h {\n  eth0 198.18.1.10/24 -- lan\n  routes from "lab/none.routes"\n  routes from "lab/r1.routes"\n}\n`;
        const run = nettopo(['check', '-'], broken);
        expect(run.status).toBe(1);
        const errors = run.stdout.split('\n').filter((line) => line.includes(': error: '));
        expect(errors).toContain('<stdin>:14:15: error: there is no file "lab/none.routes" (the path is relative to this file) [route-file-unreadable]');
        // h's addresses make no 198.18.1.0/24 route with r1's source address.
        expect(
            errors.some((line) => line.startsWith('<stdin>:15:3: error: lab/r1.routes line 2: ip route add refuses this route: no address of h makes'))
        ).toBe(true);
    });

    test('the exported lab adds the routes as ip route add takes them, the connected ones left to the addresses', () => {
        const run = nettopo(['export', 'lab/lab.net', '--format', 'netns', '--prefix', 'ntx']);
        expect(run.status, run.stderr).toBe(0);
        const script = run.stdout;
        expect(script).toContain("route add 0.0.0.0/0 via 198.18.1.2 dev 'eth0' proto 'static' metric 100");
        expect(script).toContain(
            "route add 198.19.0.0/16 proto 'bgp' metric 20 nexthop via 198.18.1.2 dev 'eth0' weight 1 nexthop via 198.18.1.3 dev 'eth0' weight 1"
        );
        expect(script).toContain("route add 198.19.9.0/24 via 198.19.200.1 dev 'eth0' onlink");
        expect(script).not.toContain('route add 198.18.1.0/24');
        expect(readFileSync(join(scratch(), 'lab/r1.routes'), 'utf8')).toBe(DUMP);
    });
});
