import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/** The `nettopo` command as users run it: a real process on the built bundle (run `npm run build` first). */

const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'out/nettopo.js');
let dir: string;

beforeAll(() => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` before the CLI tests`);
    dir = mkdtempSync(join(tmpdir(), 'nettopo-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function nettopo(...args: string[]): Run {
    const result = spawnSync(process.execPath, [join(root, 'bin/nettopo.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a `.net` file into the test directory and returns its name (relative to the cwd of the runs). */
function file(name: string, text: string): string {
    writeFileSync(join(dir, name), text);
    return name;
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

const oneWay = `switch s1
switch s2
host B {
  eth0 10.1.0.11/24 -- s1
  route 10.2.0.0/24 via 10.1.0.1
}
router R {
  eth0 10.1.0.1/24 -- s1
  eth1 10.2.0.1/24 -- s2
}
host C {
  eth0 10.2.0.10/24 -- s2
}
ping B -> R.eth1
ping B -> C fails
`;

const broken = `switch s
host A {
  eth0 10.0.0.1/24 -- s
  route 10.9.0.0/16 via 10.8.0.1
}
host B {
  eth0 10.0.0.2/24 -- s
}
ping A -> B
`;

describe('check', () => {
    test('a clean file: no output, exit 0', () => {
        expect(nettopo('check', file('clean.net', 'switch s\nhost A {\n  eth0 10.0.0.1/24 -- s\n}\n'))).toEqual({ status: 0, stdout: '', stderr: '' });
    });

    test('FILE:LINE:COL: SEVERITY: MESSAGE [code]; exit 1 on errors', () => {
        const run = nettopo('check', file('broken.net', broken));
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toEqual([
            'broken.net:4:3: error: ip route add refuses this route: Error: Nexthop has invalid gateway. (10.8.0.1 is not inside a subnet A is directly connected to on that interface) [route-refused]'
        ]);
    });

    test('warnings alone exit 0', () => {
        const run = nettopo('check', file('warn.net', oneWay));
        expect(run.status).toBe(0);
        expect(lines(run.stdout)).toHaveLength(2);
        expect(run.stdout).toMatch(/^warn\.net:5:3: warning: missing return route: .* \[missing-return-route\]$/m);
        expect(run.stdout).toMatch(/^warn\.net:\d+:\d+: warning: C has no route to .* \[missing-return-route\]$/m);
    });

    test('several files, each diagnostic with its own file name', () => {
        const run = nettopo('check', file('a.net', broken), file('b.net', oneWay));
        expect(run.status).toBe(1);
        expect(lines(run.stdout).map((line) => line.split(':').slice(0, 2).join(':'))).toEqual(['a.net:4', 'b.net:5', 'b.net:11']);
    });

    test('syntax and linking errors have codes too', () => {
        const run = nettopo('check', file('syntax.net', 'host A {\n  eth0 10.0.0.1/24 -- nowhere\n}\nping A => A\n'));
        expect(run.status).toBe(1);
        expect(run.stdout).toContain("syntax.net:2:23: error: unknown switch or interface (NODE.IFNAME) 'nowhere' [linking-error]");
        expect(run.stdout).toMatch(/^syntax\.net:4:\d+: error: .* \[(lexing|parsing)-error\]$/m);
    });

    test('a missing file, no file, an unknown command: exit 2 with a message on stderr', () => {
        const missing = nettopo('check', 'missing.net');
        expect(missing).toMatchObject({ status: 2, stdout: '' });
        expect(missing.stderr).toContain('cannot read missing.net');
        expect(nettopo('check')).toMatchObject({ status: 2 });
        const unknown = nettopo('frobnicate');
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain("unknown command 'frobnicate'");
        expect(nettopo().status).toBe(2);
    });
});

describe('ping FILE SOURCE TARGET', () => {
    test('a reply: the lines ping prints, exit 0', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), 'B', 'R.eth1');
        expect(run.status).toBe(0);
        expect(lines(run.stdout)).toEqual(['64 bytes from 10.2.0.1: icmp_seq=1 ttl=64']);
    });

    test('no reply: exit 1, and why on stderr', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), 'B', '10.2.0.10');
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain('C has no route to 10.1.0.11');
    });

    test('an error line from a router', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), 'B', '10.2.0.77');
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toEqual(['From 10.1.0.1 icmp_seq=1 Destination Host Unreachable']);
    });

    test('an unknown source node: exit 2, one clear line, no stack trace', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), 'Z', 'C');
        expect(run.status).toBe(2);
        expect(lines(run.stderr)).toEqual(["nettopo: one-way.net has no host or router named 'Z'"]);
        expect(run.stdout).toBe('');
    });

    test('an unknown target node or interface, or a bad address: exit 2', () => {
        for (const target of ['Z', 'C.eth9', '10.2.0.300']) {
            const run = nettopo('ping', file('one-way.net', oneWay), 'B', target);
            expect(run.status, target).toBe(2);
            expect(lines(run.stderr), target).toHaveLength(1);
            expect(run.stderr, target).not.toMatch(/\n\s+at /);
        }
    });

    test('--json: one object with the reference fields, expected null', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), 'B', 'R.eth1', '--json');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({
            source: 'B', target: '10.2.0.1', reply: true, lines: ['64 bytes from 10.2.0.1: icmp_seq=1 ttl=64'], expected: null, path: ['B', 'R', 'B']
        });
    });

    test('--json without a reply', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), 'B', 'C', '--json');
        expect(run.status).toBe(1);
        expect(JSON.parse(run.stdout)).toMatchObject({ source: 'B', target: '10.2.0.10', reply: false, lines: [], expected: null, path: ['B', 'R', 'C'] });
    });

    test('a file with errors still pings valid nodes; its errors go to stderr', () => {
        const run = nettopo('ping', file('broken.net', broken), 'A', 'B');
        expect(run.status).toBe(0);
        expect(lines(run.stdout)).toEqual(['64 bytes from 10.0.0.2: icmp_seq=1 ttl=64']);
        expect(run.stderr).toContain('broken.net:4:3: error:');
        expect(run.stderr).toContain('[route-refused]');
    });
});

describe('ping FILE', () => {
    test('every statement, in order; exit 0 when all hold', () => {
        const run = nettopo('ping', file('one-way.net', oneWay));
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('64 bytes from 10.2.0.1: icmp_seq=1 ttl=64');
        expect(run.stdout.indexOf('R.eth1')).toBeLessThan(run.stdout.indexOf('-> C'));
    });

    test('exit 1 when an expectation does not hold', () => {
        const run = nettopo('ping', file('wrong.net', oneWay.replace('ping B -> C fails', 'ping B -> C')));
        expect(run.status).toBe(1);
        expect(run.stdout).toContain('DOES NOT HOLD');
    });

    test('--json: one object per statement, `expected` a boolean', () => {
        const run = nettopo('ping', file('one-way.net', oneWay), '--json');
        expect(run.status).toBe(0);
        expect(lines(run.stdout).map((line) => JSON.parse(line))).toMatchObject([
            { source: 'B', target: '10.2.0.1', reply: true, expected: true, lines: ['64 bytes from 10.2.0.1: icmp_seq=1 ttl=64'], path: ['B', 'R', 'B'] },
            { source: 'B', target: '10.2.0.10', reply: false, expected: false, lines: [], path: ['B', 'R', 'C'] }
        ]);
    });

    test('a file with errors still runs the pings of valid nodes', () => {
        const run = nettopo('ping', file('broken.net', broken), '--json');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({ source: 'A', target: '10.0.0.2', reply: true, expected: true });
        expect(run.stderr).toContain('[route-refused]');
    });
});

describe('routes FILE NODE', () => {
    const table = `switch s
host A {
  eth0 10.0.0.1/24 -- s
  route default via 10.0.0.254
  route 10.5.0.0/16 blackhole
}
`;

    test('--format ip (the default)', () => {
        const run = nettopo('routes', file('routes.net', table), 'A');
        expect(run.status).toBe(0);
        expect(lines(run.stdout).map((line) => line.trimEnd())).toEqual([
            'default via 10.0.0.254 dev eth0',
            '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1',
            'blackhole 10.5.0.0/16'
        ]);
        expect(nettopo('routes', 'routes.net', 'A', '--format', 'ip').stdout).toBe(run.stdout);
    });

    test('--format route', () => {
        const run = nettopo('routes', file('routes.net', table), 'A', '--format', 'route');
        expect(run.status).toBe(0);
        expect(lines(run.stdout).map((line) => line.trimEnd())).toEqual([
            'Kernel IP routing table',
            'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
            '0.0.0.0         10.0.0.254      0.0.0.0         UG    0      0        0 eth0',
            '10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0',
            '10.5.0.0        0.0.0.0         255.255.0.0     U     0      0        0 *'
        ]);
    });

    test('--format json', () => {
        const run = nettopo('routes', file('routes.net', table), 'A', '--format', 'json');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject([
            { type: 'unicast', dst: 'default', gateway: '10.0.0.254', dev: 'eth0', metric: 0 },
            { type: 'unicast', dst: '10.0.0.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '10.0.0.1' },
            { type: 'blackhole', dst: '10.5.0.0/16' }
        ]);
    });

    test('a bad format, an unknown node, a missing file: exit 2', () => {
        const badFormat = nettopo('routes', file('routes.net', table), 'A', '--format', 'xml');
        expect(badFormat.status).toBe(2);
        expect(badFormat.stderr).toContain("unknown format 'xml'");
        expect(nettopo('routes', 'routes.net', 'nobody').status).toBe(2);
        expect(nettopo('routes', 'missing.net', 'A').status).toBe(2);
        expect(nettopo('routes', 'routes.net').status).toBe(2);
    });
});
