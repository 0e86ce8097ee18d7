import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * A lab over three files on the real kernel: `nettopo verify` on examples/21-sites/site.net (which
 * imports site-a.net and site-b.net) builds the whole lab, every file's nodes, in namespaces of its
 * own, runs each ping (and every node to every address) and compares the route tables; the engine
 * must predict all of it. A site file alone is a lab of its own, and verified as one.
 */
const root = join(import.meta.dirname, '../..');
const sites = join(root, 'examples/21-sites');

function verify(...args: string[]) {
    const result = spawnSync(process.execPath, [join(root, 'bin/nettopo.js'), 'verify', ...args, '--json'], {
        cwd: sites,
        encoding: 'utf8',
        timeout: 600_000,
        env: { ...process.env, LC_ALL: 'C' }
    });
    expect(result.stderr).toBe('');
    return {
        status: result.status,
        report: JSON.parse(result.stdout) as {
            agrees: boolean;
            kernel: { pings: { source: string; lines: string[] }[]; routes: object };
            differences: unknown[];
        }
    };
}

describe.skipIf(skipKernel)(kernelTitle('a lab over three files, verified on the kernel'), () => {
    test('site.net with its imports: the kernel and the engine agree, every node to every address', () => {
        requireKernel();
        const { status, report } = verify('site.net', '--all-pairs');
        expect(report.differences).toEqual([]);
        expect(report.agrees).toBe(true);
        expect(status).toBe(0);
        // The nodes of all three files were built, and the pings across the files got their replies.
        expect(Object.keys(report.kernel.routes).sort()).toEqual(['a1', 'b1', 'core', 'ra', 'rb']);
        expect(report.kernel.pings.slice(0, 5).map((ping) => `${ping.source}: ${ping.lines.join(' / ')}`)).toEqual([
            'a1: 64 bytes from 198.18.1.1: icmp_seq=1 ttl=64',
            'b1: 64 bytes from 198.18.2.1: icmp_seq=1 ttl=64',
            'a1: 64 bytes from 198.18.2.10: icmp_seq=1 ttl=61',
            'b1: 64 bytes from 198.18.1.10: icmp_seq=1 ttl=61',
            'a1: 64 bytes from 198.18.0.1: icmp_seq=1 ttl=63'
        ]);
    }, 600_000);

    test('site-a.net alone: a lab of its own', () => {
        requireKernel();
        const { status, report } = verify('site-a.net');
        expect(report.differences).toEqual([]);
        expect(Object.keys(report.kernel.routes).sort()).toEqual(['a1', 'ra']);
        expect(status).toBe(0);
    }, 300_000);
});
