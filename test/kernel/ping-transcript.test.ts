import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { formatIpv4 } from '../../language/src/address/ipv4.js';
import { pingTranscript, RTT_NOT_SIMULATED } from '../../language/src/engine/ping-transcript.js';
import { simulatePing, type PingOptions } from '../../language/src/engine/ping.js';
import { netnsScript, netnsTeardownScript, nodeNamespace } from '../../language/src/kernel/netns-script.js';
import { runCommand, withRunCleanup } from '../../language/src/kernel/processes.js';
import { resolvePingTarget } from '../../language/src/engine/ping-target.js';
import { load, net } from '../unit/net-helpers.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * The whole `ping -c N` transcript (header, packet lines, statistics) against what the real ping
 * prints in a lab built from the same file, one fresh lab per ping. Times are the only difference
 * allowed: ` time=...` on packet lines, and the numbers of the `rtt` line.
 */
const lab = net`
    switch office 198.18.10.0/24
    switch wing 198.18.20.0/24
    host alice {
      eth0 198.18.10.21/24 -- office
      route default via 198.18.10.1
    }
    router gw {
      eth0 198.18.10.1/24 -- office
      route 198.18.20.0/24 via 198.18.10.2
      route 198.18.40.0/24 unreachable
    }
    router wing-gw {
      eth0 198.18.10.2/24 -- office
      eth1 198.18.20.1/24 -- wing
    }
    host carol {
      eth0 198.18.20.30/24 -- wing
      route default via 198.18.20.1
    }
    host dave {
      eth0 198.18.20.31/24 -- wing
      route 198.19.0.0/16 blackhole
    }
`;

/** Source and target of each ping, what it shows, and its `-c N` / `-b`. */
const pings: [string, string, string, PingOptions?][] = [
    ['alice', 'carol', 'a reply after a redirect'],
    ['alice', 'dave', 'silence: dave has no route back'],
    ['alice', '198.18.30.1', 'Destination Net Unreachable from gw (+1 errors)'],
    ['alice', '198.18.40.1', 'Destination Host Unreachable from an unreachable route'],
    ['alice', '198.18.20.99', 'a redirect, then Destination Host Unreachable after the ARP timeout'],
    ['alice', '198.18.10.21', 'its own address'],
    ['carol', '198.18.10.21', 'a plain reply through one router'],
    ['dave', '198.19.1.1', 'a connect error (blackhole)'],
    ['alice', '198.18.10.255', 'a broadcast of its own subnet'],
    ['alice', 'carol', 'three packets: redirects for two, the third straight to wing-gw', { count: 3 }],
    ['alice', '198.19.1.1', 'three packets, three errors', { count: 3 }],
    ['alice', '198.18.10.255', '-b: the warning, then nobody answers', { broadcast: true }]
];

/**
 * Real ping output with times out of the way, as lines: the statistics' `time` in whole seconds
 * (ping sends a packet a second, and each send adds a few milliseconds the engine leaves out).
 */
function withoutTimes(output: string): string[] {
    const lines = output.replace(/\n$/, '').split('\n');
    return lines.map((line) =>
        line.startsWith('rtt min/avg/max/mdev = ')
            ? RTT_NOT_SIMULATED
            : line
                  .replace(/ time=\S+ ms$/, '')
                  .replace(/(packet loss, time )(\d+)ms$/, (_, words: string, ms: string) => `${words}${Math.floor(Number(ms) / 1000) * 1000}ms`)
    );
}

describe.skipIf(skipKernel)(kernelTitle('ping -c N transcripts vs the real ping'), () => {
    test('every transcript equals what ping prints, times aside', async () => {
        requireKernel();
        const file = await load(lab);
        const run = `ntpt${randomBytes(3).toString('hex')}`;
        await withRunCleanup(run, async () => {
            const results = await Promise.all(
                pings.map(async ([source, targetText, , options = {}], index) => {
                    const resolved = resolvePingTarget(file.network, targetText);
                    if ('error' in resolved || resolved.target === undefined) throw new Error(`${targetText} names no address`);
                    const target = resolved.target;
                    const prefix = `${run}-${index}`;
                    const built = await runCommand('bash', ['-s'], netnsScript(file.topology, { prefix }));
                    try {
                        expect(built.code, built.stderr).toBe(0);
                        // As a user types it, with -W 4 (the lab runner's wait) so that silence does not take 10 s.
                        const real = await runCommand(
                            'sh',
                            [
                                '-c',
                                'exec "$@" 2>&1',
                                'sh',
                                'ip',
                                'netns',
                                'exec',
                                nodeNamespace(prefix, source),
                                'ping',
                                ...(options.broadcast ? ['-b'] : []),
                                '-c',
                                String(options.count ?? 1),
                                '-W',
                                '4',
                                formatIpv4(target)
                            ],
                            '',
                            20_000
                        );
                        return { kernel: withoutTimes(real.stdout), engine: pingTranscript(simulatePing(file.network, source, target, options)) };
                    } finally {
                        await runCommand('bash', ['-s'], netnsTeardownScript(file.topology, { prefix }));
                    }
                })
            );
            results.forEach((result, index) => expect(result.engine, `${pings[index].join(' ')}`).toEqual(result.kernel));
        });
    }, 60_000);
});
