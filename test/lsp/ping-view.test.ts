import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';
import type { PingView } from '../../language/src/lsp/net-protocol.js';
import { resolvePingTarget } from '../../language/src/engine/ping-target.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { load, net } from '../unit/net-helpers.js';

/** The `nettopo/ping` view: transcript, verdict, and the steps the simulator animates, on the examples. */
async function example(name: string): Promise<LoadedFile> {
    return loadNetText(readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8'), name);
}

function view(file: LoadedFile, source: string, target: string): PingView {
    const result = buildPingView(file, source, target);
    if ('error' in result) throw new Error(result.error);
    return result;
}

/** The text of the document a range covers. */
function textAt(file: LoadedFile, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
    const document = file.document.textDocument;
    return document.getText(range);
}

describe('transcript', () => {
    test('a reply prints the header, the reply line, the statistics and the rtt line', async () => {
        const ping = view(await example('04-both-ways.net'), 'alice', 'carol');
        expect(ping.command).toBe('ping -c 1 192.168.20.30');
        expect(ping.transcript).toEqual([
            'PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.',
            '64 bytes from 192.168.20.30: icmp_seq=1 ttl=63',
            '',
            '--- 192.168.20.30 ping statistics ---',
            '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
            'rtt min/avg/max/mdev = (not simulated: nettopo predicts what the kernel does, not how long it takes)'
        ]);
        expect(ping.lines).toEqual(['64 bytes from 192.168.20.30: icmp_seq=1 ttl=63']);
        expect(ping.verdict).toBe('✓ reply, ttl=63');
        expect(ping.explanation).toBeUndefined();
    });

    test('a silent loss prints no packet line, 100% loss, and ends with a blank line', async () => {
        const ping = view(await example('03-one-way-route.net'), 'alice', 'carol');
        expect(ping.transcript).toEqual([
            'PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.',
            '',
            '--- 192.168.20.30 ping statistics ---',
            '1 packets transmitted, 0 received, 100% packet loss, time 0ms',
            ''
        ]);
        expect(ping.verdict).toBe('✗ no reply: carol has no route back');
        expect(ping.explanation).toBe('the request reaches carol, but the reply cannot come back: carol has no route to 192.168.10.21');
    });

    test('an ICMP error counts as +1 errors; a connect error prints only its line', async () => {
        const loop = view(await example('09-routing-loop.net'), 'alice', '192.168.30.5');
        expect(loop.transcript[1]).toMatch(/^From 192\.168\.10\.1 icmp_seq=1 Destination Net Unreachable$/);
        expect(loop.transcript).toContain('1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms');
        const unreachable = view(await example('02-no-route.net'), 'alice', '192.168.20.30');
        expect(unreachable.transcript).toEqual(['ping: connect: Network is unreachable']);
        expect(unreachable.verdict).toBe('✗ no reply: alice has no route to 192.168.20.30');
    });

    test('a redirect is printed first and is not an error', async () => {
        const ping = view(await example('12-redirect.net'), 'alice', 'carol');
        expect(ping.transcript.slice(1, 3)).toEqual([
            'From 192.168.10.1: icmp_seq=1 Redirect Host(New nexthop: 192.168.10.2)',
            '64 bytes from 192.168.20.30: icmp_seq=1 ttl=63'
        ]);
        expect(ping.transcript).toContain('1 packets transmitted, 1 received, 0% packet loss, time 0ms');
        expect(ping.verdict).toBe('✓ reply, ttl=63, after a redirect');
    });
});

describe('steps', () => {
    test('each step names its route, where the route is written, and the hop it takes', async () => {
        const file = await example('03-one-way-route.net');
        const ping = view(file, 'alice', 'carol');
        expect(ping.path).toEqual(['alice', 'gw', 'carol']);
        const [send, forward, deliver, drop] = ping.steps;
        expect(send).toMatchObject({
            packet: 'echo-request',
            node: 'alice',
            action: 'send',
            src: '192.168.10.21',
            dst: '192.168.20.30',
            ttl: 64,
            outDevice: 'eth0',
            nextHop: '192.168.10.1',
            route: '192.168.20.0/24 via 192.168.10.1 dev eth0',
            arp: 'gw.eth0',
            hop: { fromDevice: 'eth0', toNode: 'gw', toDevice: 'eth0' }
        });
        expect(textAt(file, send.routeRange!)).toBe('route 192.168.20.0/24 via 192.168.10.1');
        expect(send.text).toBe(
            'alice sends the echo request (192.168.10.21 → 192.168.20.30, ttl 64) out of eth0 via 192.168.10.1, ' +
                'by the route `192.168.20.0/24 via 192.168.10.1 dev eth0`; gw.eth0 answers ARP for 192.168.10.1'
        );
        // A connected route is in no statement.
        expect(forward).toMatchObject({
            node: 'gw',
            action: 'forward',
            inDevice: 'eth0',
            outDevice: 'eth1',
            ttl: 63,
            hop: { toNode: 'carol', toDevice: 'eth0' }
        });
        expect(forward.routeRange).toBeUndefined();
        expect(forward.text).toContain('forwarding is on (net.ipv4.ip_forward = 1), the TTL goes from 64 to 63');
        expect(deliver).toMatchObject({ node: 'carol', action: 'deliver' });
        expect(deliver.text).toContain('it answers with an echo reply');
        expect(drop).toMatchObject({ packet: 'echo-reply', node: 'carol', action: 'drop', stop: 'carol has no route to 192.168.10.21' });
        expect(ping.steps.filter((step) => step.stop)).toHaveLength(1);
    });

    test('an ARP request nobody answers stops the packet at the step that sent it', async () => {
        const ping = view(await example('12-redirect.net'), 'alice', '192.168.20.99');
        const stopped = ping.steps.filter((step) => step.stop);
        expect(stopped).toMatchObject([{ node: 'lab-gw', arp: 'failed', stop: "nobody answers lab-gw's ARP request for 192.168.20.99 on eth1" }]);
        expect(stopped[0].hop).toBeUndefined();
        expect(ping.steps.find((step) => step.node === 'gw' && step.action === 'forward')!.text).toContain(
            'so gw also sends 192.168.10.21 a redirect to 192.168.10.2'
        );
    });

    test('rp_filter and forwarding settings are named on the node that checks them', async () => {
        const file = await load(net`
            switch a 10.0.1.0/24
            switch b 10.0.2.0/24
            host A {
              eth0 10.0.1.5/24 -- a
              route default via 10.0.1.1
            }
            host R {
              eth0 10.0.1.1/24 -- a
              eth1 10.0.2.1/24 -- b
              sysctl net.ipv4.conf.eth0.forwarding = 1
              sysctl net.ipv4.conf.all.rp_filter = 1
            }
            host B {
              eth0 10.0.2.5/24 -- b
            }
        `);
        const ping = view(file, 'A', 'B');
        const forward = ping.steps.find((step) => step.node === 'R' && step.action === 'forward')!;
        expect(forward.text).toContain(
            'forwarding is on (net.ipv4.conf.eth0.forwarding = 1), rp_filter 1 (strict) passes: the route back to 10.0.1.5 leaves by eth0'
        );
        expect(ping.verdict).toBe('✗ no reply: B has no route back');
    });

    test('a target ignoring echo requests stops the request where it was delivered', async () => {
        const file = await load(net`
            switch s 10.0.0.0/24
            host A {
              eth0 10.0.0.1/24 -- s
            }
            host B {
              eth0 10.0.0.2/24 -- s
              sysctl net.ipv4.icmp_echo_ignore_all = 1
            }
        `);
        const ping = view(file, 'A', 'B.eth0');
        expect(ping.steps.at(-1)).toMatchObject({ node: 'B', action: 'deliver', stop: 'B ignores echo requests (net.ipv4.icmp_echo_ignore_all = 1)' });
        expect(ping.verdict).toBe('✗ no reply: B ignores echo requests (net.ipv4.icmp_echo_ignore_all = 1)');
    });
});

describe('targets', () => {
    test('an address, a node or NODE.IFNAME, as in a ping statement; any other name is a host name; anything else says why not', async () => {
        const file = await example('12-redirect.net');
        expect(resolvePingTarget(file.network, '192.168.20.99')).toEqual({ target: 0xc0a81463 });
        expect(resolvePingTarget(file.network, 'lab-gw')).toEqual(resolvePingTarget(file.network, '192.168.10.2'));
        expect(resolvePingTarget(file.network, 'lab-gw.eth1')).toEqual(resolvePingTarget(file.network, '192.168.20.1'));
        expect(resolvePingTarget(file.network, 'nobody')).toEqual({ name: 'nobody' });
        expect(resolvePingTarget(file.network, 'gw.eth9')).toEqual({ name: 'gw.eth9' });
        expect(resolvePingTarget(file.network, 'no/such')).toEqual({ error: "'no/such' is not an address, a node, NODE.IFNAME or a host name" });
        expect(resolvePingTarget(file.network, '192.168.300.1')).toHaveProperty('error');
        expect(buildPingView(file, 'nobody', 'carol')).toEqual({ error: "no host or router is named 'nobody'" });
    });
});
