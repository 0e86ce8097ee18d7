import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root, runNettopo, scratchFolder, type Run } from './cli-process.js';
import { oneWayLans } from './fixtures.js';

/** The `nettopo` command as users run it: a real process on the built bundle (run `npm run build` first). */

const scratch = scratchFolder('nettopo-cli-');

function nettopo(...args: string[]): Run {
    return runNettopo(args, { cwd: scratch() });
}

/** Writes a `.net` file into the test directory and returns its name (relative to the cwd of the runs). */
function file(name: string, text: string): string {
    writeFileSync(join(scratch(), name), text);
    return name;
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

const oneWay = `${oneWayLans}ping B -> R.eth1
ping B -> C fails
`;

/** The one-way lab without its \`fails\` line: nothing acknowledges that C's replies are lost, so the route analysis warns. */
const oneWayWarned = `${oneWayLans}ping B -> R.eth1
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
        const run = nettopo('check', file('warn.net', oneWayWarned));
        expect(run.status).toBe(0);
        expect(lines(run.stdout)).toHaveLength(2);
        expect(run.stdout).toMatch(/^warn\.net:5:3: warning: missing return route: .* \[missing-return-route\]$/m);
        expect(run.stdout).toMatch(/^warn\.net:\d+:\d+: warning: C has no route to .* \[missing-return-route\]$/m);
    });

    test('several files, each diagnostic with its own file name', () => {
        const run = nettopo('check', file('a.net', broken), file('b.net', oneWayWarned));
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

    test('--from is ping -I: the kernel-measured lines of test/fixtures/kernel-cases/ping-from.net', () => {
        const lab = join(root, 'test/fixtures/kernel-cases/ping-from.net');
        const bound = nettopo('ping', lab, 'A', 'B', '--from', 'eth0');
        expect(bound.status).toBe(1);
        expect(lines(bound.stdout)).toEqual(['From 198.18.1.1 icmp_seq=1 Destination Net Unreachable']);
        expect(lines(nettopo('ping', lab, 'A', 'B', '--from', '198.18.2.10').stdout)).toEqual(['64 bytes from 198.18.2.20: icmp_seq=1 ttl=64']);
        const absent = nettopo('ping', lab, 'A', 'C', '--from', '198.18.9.9');
        expect(lines(absent.stdout)).toEqual(['ping: bind: Cannot assign requested address']);
        expect(absent.stderr).toContain('A has no address 198.18.9.9 to ping from');
        expect(nettopo('ping', lab, 'A', 'C', '--from', '1.2.3').stderr).toContain('--from 1.2.3:');
    });

    test('--count is ping -c N: the kernel-measured lines of test/fixtures/kernel-cases/ping-count.net', () => {
        const lab = join(root, 'test/fixtures/kernel-cases/ping-count.net');
        const truth = JSON.parse(readFileSync(join(root, 'test/fixtures/kernel-cases/ping-count.truth.json'), 'utf8')) as {
            pings: { source: string; target: string; count?: number; reply: boolean; lines: string[] }[];
        };
        // A redirect obeyed from the third packet on, one ignored each time, an error ahead of its redirect, a failing ARP.
        const chosen = ['A 198.18.3.30', 'H0 198.18.3.30', 'A 198.18.5.5', 'A 198.18.1.99'];
        for (const ping of truth.pings
            .filter((entry) => entry.count === 4 || entry.count === 3)
            .filter((entry) => chosen.includes(`${entry.source} ${entry.target}`))) {
            const run = nettopo('ping', lab, ping.source, ping.target, '--count', String(ping.count));
            expect({ status: run.status, lines: lines(run.stdout) }, `${ping.source} -> ${ping.target}`).toEqual({
                status: ping.reply ? 0 : 1,
                lines: ping.lines
            });
        }
        for (const count of ['0', '11', '2x']) {
            const refused = nettopo('ping', lab, 'A', 'C', '--count', count);
            expect(refused.status).toBe(2);
            expect(refused.stderr).toContain(`--count ${count}: a ping sends 1 to 10 packets`);
        }
        expect(nettopo('ping', lab, '--count', '3').stderr).toContain('--count goes with FILE SOURCE TARGET');
    });

    test('--broadcast is ping -b: the kernel-measured lines of test/fixtures/kernel-cases/ping-broadcast.net', () => {
        const lab = join(root, 'test/fixtures/kernel-cases/ping-broadcast.net');
        const refused = nettopo('ping', lab, 'A', '198.18.1.255');
        expect({ status: refused.status, lines: lines(refused.stdout) }).toEqual({
            status: 1,
            lines: ['ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules']
        });
        const run = nettopo('ping', lab, 'A', '198.18.1.255', '--broadcast', '--count', '3', '--json');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout).lines).toEqual([
            'WARNING: pinging broadcast address',
            '64 bytes from 198.18.1.20: icmp_seq=1 ttl=64',
            '64 bytes from 198.18.1.20: icmp_seq=2 ttl=64',
            '64 bytes from 198.18.1.20: icmp_seq=3 ttl=64'
        ]);
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
            source: 'B',
            target: '10.2.0.1',
            reply: true,
            lines: ['64 bytes from 10.2.0.1: icmp_seq=1 ttl=64'],
            expected: null,
            path: ['B', 'R', 'B']
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

describe('ping by name', () => {
    const names = `switch lan 198.18.2.0/24
host c1 {
  eth0 198.18.2.1/24 -- lan
  nameserver 198.18.2.53
}
host ns {
  eth0 198.18.2.53/24 -- lan
  dns web.lab 198.18.2.80
}
host web {
  eth0 198.18.2.80/24 -- lan
}
ping c1 -> web.lab
ping c1 -> nosuch fails
`;

    test('a name the nameserver knows: ping lines with the sender named, --json carries the address and the name', () => {
        const run = nettopo('ping', file('names.net', names), 'c1', 'web.lab', '--json');
        expect(run.status).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject({
            source: 'c1',
            target: '198.18.2.80',
            name: 'web.lab',
            reply: true,
            lines: ['64 bytes from web.lab (198.18.2.80): icmp_seq=1 ttl=64']
        });
    });

    test("an unknown name: ping's line, exit 1, and why (which nameserver said so) on stderr; every ping statement by name holds", () => {
        const run = nettopo('ping', file('names.net', names), 'c1', 'nosuch');
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toEqual(['ping: nosuch: Name or service not known']);
        expect(run.stderr).toContain('nameserver 198.18.2.53 (ns) answers NXDOMAIN');
        const all = nettopo('ping', file('names.net', names));
        expect(all.status).toBe(0);
        expect(lines(all.stdout)[0]).toBe('ping c1 -> web.lab (198.18.2.80): expects a reply, holds');
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

    test('the errors of the file go to standard error, the table (without what they broke) to standard output', () => {
        const text = 'host A {\n  eth0 198.18.1.10/24 -- lan\n  eth1 198.18.2.300/24\n  route 198.18.3.1/24 via 198.18.1.1\n}\nswitch lan\n';
        for (const args of [['routes'], ['rules', '--table', 'nat']]) {
            const run = nettopo(args[0], file('broken.net', text), 'A', ...args.slice(1));
            expect(run.status).toBe(0);
            expect(lines(run.stderr)).toEqual([
                expect.stringMatching(/^broken\.net:3:8: error: invalid IPv4 address "198\.18\.2\.300"/),
                expect.stringMatching(/^broken\.net:4:3: error: ip route add refuses this route/)
            ]);
            if (args[0] === 'routes') expect(run.stdout).toBe('198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.10 \n');
        }
    });
});

describe('check --fix and --json', () => {
    test('--fix applies the fixes, keeps comments, writes the file, says what it did and what is left', () => {
        const name = file('fixme.net', `# a one-way route\n${oneWay.replace('ping B -> C fails', 'ping B -> C   # should reply')}`);
        const run = nettopo('check', '--fix', name);
        expect(run.status).toBe(0);
        expect(lines(run.stdout)).toEqual(['fixme.net: fixed: add `route 10.1.0.0/24 via 10.2.0.1` to C', 'fixme.net: 0 problems left']);
        const fixed = readFileSync(join(scratch(), name), 'utf8');
        expect(fixed).toContain('host C {\n  eth0 10.2.0.10/24 -- s2\n  route 10.1.0.0/24 via 10.2.0.1\n}');
        expect(fixed).toContain('# a one-way route\n');
        expect(fixed).toContain('ping B -> C   # should reply');
        expect(nettopo('check', name)).toEqual({ status: 0, stdout: '', stderr: '' });
    });

    test('--fix leaves what it cannot fix, and a file without fixes untouched', () => {
        const name = file('broken-fix.net', broken);
        const run = nettopo('check', '--fix', name);
        expect(run.status).toBe(1);
        expect(lines(run.stdout)).toEqual([expect.stringMatching(/^broken-fix\.net:4:3: error: .*\[route-refused\]$/), 'broken-fix.net: 1 problem left']);
        expect(readFileSync(join(scratch(), name), 'utf8')).toBe(broken);
    });

    test('--json: one object per diagnostic, with its range, related lines and fix edits', () => {
        const run = nettopo('check', '--json', file('json.net', oneWay));
        expect(run.status).toBe(0);
        const found = lines(run.stdout).map((line) => JSON.parse(line));
        // `ping B -> C fails` acknowledges C's lost replies: one note at the cause, which still offers the fix.
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
            file: 'json.net',
            line: 11,
            column: 6,
            severity: 'info',
            code: 'missing-return-route',
            range: { start: { line: 10, character: 5 }, end: { line: 10, character: 6 } },
            related: [
                {
                    file: 'json.net',
                    line: 5,
                    column: 3,
                    range: { start: { line: 4, character: 2 } },
                    message: "B's route 10.2.0.0/24 via 10.1.0.1: its packets are lost"
                },
                { file: 'json.net', line: 15, column: 1, message: 'this ping gets no reply, as it expects' }
            ],
            fixes: [
                {
                    title: 'Add `route 10.1.0.0/24 via 10.2.0.1` to C',
                    edits: [{ range: { start: { line: 11, character: 25 } }, newText: '\n  route 10.1.0.0/24 via 10.2.0.1' }]
                }
            ]
        });
        expect(found[0].message).toMatch(
            /^C has no route to 10\.1\.0\.0\/24.*, as `ping B -> C fails` expects; fix: add `route 10.1.0.0\/24 via 10.2.0.1` to C$/
        );
    });
});

describe('expand FILE', () => {
    test('prints the file with each shape written out; checking the expansion finds the same, on other lines', () => {
        const shapes = file('shapes.net', '# a Docker host\r\nhost h {\r\n  docker   # the daemon\r\n}\r\ncontainer web on h\r\nping web -> 10.9.9.9\r\n');
        const run = nettopo('expand', shapes);
        expect(run.status).toBe(0);
        expect(run.stdout).toBe(
            [
                '# a Docker host',
                'host h {',
                '  bridge docker0 172.17.0.1/16',
                '  sysctl net.ipv4.ip_forward = 1',
                '  nat masquerade from 172.17.0.0/16 out !docker0',
                '  filter forward policy drop',
                '  filter forward accept out docker0 state established,related',
                '  filter forward accept in docker0 out !docker0',
                '  filter forward accept in docker0 out docker0   # the daemon',
                '}',
                'host web {',
                '  eth0 172.17.0.2/16 -- h.docker0',
                '  route default via 172.17.0.1',
                '}',
                'ping web -> 10.9.9.9',
                ''
            ].join('\r\n')
        );
        const expanded = file('expanded.net', run.stdout);
        const found = (name: string) => lines(nettopo('check', name).stdout).map((line) => line.replace(/^[^:]+:\d+:\d+: /, ''));
        expect(found(expanded)).toEqual(found(shapes));
        expect(found(shapes).length).toBeGreaterThan(0);
    });

    test('a BOM and invalid UTF-8 in a comment are kept', () => {
        const bytes = Buffer.concat([Buffer.from('\ufeffhost h { # caf'), Buffer.from([0xe9]), Buffer.from('\n  docker\n}\n')]);
        writeFileSync(join(scratch(), 'bytes.net'), bytes);
        const run = spawnSync(process.execPath, [join(root, 'bin/nettopo.js'), 'expand', 'bytes.net'], { cwd: scratch(), timeout: 30_000 });
        expect(run.stdout.subarray(0, 20)).toEqual(bytes.subarray(0, 20));
        expect(run.stdout.toString('latin1')).toContain('\n  bridge docker0 172.17.0.1/16\n');
    });

    test('noise: expand answers with the text or one line, never a trace', () => {
        for (const noise of ['docker\n}{ container on on . 1.2.3.4/99', 'host h {\n  network\n  docker 1.2\n}\ncontainer c on h.\npod', '\u0000\uffff']) {
            writeFileSync(join(scratch(), 'noise-shape.net'), noise);
            const run = nettopo('expand', 'noise-shape.net');
            expect([0, 2]).toContain(run.status);
            expect(run.stderr + run.stdout).not.toMatch(/\n\s+at |internal error|TypeError|RangeError/);
        }
    });

    test('a shape with an error stays as written; expand takes one FILE', () => {
        const broken = file('broken-shape.net', 'host h {\n  network n 10.1.0.0/24\n}\n');
        expect(nettopo('expand', broken).stdout).toBe('host h {\n  network n 10.1.0.0/24\n}\n');
        expect(nettopo('check', broken).stdout).toContain('a Docker network needs the Docker daemon: add a `docker` line to h [shape-needs-docker]');
        expect(nettopo('expand').status).toBe(2);
        expect(nettopo('expand', 'missing.net').stderr).toBe('nettopo: cannot read missing.net: no such file\n');
    });
});

describe('no stack traces', () => {
    test('a reader that goes away ends the command quietly (check big | head -1)', () => {
        const hosts = Array.from(
            { length: 400 },
            (_, index) => `host h${index} {\n  eth0 10.0.${(index + 1) >> 8}.${(index + 1) & 255}/16\n  route 10.9.0.0/16 via 10.0.255.254\n}`
        );
        const name = file('big.net', [...hosts, ...Array.from({ length: 50 }, (_, index) => `ping h${index} -> h${index + 1}`)].join('\n'));
        for (const args of [
            ['check', name],
            ['ping', name, '--json']
        ]) {
            const run = spawnSync('bash', ['-c', `set -o pipefail; node ${JSON.stringify(join(root, 'bin/nettopo.js'))} ${args.join(' ')} | head -1`], {
                cwd: scratch(),
                encoding: 'utf8'
            });
            expect(lines(run.stdout), args.join(' ')).toHaveLength(1);
            expect(run.stderr, args.join(' ')).toBe('');
        }
    });

    test('random bytes: every command answers with diagnostics or one line, never a trace', () => {
        let seed = 12345;
        const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
        for (let round = 0; round < 12; round++) {
            const bytes = Buffer.from(Array.from({ length: 20 + Math.floor(random() * 400) }, () => Math.floor(random() * 256)));
            // Half of them start like a real file, so that the parser gets further in.
            const text = round % 2 ? Buffer.concat([Buffer.from('switch s\nhost A {\n  eth0 10.0.0.1/24 -- s\n'), bytes]) : bytes;
            writeFileSync(join(scratch(), 'noise.net'), text);
            for (const args of [
                ['check', 'noise.net'],
                ['check', '--json', 'noise.net'],
                ['ping', 'noise.net'],
                ['ping', 'noise.net', 'A', '10.0.0.1'],
                ['routes', 'noise.net', 'A']
            ]) {
                const run = nettopo(...args);
                expect([0, 1, 2], `${args.join(' ')} (round ${round})`).toContain(run.status);
                expect(run.stderr + run.stdout, `${args.join(' ')} (round ${round})`).not.toMatch(/\n\s+at |internal error|TypeError|RangeError/);
            }
        }
    });
});
