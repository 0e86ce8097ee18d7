import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkLabAddresses } from '../../language/src/kernel/address-guard.js';
import { LabInputError } from '../../language/src/kernel/netns-script.js';
import { loadNetText } from '../../language/src/load.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * `nettopo export --format netns` and `nettopo verify` as users run them, on the real kernel:
 * the exported script builds a lab that pings and has the route tables `nettopo routes` prints,
 * its teardown leaves nothing behind, and `verify` agrees and cleans up after itself.
 *
 * Safety (a shared machine): only 198.18.0.0/15 addresses reach the kernel; every namespace this
 * file creates carries this run's random id (the export prefix, and the node and switch names
 * that `verify`'s own `nt...` prefix is followed by), and is removed in afterAll even on failure.
 */

const root = join(import.meta.dirname, '../..');
const bundle = join(root, 'out/nettopo.js');
const id = [...randomBytes(6)].map((byte) => (byte % 36).toString(36)).join('');
/** The export prefix: PREFIX-n-NODE, PREFIX-s-SWITCH. */
const prefix = `ntt${id}`;
let dir: string;

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

function run(command: string, args: readonly string[], timeout = 60_000): Run {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout, env: { ...process.env, LC_ALL: 'C' } });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

const nettopo = (args: readonly string[], timeout?: number) => run(process.execPath, [join(root, 'bin/nettopo.js'), ...args], timeout);
const lines = (text: string) =>
    text
        .split('\n')
        .map((line) => line.trimEnd())
        .filter((line) => line !== '');

/** Every namespace on the machine (`ip netns list` can stumble on one that another lab is deleting: then again). */
function namespaces(): string[] {
    let listed = run('ip', ['netns', 'list']);
    for (let attempt = 1; listed.status !== 0 && attempt < 5; attempt++) listed = run('ip', ['netns', 'list']);
    expect(listed.status, listed.stderr).toBe(0);
    return lines(listed.stdout).map((line) => line.split(' ')[0]);
}

/** Deletes the given namespaces (each one by name; only ever names carrying this run's id). */
function deleteNamespaces(names: readonly string[]): void {
    for (const name of names) {
        if (!name.includes(id)) throw new Error(`refusing to delete ${name}: not this run's`);
        run('ip', ['netns', 'del', name]);
    }
}

/** This run's namespaces: the export prefix's, and verify's (`ntXXXXXX-N-KIND-NAME`, NAME ending in the id). */
const ours = () => namespaces().filter((name) => name.startsWith(`${prefix}-`) || (/^nt[0-9a-z]{6}-\d+-[nst]-/.test(name) && name.endsWith(`_${id}`)));

// Node and switch names end in the run id, so that verify's namespaces are recognisably this run's.
const A = `A_${id}`,
    B = `B_${id}`,
    C = `C_${id}`,
    R = `R_${id}`;
const topologyText = `# 2 LANs, a router, 3 hosts; 198.18.0.0/15 only
switch lan1_${id} 198.18.1.0/24
switch lan2_${id} 198.18.2.0/24
router ${R} {
  eth0 198.18.1.1/24 -- lan1_${id}
  eth1 198.18.2.1/24 -- lan2_${id}
}
host ${A} {
  eth0 198.18.1.10/24 -- lan1_${id}
  route default via 198.18.1.1
  route 198.19.0.0/16 blackhole
  route 198.18.7.0/24 via 198.18.1.1 metric 5
}
host ${B} {
  eth0 198.18.1.11/24 -- lan1_${id}
  route default via 198.18.1.1
}
host ${C} {
  eth0 198.18.2.10/24 -- lan2_${id}
  route 198.18.0.0/16 via 198.18.2.1
}
ping ${A} -> ${C}
ping ${C} -> ${B}.eth0
ping ${B} -> 198.18.9.9 fails
`;
const nodes = [R, A, B, C];

// A container host: a bridge with two containers, MASQUERADE and Docker's FORWARD rules, and an
// interface named like the first generated port (the ports must not take its name).
const DH = `DH_${id}`,
    W = `W_${id}`,
    X = `X_${id}`,
    L = `L_${id}`;
const containerText = `# a container host on a LAN; 198.18.0.0/15 only
switch clan_${id} 198.18.3.0/24
host ${DH} {
  eth0 198.18.3.10/24 -- clan_${id}
  bridge d0 198.19.3.1/24
  veth0 198.18.4.1/24
  sysctl net.ipv4.ip_forward = 1
  nat masquerade from 198.19.3.0/24 out !d0
  filter forward policy drop
  filter forward accept out d0 state established,related
  filter forward accept in d0
}
host ${W} {
  eth0 198.19.3.2/24 -- ${DH}.d0
  route default via 198.19.3.1
}
host ${X} {
  eth0 198.19.3.3/24 -- ${DH}.d0
  route default via 198.19.3.1
}
host ${L} {
  eth0 198.18.3.20/24 -- clan_${id}
}
ping ${W} -> ${L}
ping ${W} -> ${X}
ping ${L} -> ${W} fails
`;
const addresses = ['198.18.1.1', '198.18.2.1', '198.18.1.10', '198.18.1.11', '198.18.2.10'];

/** Every dotted quad of a text is in 198.18.0.0/15 or `default` (checked before anything reaches the kernel). */
function onlyLabAddresses(text: string): void {
    const quads = (text.match(/\b\d+\.\d+\.\d+\.\d+(\/\d+)?\b/g) ?? []).filter((quad) => quad !== '0.0.0.0/0');
    expect(quads.length).toBeGreaterThan(0);
    for (const quad of quads) expect(quad, `${quad} is outside 198.18.0.0/15`).toMatch(/^198\.1[89]\./);
}

beforeAll(() => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` before the CLI tests`);
    dir = mkdtempSync(join(tmpdir(), 'nettopo-kernel-commands-'));
    writeFileSync(join(dir, 'lab.net'), topologyText);
    writeFileSync(join(dir, 'containers.net'), containerText);
    onlyLabAddresses(topologyText);
    onlyLabAddresses(containerText);
});

afterAll(() => {
    try {
        if (!skipKernel && existsSync(join(dir, 'lab.net'))) {
            // The teardown script first (what a user would run), then whatever of this run is left.
            const teardown = nettopo(['export', 'lab.net', '--format', 'netns', '--prefix', prefix, '--teardown']);
            if (teardown.status === 0 && teardown.stdout.includes(`'${prefix}-`)) run('bash', ['-c', teardown.stdout]);
            deleteNamespaces(ours());
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

describe.skipIf(skipKernel)(kernelTitle('nettopo export --format netns on the kernel'), () => {
    let built = false;

    test('the build script runs as root and builds one namespace per node and per switch', () => {
        requireKernel();
        expect(ours(), 'namespaces of this run exist before the build').toEqual([]);
        const exported = nettopo(['export', 'lab.net', '--format', 'netns', '--prefix', prefix]);
        expect(exported.status, exported.stderr).toBe(0);
        expect(exported.stderr).toBe('');
        expect(exported.stdout.startsWith('#!/usr/bin/env bash\n')).toBe(true);
        onlyLabAddresses(exported.stdout);
        // Every namespace the script names is this run's.
        for (const [, name] of exported.stdout.matchAll(/netns (?:add|exec) '([^']*)'/g)) expect(name.startsWith(`${prefix}-`), name).toBe(true);
        writeFileSync(join(dir, 'build.sh'), exported.stdout);
        built = true;
        const result = run('bash', ['build.sh']);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toBe('');
        expect(new Set(ours())).toEqual(new Set([...nodes.map((node) => `${prefix}-n-${node}`), `${prefix}-s-lan1_${id}`, `${prefix}-s-lan2_${id}`]));
    });

    test('ping from a host works across the router, and to its own LAN', () => {
        requireKernel();
        expect(built).toBe(true);
        for (const [source, target] of [
            [A, '198.18.2.10'],
            [A, '198.18.1.11'],
            [C, '198.18.1.10'],
            [B, '198.18.2.1']
        ]) {
            const ping = run('ip', ['netns', 'exec', `${prefix}-n-${source}`, 'ping', '-n', '-c', '1', '-W', '4', target], 20_000);
            expect(ping.status, `${source} -> ${target}: ${ping.stdout}${ping.stderr}`).toBe(0);
            expect(ping.stdout).toMatch(new RegExp(`^64 bytes from ${target.replaceAll('.', '\\.')}: icmp_seq=1 ttl=\\d+`, 'm'));
        }
        const lost = run('ip', ['netns', 'exec', `${prefix}-n-${B}`, 'ping', '-n', '-c', '1', '-W', '4', '198.18.9.9'], 20_000);
        expect(lost.status).not.toBe(0);
        expect(lost.stdout).toContain('From 198.18.1.1 icmp_seq=1 Destination Net Unreachable');
    });

    test('`ip -n P-n-NODE route` and `route -n` are what `nettopo routes` prints', () => {
        requireKernel();
        expect(built).toBe(true);
        for (const node of nodes) {
            const kernel = run('ip', ['-n', `${prefix}-n-${node}`, 'route']);
            expect(kernel.status, kernel.stderr).toBe(0);
            const predicted = nettopo(['routes', 'lab.net', node]);
            expect(predicted.status, predicted.stderr).toBe(0);
            expect(lines(kernel.stdout), `ip route of ${node}`).toEqual(lines(predicted.stdout));

            const kernelN = run('ip', ['netns', 'exec', `${prefix}-n-${node}`, 'route', '-n']);
            expect(kernelN.status, kernelN.stderr).toBe(0);
            expect(lines(kernelN.stdout), `route -n of ${node}`).toEqual(lines(nettopo(['routes', 'lab.net', node, '--format', 'route']).stdout));
        }
        // The routes went in as written: a blackhole, a metric.
        const routesOfA = lines(run('ip', ['-n', `${prefix}-n-${A}`, 'route']).stdout);
        expect(routesOfA).toContain('blackhole 198.19.0.0/16');
        expect(routesOfA).toContain('198.18.7.0/24 via 198.18.1.1 dev eth0 metric 5');
    });

    test('the router forwards, hosts do not, and ICMP errors are not rate limited', () => {
        requireKernel();
        expect(built).toBe(true);
        const sysctl = (node: string, key: string) => run('ip', ['netns', 'exec', `${prefix}-n-${node}`, 'sysctl', '-n', key]).stdout.trim();
        expect(sysctl(R, 'net.ipv4.ip_forward')).toBe('1');
        expect(sysctl(A, 'net.ipv4.ip_forward')).toBe('0');
        expect(sysctl(A, 'net.ipv4.icmp_ratelimit')).toBe('0');
        expect(sysctl(R, 'net.ipv4.icmp_ratelimit')).toBe('0');
    });

    test('the teardown script removes every namespace of the lab', () => {
        requireKernel();
        const exported = nettopo(['export', 'lab.net', '--format', 'netns', '--prefix', prefix, '--teardown']);
        expect(exported.status, exported.stderr).toBe(0);
        for (const [, name] of exported.stdout.matchAll(/netns del '([^']*)'/g)) expect(name.startsWith(`${prefix}-`), name).toBe(true);
        writeFileSync(join(dir, 'teardown.sh'), exported.stdout);
        const result = run('bash', ['teardown.sh']);
        expect(result.status, result.stderr).toBe(0);
        expect(namespaces().filter((name) => name.startsWith(`${prefix}-`))).toEqual([]);
        // Running it again (nothing left) is harmless.
        expect(run('bash', ['teardown.sh']).status).toBe(0);
    });
});

describe.skipIf(skipKernel)(kernelTitle('nettopo export --format netns on the kernel: a container host'), () => {
    // Under the export prefix, so that afterAll's sweep of this run's namespaces covers it too.
    const cprefix = `${prefix}-c`;
    const ns = (node: string) => `${cprefix}-n-${node}`;
    let built = false;

    test('the build script builds the bridge, plugs the containers into it and loads the rules', () => {
        requireKernel();
        const exported = nettopo(['export', 'containers.net', '--format', 'netns', '--prefix', cprefix]);
        expect(exported.status, exported.stderr).toBe(0);
        onlyLabAddresses(exported.stdout);
        for (const [, name] of exported.stdout.matchAll(/netns (?:add|exec) '([^']*)'/g)) expect(name.startsWith(`${cprefix}-`), name).toBe(true);
        writeFileSync(join(dir, 'containers.sh'), exported.stdout);
        const result = run('bash', ['containers.sh']);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toBe('');
        built = true;
        // One namespace per node and switch; the bridge needs none of its own.
        expect(new Set(namespaces().filter((name) => name.startsWith(`${cprefix}-`)))).toEqual(
            new Set([...[DH, W, X, L].map(ns), `${cprefix}-s-clan_${id}`, `${cprefix}-t-${DH}`])
        );
    });

    test("d0 is a bridge in the host, whose ports are the far ends of the containers' eth0, named around the host's own veth0", () => {
        requireKernel();
        expect(built).toBe(true);
        expect(run('ip', ['-n', ns(DH), '-d', 'link', 'show', 'd0']).stdout).toMatch(/\n\s+bridge /);
        const ports = lines(run('ip', ['-n', ns(DH), '-o', 'link', 'show', 'master', 'd0']).stdout).map((line) => line.split(': ')[1].split('@')[0]);
        expect(ports).toEqual(['veth1', 'veth2']);
        for (const container of [W, X]) {
            const link = run('ip', ['-n', ns(container), '-d', 'link', 'show', 'eth0']).stdout;
            expect(link).toContain(`link-netns ${ns(DH)}`);
            expect(link).toMatch(/\n\s+veth /);
        }
        expect(run('ip', ['netns', 'exec', ns(DH), 'sysctl', '-n', 'net.bridge.bridge-nf-call-iptables']).stdout.trim()).toBe('1');
    });

    test('`iptables -S` and `iptables -t nat -S` in the host are what `nettopo rules` prints', () => {
        requireKernel();
        expect(built).toBe(true);
        for (const [table, args] of [
            ['filter', ['-S']],
            ['nat', ['-t', 'nat', '-S']]
        ] as const) {
            const kernel = run('ip', ['netns', 'exec', ns(DH), 'iptables', ...args]);
            expect(kernel.status, kernel.stderr).toBe(0);
            const predicted = nettopo(['rules', 'containers.net', DH, '--table', table]);
            expect(predicted.status, predicted.stderr).toBe(0);
            expect(kernel.stdout, table).toBe(predicted.stdout);
        }
        expect(run('ip', ['netns', 'exec', ns(DH), 'iptables', '-t', 'nat', '-S']).stdout).toContain('-A POSTROUTING -s 198.19.3.0/24 ! -o d0 -j MASQUERADE');
    });

    test('a container reaches the LAN through MASQUERADE (the LAN host has no route back) and its neighbour across the bridge', () => {
        requireKernel();
        expect(built).toBe(true);
        for (const target of ['198.18.3.20', '198.19.3.3']) {
            const ping = run('ip', ['netns', 'exec', ns(W), 'ping', '-n', '-c', '1', '-W', '4', target], 20_000);
            expect(ping.status, `${W} -> ${target}: ${ping.stdout}${ping.stderr}`).toBe(0);
        }
    });

    test('the teardown script removes every namespace of the container lab', () => {
        requireKernel();
        const teardown = nettopo(['export', 'containers.net', '--format', 'netns', '--prefix', cprefix, '--teardown']);
        expect(teardown.status, teardown.stderr).toBe(0);
        expect(run('bash', ['-c', teardown.stdout]).status).toBe(0);
        expect(namespaces().filter((name) => name.startsWith(`${cprefix}-`))).toEqual([]);
    });
});

describe.skipIf(skipKernel)(kernelTitle('nettopo verify on the kernel'), () => {
    /** Runs verify and checks that it left no namespace behind (compared with before it ran). */
    function verify(args: readonly string[]): Run {
        const before = new Set(namespaces());
        const result = nettopo(['verify', ...args], 300_000);
        const added = namespaces().filter((name) => !before.has(name));
        expect(
            added.filter((name) => name.includes(id)),
            `namespaces verify left behind (all new ones: ${added.join(' ')})`
        ).toEqual([]);
        return result;
    }

    /** Runs verify and expects exit 0, nothing on stderr, and exactly these lines. */
    function agrees(args: readonly string[], expected: readonly string[]): void {
        const result = verify(args);
        expect(result.stderr).toBe('');
        expect(result.status, result.stdout).toBe(0);
        expect(lines(result.stdout)).toEqual(expected);
    }

    test("the file's ping statements: exit 0 and `agrees`", () => {
        requireKernel();
        agrees(
            ['lab.net'],
            ['verify lab.net: 4 nodes, 3 pings, each on a lab built afresh in network namespaces', 'agrees: 3/3 pings, 4/4 route tables, refused routes agree']
        );
    });

    test("--all-pairs: exit 0, the file's pings and then nodes x addresses", () => {
        requireKernel();
        const pings = 3 + nodes.length * addresses.length;
        agrees(
            ['lab.net', '--all-pairs'],
            [
                `verify lab.net: 4 nodes, ${pings} pings, each on a lab built afresh in network namespaces`,
                `agrees: ${pings}/${pings} pings, 4/4 route tables, refused routes agree`
            ]
        );
    });

    test('a container host: its iptables listings are compared too', () => {
        requireKernel();
        agrees(
            ['containers.net'],
            [
                'verify containers.net: 4 nodes, 3 pings, each on a lab built afresh in network namespaces',
                'agrees: 3/3 pings, 4/4 route tables, 1/1 iptables rule sets, refused routes agree'
            ]
        );
    });

    test('routes the kernel refuses are predictions like any other: verify checks that it refuses them with the same words', () => {
        requireKernel();
        const refusals = `${topologyText}host D_${id} {
  eth0 198.18.1.12/24 -- lan1_${id}
  route default via 198.18.1.1
  route 198.18.9.0/24 via 198.18.3.1
  route 198.18.8.7/24 via 198.18.1.1
  route 198.18.1.0/24 via 198.18.1.1
  route 198.18.6.0/24 dev eth9
  route 198.18.5.0/24 blackhole via 198.18.1.1
}
ping D_${id} -> ${C}
ping D_${id} -> 198.18.9.1
`;
        writeFileSync(join(dir, 'refused.net'), refusals);
        const checked = nettopo(['check', 'refused.net']);
        expect(lines(checked.stdout).filter((line) => line.endsWith('[route-refused]'))).toHaveLength(5);
        agrees(
            ['refused.net'],
            [
                'verify refused.net: 5 nodes, 5 pings, each on a lab built afresh in network namespaces',
                'agrees: 5/5 pings, 5/5 route tables, refused routes agree'
            ]
        );
    });

    test('a ping from an interface is `ping -I` on the kernel too; a down interface is left down', () => {
        requireKernel();
        // Without -I, F's ping to C replies; bound to its down eth1, connect finds no route; bound to eth0, it replies.
        const bound = `${topologyText}host F_${id} {
  eth0 198.18.1.13/24 -- lan1_${id}
  eth1 198.18.6.1/24 down
  route default via 198.18.1.1
}
ping F_${id} -> ${C} from eth1 fails
ping F_${id} -> ${C} from eth0
`;
        writeFileSync(join(dir, 'bound.net'), bound);
        agrees(
            ['bound.net'],
            [
                'verify bound.net: 5 nodes, 5 pings, each on a lab built afresh in network namespaces',
                'agrees: 5/5 pings, 5/5 route tables, refused routes agree'
            ]
        );
    });

    test('a file with a syntax error is still refused, before anything is built', () => {
        requireKernel();
        writeFileSync(join(dir, 'syntax.net'), `${topologyText}host E_${id} {\n  eth0 198.18.1.13/24 -- nowhere_${id}\n}\n`);
        const result = verify(['syntax.net']);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('syntax.net has errors; fix them before verifying:');
        expect(result.stderr).toContain(`unknown switch or interface (NODE.IFNAME) 'nowhere_${id}' [linking-error]`);
        expect(result.stdout).toBe('');
    });

    test('a file with 192.168 addresses: exit 2 naming 198.18.0.0/15 and --any-address, nothing built', async () => {
        requireKernel();
        const text = `switch s_${id}\nhost H_${id} {\n  eth0 192.168.77.1/24 -- s_${id}\n}\nhost G_${id} {\n  eth0 192.168.77.2/24 -- s_${id}\n}\nping H_${id} -> G_${id}\n`;
        // The guard must refuse this file before the CLI is let near it: nothing outside 198.18.0.0/15 may reach the kernel.
        const { topology } = await loadNetText(text);
        expect(() => checkLabAddresses(topology, [])).toThrow(LabInputError);
        writeFileSync(join(dir, 'private.net'), text);
        const result = verify(['private.net']);
        expect(result.status).toBe(2);
        const message = lines(result.stderr);
        expect(message).toHaveLength(1);
        expect(message[0]).toMatch(/^nettopo: /);
        expect(message[0]).toContain('192.168.77.1');
        expect(message[0]).toContain('198.18.0.0/15');
        expect(message[0]).toContain('--any-address');
        expect(result.stdout).not.toMatch(/agrees|DIFFERENT/);
    });
});

describe('export: bad usage', () => {
    test('no FILE: exit 2, a clear first line, then the usage; no stack trace', () => {
        const result = nettopo(['export']);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        const [first, ...rest] = lines(result.stderr);
        expect(first).toBe('nettopo: export takes FILE');
        expect(rest[0]).toBe('usage:');
        expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    test('--format foo: exit 2, one line', () => {
        const result = nettopo(['export', 'lab.net', '--format', 'foo']);
        expect(result).toMatchObject({ status: 2, stdout: '' });
        expect(lines(result.stderr)).toEqual(["nettopo: unknown format 'foo': export knows netns"]);
    });

    test('a missing file: exit 2, one line', () => {
        const result = nettopo(['export', 'missing.net', '--format', 'netns']);
        expect(result).toMatchObject({ status: 2, stdout: '' });
        expect(lines(result.stderr)).toEqual(['nettopo: cannot read missing.net: no such file']);
    });

    test('a prefix that is not a safe namespace prefix: exit 2, one line', () => {
        for (const bad of ['Bad', "x';id;'", 'a b']) {
            const result = nettopo(['export', 'lab.net', '--prefix', bad]);
            expect(result, bad).toMatchObject({ status: 2, stdout: '' });
            expect(lines(result.stderr), bad).toEqual([
                `nettopo: invalid lab prefix "${bad}": a prefix is a lowercase letter, then at most 23 lowercase letters, digits or '-'`
            ]);
        }
    });

    test('a file with errors: exit 2, the errors listed, no script', () => {
        writeFileSync(join(dir, 'long.net'), 'switch s\nhost A {\n  averyverylongname 198.18.0.1/24 -- s\n}\n');
        const result = nettopo(['export', 'long.net']);
        expect(result).toMatchObject({ status: 2, stdout: '' });
        const [first, ...errors] = lines(result.stderr);
        expect(first).toBe('nettopo: long.net has errors; fix them before exporting:');
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.every((line) => /^long\.net:\d+:\d+: error: /.test(line))).toBe(true);
        expect(result.stderr).not.toMatch(/\n\s+at /);
    });

    test('the build script starts with a comment saying what it builds', () => {
        const build = nettopo(['export', 'lab.net', '--prefix', 'lab']);
        expect(build.stdout.split('\n').slice(0, 3)).toEqual([
            '#!/usr/bin/env bash',
            '# Builds, in network namespaces (run as root), the topology of lab.net (generated by nettopo export, prefix lab).',
            'set -e'
        ]);
    });

    test('the teardown script starts with a comment saying what it removes', () => {
        const teardown = nettopo(['export', 'lab.net', '--prefix', 'lab', '--teardown']);
        expect(teardown.stdout.split('\n')[1]).toBe('# Removes the network namespaces of the topology of lab.net (generated by nettopo export, prefix lab).');
    });

    test('the default prefix is nt; --teardown names the same namespaces', () => {
        const build = nettopo(['export', 'lab.net']);
        const teardown = nettopo(['export', 'lab.net', '--teardown']);
        expect(build.status).toBe(0);
        expect(teardown.status).toBe(0);
        const added = [...build.stdout.matchAll(/^netns add '([^']*)'$/gm)].map((match) => match[1]);
        const deleted = [...teardown.stdout.matchAll(/^netns del '([^']*)'$/gm)].map((match) => match[1]);
        expect(added).toContain(`nt-n-${A}`);
        expect(deleted).toEqual(added);
        expect(teardown.stdout).not.toMatch(/netns add|link add|addr add|route add/);
    });
});
