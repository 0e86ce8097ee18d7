import { describe, expect, test } from 'vitest';
import { parseIpv4 } from '../../language/src/address/ipv4.js';
import { pingVerdict } from '../../language/src/engine/explain.js';
import { nodeSettings } from '../../language/src/engine/node-settings.js';
import { simulatePing, type PingOptions } from '../../language/src/engine/ping.js';
import { pingCommand, pingTranscript, RTT_NOT_SIMULATED } from '../../language/src/engine/ping-transcript.js';
import type { NodeModel } from '../../language/src/model/topology.js';
import { load, net, reported } from './net-helpers.js';

/**
 * `ping -c N` and `ping -b`, and accept_redirects: every expected line here was measured on the
 * kernel (the kernel cases ping-count.net and ping-broadcast.net hold the same labs' truths).
 */

const file = await load(net`
    switch lan1 198.18.1.0/24
    switch lan3 198.18.3.0/24
    host A {
      eth0 198.18.1.10/24 -- lan1
      route default via 198.18.1.1
    }
    host H0 {
      eth0 198.18.1.11/24 -- lan1
      route default via 198.18.1.1
      sysctl net.ipv4.conf.all.accept_redirects = 0
      sysctl net.ipv4.conf.eth0.accept_redirects = 0
      sysctl net.ipv4.icmp_echo_ignore_broadcasts = 0
    }
    host F {
      eth0 198.18.1.15/24 -- lan1
      route default via 198.18.1.3
      sysctl net.ipv4.icmp_echo_ignore_broadcasts = 0
    }
    router R1 {
      eth0 198.18.1.1/24 -- lan1
      route 198.18.0.0/16 via 198.18.1.2
    }
    router R3 {
      eth0 198.18.1.3/24 -- lan1
      route 198.18.0.0/16 via 198.18.1.2
      filter forward policy drop
    }
    router R2 {
      eth0 198.18.1.2/24 -- lan1
      eth1 198.18.3.2/24 -- lan3
    }
    host C {
      eth0 198.18.3.30/24 -- lan3
      route default via 198.18.3.2
    }
`);

function ping(source: string, target: string, options: PingOptions) {
    return simulatePing(file.network, source, parseIpv4(target) as number, options);
}

const redirect = (seq: number, from = '198.18.1.1') => `From ${from}: icmp_seq=${seq} Redirect Host(New nexthop: 198.18.1.2)`;
const reply = (seq: number) => `64 bytes from 198.18.3.30: icmp_seq=${seq} ttl=63`;
const netUnreachable = (seq: number) => `From 198.18.1.2 icmp_seq=${seq} Destination Net Unreachable`;

describe('count N: the kernels remember between packets', () => {
    test('a host that accepts redirects obeys the second (it resolves the new gateway on the first), and sends the third straight to it', () => {
        const result = ping('A', '198.18.3.30', { count: 4 });
        expect(result.lines).toEqual([redirect(1), reply(1), redirect(2), reply(2), reply(3), reply(4)]);
        expect(result.statistics).toEqual({ transmitted: 4, received: 4, duplicates: 0, errors: 0 });
        // The path shown is the first answered packet's: through R1.
        expect(result.path).toEqual(['A', 'R1', 'R2', 'C', 'R2', 'A']);
    });

    test('one that does not is redirected for every packet the rate limit lets through: six, then the 8th', () => {
        const lines = ping('H0', '198.18.3.30', { count: 10 }).lines;
        const redirected = lines.filter((line) => line.includes('Redirect')).map((line) => Number(/icmp_seq=(\d+)/.exec(line)![1]));
        expect(redirected).toEqual([1, 2, 3, 4, 5, 6, 8]);
        expect(lines.filter((line) => line.startsWith('64 bytes'))).toHaveLength(10);
    });

    test('an error right behind a redirect comes first; the last packet ends at its error', () => {
        const result = ping('A', '198.18.5.5', { count: 4 });
        expect(result.lines).toEqual([netUnreachable(1), redirect(1), netUnreachable(2), redirect(2), netUnreachable(3), netUnreachable(4)]);
        expect(result).toMatchObject({ reply: false, statistics: { transmitted: 4, received: 0, errors: 4 } });
        expect(result.failure).toMatchObject({ stage: 'request', stop: { kind: 'no-route', node: 'R2' } });
    });

    test('a router that redirects but drops what it forwards: only the packet sent round it is answered', () => {
        const result = ping('F', '198.18.3.30', { count: 3 });
        expect(result.lines).toEqual([redirect(1, '198.18.1.3'), redirect(2, '198.18.1.3'), reply(3)]);
        expect(result).toMatchObject({ reply: true, failure: undefined, statistics: { transmitted: 3, received: 1 } });
        expect(result.path).toEqual(['F', 'R2', 'C', 'R2', 'F']);
        const transcript = pingTranscript(result);
        expect(transcript).toContain('3 packets transmitted, 1 received, 66.6667% packet loss, time 2000ms');
        expect(transcript.at(-1)).toBe(RTT_NOT_SIMULATED);
        expect(pingCommand(result)).toBe('ping -c 3 198.18.3.30');
        expect(pingVerdict(result)).toBe('✓ 1 of 3 replies, ttl=63, after a redirect');
    });

    test('a neighbour that never answers fails every packet, each with its own line', () => {
        const local = ping('A', '198.18.1.99', { count: 3 });
        expect(local.lines).toEqual([1, 2, 3].map((seq) => `From 198.18.1.10 icmp_seq=${seq} Destination Host Unreachable`));
        expect(pingTranscript(local)).toContain('3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2000ms');
    });
});

describe('broadcast: ping -b', () => {
    test('without -b ping refuses its own subnet broadcast; with it, the pinger that answers broadcasts answers first', () => {
        expect(ping('A', '198.18.1.255', {}).lines).toEqual(['ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules']);
        const result = ping('H0', '198.18.1.255', { broadcast: true, count: 2 });
        expect(result.lines).toEqual([
            'WARNING: pinging broadcast address',
            '64 bytes from 198.18.1.11: icmp_seq=1 ttl=64',
            '64 bytes from 198.18.1.15: icmp_seq=1 ttl=64',
            '64 bytes from 198.18.1.11: icmp_seq=2 ttl=64'
        ]);
        expect(result.statistics).toEqual({ transmitted: 2, received: 2, duplicates: 1, errors: 0 });
        const transcript = pingTranscript(result);
        expect(transcript.slice(0, 2)).toEqual(['WARNING: pinging broadcast address', 'PING 198.18.1.255 (198.18.1.255) 56(84) bytes of data.']);
        expect(pingCommand(result)).toBe('ping -c 2 -b 198.18.1.255');
    });

    test('two others answering: a duplicate for every packet but the last, which ends at its first answer', () => {
        const result = ping('A', '198.18.1.255', { broadcast: true, count: 2 });
        // The kernel's order of two nodes' answers varies with their ARP for the pinger: the engine puts the last declared first.
        expect(result.lines).toEqual([
            'WARNING: pinging broadcast address',
            '64 bytes from 198.18.1.15: icmp_seq=1 ttl=64',
            '64 bytes from 198.18.1.11: icmp_seq=1 ttl=64',
            '64 bytes from 198.18.1.15: icmp_seq=2 ttl=64'
        ]);
        expect(result.statistics).toEqual({ transmitted: 2, received: 2, duplicates: 1, errors: 0 });
        expect(pingTranscript(result)).toContain('2 packets transmitted, 2 received, +1 duplicates, 0% packet loss, time 1000ms');
    });

    test('-b on an address that is no broadcast changes nothing but the (DIFFERENT ADDRESS!) flag', () => {
        expect(ping('A', '198.18.3.30', { broadcast: true }).lines).toEqual([redirect(1), reply(1)]);
    });

    test('a directed broadcast is taken as one by the router whose subnet it is: it ignores it, no reply', () => {
        const result = ping('A', '198.18.3.255', { broadcast: true });
        expect(result).toMatchObject({ reply: false, lines: [redirect(1)], failure: { stage: 'request', stop: { kind: 'broadcast-ignored', node: 'R2' } } });
    });
});

describe('accept_redirects: all or the interface on a host, all and the interface where it forwards', () => {
    const settings = (kind: NodeModel['kind'], sysctls: [string, number][]) =>
        nodeSettings({ kind, sysctls: sysctls.map(([key, value]) => ({ key: `net.ipv4.${key}`, value })) } as unknown as NodeModel).acceptRedirects('eth0');

    test.each([
        ['host', [], true],
        ['host', [['conf.all.accept_redirects', 0]], true],
        ['host', [['conf.eth0.accept_redirects', 0]], true],
        [
            'host',
            [
                ['conf.all.accept_redirects', 0],
                ['conf.eth0.accept_redirects', 0]
            ],
            false
        ],
        // ip_forward 1 turns all.accept_redirects off, and a forwarding interface needs both.
        ['router', [], false],
        ['host', [['ip_forward', 1]], false],
        ['router', [['conf.all.accept_redirects', 1]], true],
        [
            'router',
            [
                ['conf.all.accept_redirects', 1],
                ['conf.eth0.accept_redirects', 0]
            ],
            false
        ],
        // Writing the value ip_forward already has changes nothing; turning it off turns all back on.
        [
            'router',
            [
                ['conf.all.accept_redirects', 1],
                ['ip_forward', 1]
            ],
            true
        ],
        ['router', [['ip_forward', 0]], true],
        [
            'host',
            [
                ['conf.all.accept_redirects', 0],
                ['conf.eth0.accept_redirects', 0],
                ['ip_forward', 0]
            ],
            false
        ],
        // A forwarding interface of its own (conf.IF.forwarding) does not touch all.
        ['host', [['conf.eth0.forwarding', 1]], true],
        [
            'host',
            [
                ['conf.eth0.forwarding', 1],
                ['conf.eth0.accept_redirects', 0]
            ],
            false
        ]
    ] as [NodeModel['kind'], [string, number][], boolean][])('%s %j: %s', (kind, sysctls, accepts) => {
        expect(settings(kind, sysctls)).toBe(accepts);
    });
});

describe('the ping line', () => {
    test('count takes 1 to 10; out of range is an error on the count, and the ping is not run', async () => {
        const lab = (count: number) => `host A {\n  eth0 198.18.1.10/24\n}\nping A -> A count ${count}\n`;
        for (const count of [0, 11]) {
            const loaded = await load(lab(count));
            expect(reported(loaded)).toEqual([
                {
                    line: 4,
                    severity: 'error',
                    code: 'ping-count-out-of-range',
                    message: `count ${count}: a ping here sends 1 to 10 packets (the simulation follows each one)`
                }
            ]);
            expect(loaded.pingRuns).toEqual([]);
        }
        const ten = await load(lab(10));
        expect(reported(ten)).toEqual([]);
        expect(ten.pingRuns[0].result.lines).toEqual(Array.from({ length: 10 }, (_, index) => `64 bytes from 198.18.1.10: icmp_seq=${index + 1} ttl=64`));
    });
});
