import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * `nettopo verify` interrupted, as a real process on the real kernel: every catchable signal that
 * ends a process (Ctrl-C, kill, a closed terminal, Ctrl-\) leaves no namespace behind, and what a
 * SIGKILL leaves `verify --cleanup` removes, and only that.
 *
 * Safety: only 198.18.0.0/15 addresses; every namespace verify creates here has a node or switch
 * name ending in this run's id, and afterAll removes whatever of this run is left, by name.
 */

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/nettopo.js');
const id = [...randomBytes(6)].map((byte) => (byte % 36).toString(36)).join('');
let dir: string;

/** ARP for 198.18.20.99 goes unanswered: each ping lab lives for seconds, long enough to be interrupted. */
const slowLab = `switch lan_${id} 198.18.20.0/24
host A_${id} {
  eth0 198.18.20.1/24 -- lan_${id}
}
host B_${id} {
  eth0 198.18.20.2/24 -- lan_${id}
}
ping A_${id} -> 198.18.20.99 fails
ping B_${id} -> 198.18.20.98 fails
ping A_${id} -> B_${id}
`;

function namespaces(): string[] {
    const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    return listed.stdout
        .split('\n')
        .map((line) => line.split(' ')[0])
        .filter((name) => name !== '');
}

/** This run's namespaces: verify's are `ntXXXXXX-N-KIND-NAME`, NAME ending in the id. */
const ours = () => namespaces().filter((name) => name.endsWith(`_${id}`));

beforeAll(() => {
    if (!existsSync(join(root, 'out/nettopo.js'))) throw new Error('out/nettopo.js is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'nettopo-verify-signals-'));
    writeFileSync(join(dir, 'slow.net'), slowLab);
});

afterAll(() => {
    try {
        if (!skipKernel) {
            for (const name of ours()) {
                if (!name.endsWith(`_${id}`)) throw new Error(`refusing to delete ${name}: not this run's`);
                spawnSync('ip', ['netns', 'del', name]);
            }
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

interface RunningVerify {
    readonly child: ChildProcess;
    /** The signal the process died of, or null. */
    readonly exited: Promise<NodeJS.Signals | null>;
    /** Resolves with the first namespace of this run that appears (an inotify event on /run/netns). */
    readonly firstLab: Promise<string>;
}

function startVerify(): RunningVerify {
    let found: (name: string) => void;
    const firstLab = new Promise<string>((resolve) => {
        found = resolve;
    });
    const watcher = watch('/run/netns', (_event, name) => {
        if (name?.endsWith(`_${id}`) && existsSync(join('/run/netns', name))) found(name);
    });
    const child = spawn(process.execPath, [bin, 'verify', 'slow.net'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => {
            watcher.close();
            resolve(signal);
        })
    );
    return { child, exited, firstLab };
}

/** The run prefix (`ntXXXXXX`) of a verify namespace name. */
const runPrefixOf = (namespace: string) => /^(nt[0-9a-z]{6})-\d+-[nst]-/.exec(namespace)?.[1];

describe.skipIf(skipKernel)(kernelTitle('nettopo verify interrupted by a signal'), () => {
    test.each(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const)(
        '%s while labs exist: verify dies of it and leaves nothing behind',
        async (signal) => {
            requireKernel();
            const verify = startVerify();
            const lab = await verify.firstLab;
            verify.child.kill(signal);
            expect(await verify.exited).toBe(signal);
            expect(ours()).toEqual([]);
            // Its record is gone too: nothing for --cleanup to find.
            expect(existsSync(join('/run/nettopo/runs', runPrefixOf(lab) ?? 'none'))).toBe(false);
        },
        120_000
    );
});

describe.skipIf(skipKernel)(kernelTitle('nettopo verify --cleanup after a SIGKILL'), () => {
    test('removes the namespaces of the killed run, and leaves a namespace of the same shape that no run recorded', async () => {
        requireKernel();
        // A namespace named as verify names its own, but recorded by no run: not ours to delete.
        const decoy = `nt${id}-1-n-D_${id}`;
        expect(spawnSync('ip', ['netns', 'add', decoy]).status).toBe(0);
        try {
            const verify = startVerify();
            const lab = await verify.firstLab;
            // A crash takes the whole process tree: verify, then its commands (each in its own group).
            const commands = childrenOf(verify.child.pid!);
            verify.child.kill('SIGKILL');
            expect(await verify.exited).toBe('SIGKILL');
            for (const pid of commands) killGroup(pid);
            for (const pid of commands) spawnSync('tail', [`--pid=${pid}`, '-f', '/dev/null'], { timeout: 20_000 });
            const prefix = runPrefixOf(lab)!;
            const left = ours().filter((name) => name.startsWith(`${prefix}-`));
            expect(left.length, 'a SIGKILL leaves the labs behind').toBeGreaterThan(0);
            expect(existsSync(join('/run/nettopo/runs', prefix)), 'the run is recorded').toBe(true);

            const cleanup = spawnSync(process.execPath, [bin, 'verify', '--cleanup'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
            expect(cleanup.status, cleanup.stderr).toBe(0);
            expect(cleanup.stdout).toMatch(/^removed \d+ namespaces? left by earlier runs: /);
            for (const name of left) expect(cleanup.stdout).toContain(name);
            expect(cleanup.stdout).not.toContain(decoy);
            expect(ours()).toEqual([decoy]);
            expect(existsSync(join('/run/nettopo/runs', prefix))).toBe(false);
        } finally {
            spawnSync('ip', ['netns', 'del', decoy]);
        }
    }, 120_000);
});

/** The processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
    return readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((entry) => {
            try {
                const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
                return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
            } catch {
                return false;
            }
        })
        .map(Number);
}

function killGroup(pid: number): void {
    try {
        process.kill(-pid, 'SIGKILL');
    } catch {
        // Already gone.
    }
}
