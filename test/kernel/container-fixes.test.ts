import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadNetText } from '../../language/src/load.js';
import { simulatePingTo } from '../../language/src/engine/name-ping.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * The container fixes on the real kernel: `nettopo verify` on a lab before `nettopo check --fix`
 * (the engine's failed ping agrees with the kernel's) and after it (the repaired ping replies, and
 * the kernel agrees). verify builds its labs in namespaces of its own and removes them.
 */

const root = join(import.meta.dirname, '../..');
const fixtures = join(import.meta.dirname, '../fixtures/container-fixes');
let dir: string;

function nettopo(args: readonly string[]) {
    const result = spawnSync(process.execPath, [join(root, 'bin/nettopo.js'), ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, LC_ALL: 'C' }
    });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Whether the file's first `ping` line gets a reply in the engine. */
async function replies(file: string): Promise<boolean> {
    const loaded = await loadNetText(readFileSync(join(dir, file), 'utf8'), file);
    const ping = loaded.network.topology.pings[0];
    return simulatePingTo(loaded.network, ping.source, ping).reply;
}

describe.skipIf(skipKernel)(kernelTitle('container fixes, verified on the kernel'), () => {
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'nettopo-container-fixes-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test.each(['forward-drop.net', 'no-default.net', 'forwarding-off.net', 'no-route-back.net', 'bridge-overlap.net', 'masquerade-out.net'])(
        '%s: the kernel agrees before and after check --fix',
        async (file) => {
            requireKernel();
            copyFileSync(join(fixtures, file), join(dir, file));
            expect(await replies(file)).toBe(false);
            const before = nettopo(['verify', file]);
            expect(before.status, before.stdout + before.stderr).toBe(0);
            expect(before.stdout).toContain('agrees: 1/1 pings');
            const fixed = nettopo(['check', '--fix', file]);
            expect(fixed.stdout).toContain(`${file}: 0 problems left`);
            expect(await replies(file)).toBe(true);
            const after = nettopo(['verify', file]);
            expect(after.status, after.stdout + after.stderr).toBe(0);
            expect(after.stdout).toContain('agrees: 1/1 pings');
        }
    );

    test('no-route-back.net: the masquerade alone (the preferred fix, without the route back) makes the kernel reply', async () => {
        requireKernel();
        const file = 'masquerade-only.net';
        const text = readFileSync(join(fixtures, 'no-route-back.net'), 'utf8');
        writeFileSync(
            join(dir, file),
            text.replace('  route default via 198.18.1.1\n', '  route default via 198.18.1.1\n  nat masquerade from 198.19.1.0/24 out !d0\n')
        );
        expect(await replies(file)).toBe(true);
        const verified = nettopo(['verify', file]);
        expect(verified.status, verified.stdout + verified.stderr).toBe(0);
        expect(verified.stdout).toContain('agrees: 1/1 pings');
    });

    test.each(['!d0', 'eth0'])('masquerade-out.net: the rewritten `out %s` alone (no route back) makes the kernel reply', async (out) => {
        requireKernel();
        const file = `masquerade-out-${out.replace('!', 'not-')}.net`;
        writeFileSync(join(dir, file), readFileSync(join(fixtures, 'masquerade-out.net'), 'utf8').replace('out eth1', `out ${out}`));
        expect(await replies(file)).toBe(true);
        const verified = nettopo(['verify', file]);
        expect(verified.status, verified.stdout + verified.stderr).toBe(0);
        expect(verified.stdout).toContain('agrees: 1/1 pings');
    });

    test("a bridge inside its host's LAN subnet: the host and its container both lose the LAN host in the overlap, and the rest of the LAN answers", async () => {
        requireKernel();
        const file = 'bridge-inside-lan.net';
        writeFileSync(
            join(dir, file),
            [
                'switch lan 198.18.0.0/16',
                'host dh {',
                '  eth0 198.18.0.10/16 -- lan',
                '  bridge docker0 198.18.5.1/24',
                '  sysctl net.ipv4.ip_forward = 1',
                '  nat masquerade from 198.18.5.0/24 out !docker0',
                '}',
                'host web {',
                '  eth0 198.18.5.2/24 -- dh.docker0',
                '  route default via 198.18.5.1',
                '}',
                'host printer {',
                '  eth0 198.18.5.20/16 -- lan',
                '}',
                'host nas {',
                '  eth0 198.18.0.30/16 -- lan',
                '}',
                'ping dh -> printer fails',
                'ping web -> printer fails',
                'ping web -> nas',
                ''
            ].join('\n')
        );
        const verified = nettopo(['verify', file]);
        expect(verified.status, verified.stdout + verified.stderr).toBe(0);
        expect(verified.stdout).toContain('agrees: 3/3 pings');
        expect(nettopo(['check', file]).stdout).toContain('[bridge-overlaps-lan]');
    });
});
