import { describe, expect, test } from 'vitest';
import { formatIpv4 } from '../../language/src/address/ipv4.js';
import { simulateNamePing } from '../../language/src/engine/name-ping.js';
import { describePingFailure } from '../../language/src/engine/name-explain.js';
import { pingTranscript } from '../../language/src/engine/ping-transcript.js';
import { load, net, reported } from './net-helpers.js';

/** Pings by name, as measured on the kernel (scripts/measure-names.sh, test/fixtures/kernel-cases/names.net). */

const lab = (client: string, server = 'dns web 198.18.1.80\n  dns twice 198.18.1.80') => net`
    switch lan 198.18.1.0/24
    host c1 {
      eth0 198.18.1.1/24 -- lan
      ${client}
    }
    host ns {
      eth0 198.18.1.53/24 -- lan
      ${server}
    }
    host web {
      eth0 198.18.1.80/24 -- lan
    }
    host quiet {
      eth0 198.18.1.54/24 -- lan
    }
`;

async function namePing(client: string, name: string, server?: string) {
    const file = await load(lab(client, server));
    expect(reported(file).filter((entry) => entry.severity === 'error')).toEqual([]);
    return { file, result: simulateNamePing(file.network, 'c1', name) };
}

describe('ping by name', () => {
    test('a hosts line first; of two lines for a name the first wins; the sender is named by the first line with its address', async () => {
        const { result } = await namePing('hosts w 198.18.1.80\n  hosts w 198.18.1.53\n  hosts alias 198.18.1.80', 'w');
        expect(result.lookup.kind).toBe('hosts');
        expect(formatIpv4(result.target!)).toBe('198.18.1.80');
        expect(result.lines).toEqual(['64 bytes from w (198.18.1.80): icmp_seq=1 ttl=64']);
        expect(pingTranscript(result).slice(0, 1)).toEqual(['PING w (198.18.1.80) 56(84) bytes of data.']);
        expect(pingTranscript(result)).toContain('--- w ping statistics ---');
    });

    test("a nameserver's record, with the DNS query and answer simulated before the echo request; the first record of an address is its PTR", async () => {
        const { result } = await namePing('nameserver 198.18.1.53', 'twice');
        expect(result.lookup.kind).toBe('dns');
        expect(result.lines).toEqual(['64 bytes from web (198.18.1.80): icmp_seq=1 ttl=64']);
        expect(result.trace.slice(0, 2).map((step) => [step.packet, step.node, step.action])).toEqual([
            ['dns-query', 'c1', 'send'],
            ['dns-query', 'ns', 'deliver']
        ]);
        expect(result.trace.map((step) => step.packet)).toContain('dns-answer');
        expect(result.path).toEqual(['c1', 'web', 'c1']);
    });

    test('NXDOMAIN: Name or service not known, and no next nameserver', async () => {
        const { result } = await namePing('nameserver 198.18.1.53\n  nameserver 198.18.1.99', 'nosuch');
        expect(result.lines).toEqual(['ping: nosuch: Name or service not known']);
        expect(result.lookup.queries).toHaveLength(1);
        expect(pingTranscript(result)).toEqual(['ping: nosuch: Name or service not known']);
    });

    test('nameservers that do not answer (silent, no route, nothing on port 53) are passed over in order; when none answers: Temporary failure', async () => {
        const ok = await namePing('nameserver 198.18.1.99\n  nameserver 198.51.100.1\n  nameserver 198.18.1.54\n  nameserver 198.18.1.53', 'web');
        expect(ok.result.lookup.queries.map((query) => query.outcome.kind)).toEqual(['lost', 'unsent', 'closed', 'answered']);
        expect(ok.result.reply).toBe(true);
        const none = await namePing('nameserver 198.18.1.99\n  nameserver 198.18.1.54', 'web');
        expect(none.result.lines).toEqual(['ping: web: Temporary failure in name resolution']);
        expect(describePingFailure(none.result)).toBe(
            "c1 has no hosts line for web, and no nameserver answers: nameserver 198.18.1.99: the query is lost: nobody answers c1's ARP request for 198.18.1.99 on eth0; " +
                'nameserver 198.18.1.54: quiet serves no names there (nothing listens on UDP port 53)'
        );
    });

    test('no nameserver line: glibc asks 127.0.0.1, where nothing listens', async () => {
        const { result } = await namePing('', 'web');
        expect(result.lines).toEqual(['ping: web: Temporary failure in name resolution']);
        expect(formatIpv4(result.lookup.queries[0].server)).toBe('127.0.0.1');
    });

    test('filters apply to the query as to any packet: a dropped answer is a lost answer', async () => {
        const { result } = await namePing('nameserver 198.18.1.53\n  filter input drop from 198.18.1.53', 'web');
        expect(result.lookup.queries[0].outcome).toMatchObject({ kind: 'lost', leg: 'answer' });
        expect(result.lines).toEqual(['ping: web: Temporary failure in name resolution']);
    });

    test('a sender with no name is printed ADDR (ADDR) after NXDOMAIN, bare when no nameserver answers its reverse lookup', async () => {
        const named = await namePing('hosts far 198.18.1.7\n  nameserver 198.18.1.53', 'far');
        expect(named.result.lines).toEqual(['From 198.18.1.1 (198.18.1.1) icmp_seq=1 Destination Host Unreachable']);
        const bare = await namePing('hosts far 198.18.1.7\n  nameserver 198.18.1.54', 'far');
        expect(bare.result.lines).toEqual(['From 198.18.1.1 icmp_seq=1 Destination Host Unreachable']);
    });

    test('a bad address on a hosts, dns or nameserver line is an error in our words', async () => {
        const file = await load(lab('hosts web 198.18.1.300\n  nameserver 198.18.1.256', 'dns web 999.1.1.1'));
        expect(
            reported(file)
                .filter((entry) => entry.code === 'invalid-address')
                .map((entry) => entry.line)
        ).toEqual([4, 5, 9]);
    });
});
