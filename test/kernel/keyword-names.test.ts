import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * Interface names that are `ip` keywords (or abbreviations of them: `ip` takes `t` for `type`) are
 * valid names to the kernel. `export` and `verify` must build them: on the real kernel, the
 * exported script and `verify` give every such interface its addresses, links and routes.
 *
 * Safety: only 198.18.0.0/15; namespaces carry this run's id (export prefix, node and switch names)
 * and are removed in afterAll, by name, even on failure.
 */

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/nettopo.js');
const id = [...randomBytes(6)].map((byte) => (byte % 36).toString(36)).join('');
const prefix = `ntk${id}`;
let dir: string;

const A = `A_${id}`,
    B = `B_${id}`,
    R = `R_${id}`;
/** Interfaces named up, type, master, help, name, link, netns, mtu, t, h: each an `ip` keyword or one's abbreviation. */
const keywordLab = `switch lan_${id} 198.18.30.0/24
host ${A} {
  up 198.18.30.1/24 -- lan_${id}
  type 198.18.31.1/24 -- ${B}.help
  sysctl net.ipv4.conf.up.rp_filter = 1
  route 198.18.32.0/24 via 198.18.31.2 dev type
}
host ${B} {
  master 198.18.30.2/24 -- lan_${id}
  help 198.18.31.2/24 -- ${A}.type
  name 198.18.32.1/24
  route 198.18.33.0/24 dev help metric 7
}
router ${R} {
  link 198.18.30.3/24 -- lan_${id}
  netns 198.18.34.1/24
  mtu 198.18.35.1/24
  t 198.18.36.1/24
  h 198.18.37.1/24
}
ping ${A} -> ${B}.help
ping ${A} -> ${B}.master
ping ${B} -> ${R}.link
ping ${A} -> ${B}.name
`;

function run(command: string, args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(command, args, { cwd: dir, input, encoding: 'utf8', timeout: 300_000, env: { ...process.env, LC_ALL: 'C' } });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

const nettopo = (...args: string[]) => run(process.execPath, [bin, ...args]);
const ours = () =>
    run('ip', ['netns', 'list'])
        .stdout.split('\n')
        .map((line) => line.split(' ')[0])
        .filter((name) => name.includes(id));

beforeAll(() => {
    if (!existsSync(join(root, 'out/nettopo.js'))) throw new Error('out/nettopo.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'nettopo-keywords-'));
    writeFileSync(join(dir, 'keywords.net'), keywordLab);
});

afterAll(() => {
    try {
        if (!skipKernel) for (const name of ours()) run('ip', ['netns', 'del', name]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

describe('interface names that are ip keywords', () => {
    test('pass check', () => {
        const checked = nettopo('check', 'keywords.net');
        expect(checked).toMatchObject({ status: 0, stderr: '' });
    });
});

describe.skipIf(skipKernel)(kernelTitle('interface names that are ip keywords, on the kernel'), () => {
    test('the exported script builds every interface, with its address; the teardown removes the lab', () => {
        requireKernel();
        const exported = nettopo('export', 'keywords.net', '--prefix', prefix);
        expect(exported.status, exported.stderr).toBe(0);
        const built = run('bash', ['-s'], exported.stdout);
        try {
            expect(built.status, built.stderr).toBe(0);
            expect(built.stderr).toBe('');
            const expected: [string, string, string][] = [
                [A, 'up', '198.18.30.1/24'],
                [A, 'type', '198.18.31.1/24'],
                [B, 'master', '198.18.30.2/24'],
                [B, 'help', '198.18.31.2/24'],
                [B, 'name', '198.18.32.1/24'],
                [R, 'link', '198.18.30.3/24'],
                [R, 'netns', '198.18.34.1/24'],
                [R, 'mtu', '198.18.35.1/24'],
                [R, 't', '198.18.36.1/24'],
                [R, 'h', '198.18.37.1/24']
            ];
            for (const [node, name, address] of expected) {
                const shown = run('ip', ['-n', `${prefix}-n-${node}`, '-o', 'addr', 'show', 'dev', name]);
                expect(shown.status, `${node}.${name}: ${shown.stderr}`).toBe(0);
                expect(shown.stdout, `${node}.${name}`).toContain(`${name}    inet ${address}`);
            }
            expect(run('ip', ['-n', `${prefix}-n-${B}`, 'route', 'show', '198.18.33.0/24']).stdout.trim()).toBe('198.18.33.0/24 dev help scope link metric 7');
            expect(run('ip', ['netns', 'exec', `${prefix}-n-${A}`, 'sysctl', '-n', 'net.ipv4.conf.up.rp_filter']).stdout.trim()).toBe('1');
        } finally {
            const teardown = nettopo('export', 'keywords.net', '--prefix', prefix, '--teardown');
            expect(run('bash', ['-s'], teardown.stdout).status).toBe(0);
        }
        expect(ours().filter((name) => name.startsWith(`${prefix}-`))).toEqual([]);
    });

    test('verify builds them and agrees with the kernel', () => {
        requireKernel();
        const verified = nettopo('verify', 'keywords.net');
        expect(verified.stderr).toBe('');
        expect(verified.stdout.trim().split('\n')).toEqual([
            'verify keywords.net: 3 nodes, 4 pings, each on a lab built afresh in network namespaces',
            'agrees: 4/4 pings, 3/3 route tables, refused routes agree'
        ]);
        expect(verified.status).toBe(0);
        expect(ours()).toEqual([]);
    });

    test('a sysctl the kernel does not have: verify says which, in our words, exit 2, nothing left', () => {
        requireKernel();
        writeFileSync(
            join(dir, 'unknown-sysctl.net'),
            keywordLab.replace('  sysctl net.ipv4.conf.up.rp_filter = 1\n', '  sysctl net.ipv4.no_such_setting = 1\n')
        );
        const verified = nettopo('verify', 'unknown-sysctl.net');
        expect(verified.status).toBe(2);
        expect(verified.stderr.trim()).toBe(
            `nettopo: the kernel refused sysctl net.ipv4.no_such_setting = 1 on ${A}: the kernel has no such setting in a network namespace, or does not take that value`
        );
        expect(ours()).toEqual([]);
    });
});
