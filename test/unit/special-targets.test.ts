import { describe, expect, test } from 'vitest';
import { checkLabAddresses } from '../../language/src/kernel/address-guard.js';
import { LabInputError } from '../../language/src/kernel/netns-script.js';
import { parseIpv4 } from '../../language/src/address/ipv4.js';
import { load, net, ping, reported } from './net-helpers.js';

/**
 * Pings to destinations no route table holds, as measured on Linux 6.18 in namespaces
 * (test/fixtures/kernel-cases/special-targets.truth.json, which the kernel tier measures again).
 */

const BROADCAST_REFUSAL = 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules';
const UNREACHABLE = 'ping: connect: Network is unreachable';

describe('special ping targets', async () => {
    const file = await load(net`
        switch lan 198.18.1.0/24
        switch far 198.18.2.0/24
        host a {
          eth0 198.18.1.10/24 -- lan
          route default via 198.18.1.1
        }
        router r {
          eth0 198.18.1.1/24 -- lan
          eth1 198.18.2.1/24 -- far
          route default via 198.18.2.2
        }
        router s {
          eth0 198.18.2.2/24 -- far
          route 198.18.1.0/24 via 198.18.2.1
        }
        host c {
          eth0 198.18.1.30/24 -- lan
        }
        host d {
          eth0 198.18.1.40/24 -- lan
          route default via 198.18.1.1
          filter output reject to 224.0.0.0/4
        }
        host e {
          eth0 198.18.1.50/24 -- lan
          route default blackhole
        }
        ping a -> 0.0.0.0
        ping a -> 224.0.0.1
        ping a -> 255.255.255.255
    `);

    test('0.0.0.0 is the pinger itself over lo, answered from 127.0.0.1, with or without routes', () => {
        for (const source of ['a', 'c', 'e']) {
            expect(ping(file, source, '0.0.0.0')).toMatchObject({ reply: true, lines: ['64 bytes from 127.0.0.1: icmp_seq=1 ttl=64'], path: [source] });
        }
    });

    test('multicast with a route: sent, never answered and no ICMP error, even past an OUTPUT REJECT', () => {
        for (const [source, target] of [
            ['a', '224.0.0.1'],
            ['a', '239.1.2.3'],
            ['d', '224.0.0.1']
        ]) {
            const result = ping(file, source, target);
            expect(result).toMatchObject({ reply: false, lines: [], failure: { stage: 'request', stop: { kind: 'multicast-ignored', node: source } } });
        }
    });

    test('multicast and 255.255.255.255 need a route: none is "Network is unreachable", a blackhole refuses them', () => {
        for (const target of ['224.0.0.1', '255.255.255.255']) {
            expect(ping(file, 'c', target)).toMatchObject({ reply: false, lines: [UNREACHABLE], failure: { stage: 'connect', reason: 'no-route' } });
            expect(ping(file, 'e', target)).toMatchObject({ reply: false, lines: ['ping: connect: Invalid argument'], failure: { reason: 'reject-route' } });
        }
    });

    test('255.255.255.255 with a route: ping asks for -b', () => {
        expect(ping(file, 'a', '255.255.255.255')).toMatchObject({ reply: false, lines: [BROADCAST_REFUSAL], failure: { reason: 'broadcast' } });
    });

    test('the rest of 0.0.0.0/8 and class E are routed as unicast: the router without a route answers', () => {
        for (const target of ['0.1.2.3', '240.0.0.1']) {
            expect(ping(file, 'a', target)).toMatchObject({
                reply: false,
                lines: ['From 198.18.2.2 icmp_seq=1 Destination Net Unreachable'],
                path: ['a', 'r', 's', 'r', 'a']
            });
            expect(ping(file, 'c', target).lines).toEqual([UNREACHABLE]);
        }
    });

    test('the editor claims no route for them: the multicast ping says it goes unanswered, the others hold', () => {
        const pingErrors = reported(file).filter((entry) => entry.code === 'ping-expectation');
        expect(pingErrors).toEqual([
            {
                line: 29,
                severity: 'error',
                code: 'ping-expectation',
                message:
                    'ping a -> 224.0.0.1 gets no reply: the request is lost: a sends it to a multicast group, and no node answers echo requests to multicast (icmp_echo_ignore_broadcasts is 1) or sends an ICMP error about them. ping prints nothing'
            },
            expect.objectContaining({
                line: 30,
                message: expect.stringContaining('255.255.255.255 is a broadcast address for a, and ping refuses to send to it')
            })
        ]);
    });

    test('the lab guard lets exactly these non-routable targets through, and no other address outside 198.18.0.0/15', () => {
        const address = (text: string) => parseIpv4(text) as number;
        for (const target of ['0.0.0.0', '0.1.2.3', '127.0.0.1', '224.0.0.1', '239.1.2.3', '240.0.0.1', '255.255.255.255']) {
            expect(() => checkLabAddresses(file.topology, [address(target)])).not.toThrow();
        }
        for (const target of ['1.0.0.0', '126.255.255.255', '128.0.0.1', '198.20.0.1', '223.255.255.255']) {
            expect(() => checkLabAddresses(file.topology, [address(target)])).toThrow(LabInputError);
        }
    });
});
