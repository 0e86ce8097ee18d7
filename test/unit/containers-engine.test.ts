import { describe, expect, test } from 'vitest';
import { formatIpv4 } from '../../language/src/address/ipv4.js';
import { describeSteps, describeStop } from '../../language/src/engine/explain.js';
import type { PingResult } from '../../language/src/engine/ping.js';
import { formatIpRoutes } from '../../language/src/engine/route-format.js';
import { load, net, ping } from './net-helpers.js';

/**
 * Bridges, conntrack, MASQUERADE and iptables filtering in the engine: a Docker-like host on a LAN,
 * a router to a far server that has no route back to the containers.
 */
const lab = (host: string, extra = '') => net`
    switch lan 192.168.1.0/24
    switch far 10.9.0.0/24

    router gw {
      eth0 192.168.1.1/24 -- lan
      eth1 10.9.0.1/24 -- far
    }

    host server {
      eth0 10.9.0.5/24 -- far
      route default via 10.9.0.1
    }

    host dh1 {
      eth0 192.168.1.10/24 -- lan
      bridge docker0 172.17.0.1/16
      route default via 192.168.1.1
      ${host}
    }

    host web {
      eth0 172.17.0.2/16 -- dh1.docker0
      route default via 172.17.0.1
    }

    host db {
      eth0 172.17.0.3/16 -- dh1.docker0
      route default via 172.17.0.1
    }
    ${extra}
`;

/** Where the ping's packet (request, reply or error) stopped. */
const stopOf = (result: PingResult) => (result.failure && 'stop' in result.failure ? result.failure.stop : undefined);

const FORWARDING = 'sysctl net.ipv4.ip_forward = 1';
const MASQUERADE = 'nat masquerade from 172.17.0.0/16 out !docker0';

describe('bridges: one broadcast domain of the bridge, its ports and its host', () => {
    test('containers reach each other and the host without routing (ttl unchanged)', async () => {
        const file = await load(lab(''));
        expect(ping(file, 'web', '172.17.0.3').lines).toEqual(['64 bytes from 172.17.0.3: icmp_seq=1 ttl=64']);
        expect(ping(file, 'web', '172.17.0.1').lines).toEqual(['64 bytes from 172.17.0.1: icmp_seq=1 ttl=64']);
        expect(ping(file, 'dh1', '172.17.0.2').path).toEqual(['dh1', 'web', 'dh1']);
    });

    test("the bridge's connected route is `dev BRIDGE`, even with no port", async () => {
        const file = await load(net`
            host h {
              bridge br0 10.1.0.1/24
            }
        `);
        expect(formatIpRoutes(file.network.nodes.get('h')!.table).trimEnd()).toBe('10.1.0.0/24 dev br0 proto kernel scope link src 10.1.0.1');
    });
});

describe('MASQUERADE and its reversal', () => {
    test('without NAT the far server has no route back to the container subnet: silence', async () => {
        const result = ping(await load(lab(FORWARDING)), 'web', '10.9.0.5');
        expect(result.lines).toEqual([]);
        expect(result.failure).toMatchObject({ stage: 'reply', replier: 'server' });
    });

    test("with MASQUERADE the server sees the host's LAN address, and the reply is translated back", async () => {
        const file = await load(lab(`${FORWARDING}\n${MASQUERADE}`));
        const result = ping(file, 'web', '10.9.0.5');
        expect(result.lines).toEqual(['64 bytes from 10.9.0.5: icmp_seq=1 ttl=62']);
        const atServer = result.trace.find((step) => step.node === 'server' && step.action === 'deliver')!;
        expect(formatIpv4(atServer.src)).toBe('192.168.1.10');
        const translations = result.trace.flatMap((step) => step.translations ?? []);
        expect(translations.map((entry) => [entry.node, entry.kind, entry.field, formatIpv4(entry.from), formatIpv4(entry.to)])).toEqual([
            ['dh1', 'masquerade', 'src', '172.17.0.2', '192.168.1.10'],
            ['dh1', 'reverse', 'dst', '192.168.1.10', '172.17.0.2']
        ]);
        // Each translation names the `nat` line that made it (its origin is that line).
        expect(translations.every((entry) => file.origins.get(entry.rule)?.$cstNode?.text === MASQUERADE)).toBe(true);
        const words = describeSteps(result.trace, file.network);
        expect(words.some((text) => text.includes('dh1 rewrites the source 172.17.0.2 → 192.168.1.10 (MASQUERADE)'))).toBe(true);
        expect(words.some((text) => text.includes('dh1 rewrites the destination 192.168.1.10 → 172.17.0.2 (conntrack undoes MASQUERADE)'))).toBe(true);
    });

    test('an `out` that does not match the way the packet leaves masquerades nothing', async () => {
        const result = ping(await load(lab(`${FORWARDING}\nnat masquerade from 172.17.0.0/16 out docker0`)), 'web', '10.9.0.5');
        expect(result.lines).toEqual([]);
        expect(result.trace.some((step) => step.translations)).toBe(false);
    });

    test('an ICMP error about a masqueraded packet comes back translated, from whoever sent it', async () => {
        const file = await load(lab(`${FORWARDING}\n${MASQUERADE}`));
        // gw has no route to 10.99.0.0/16: it answers the masqueraded source, dh1 passes the error on to web.
        expect(ping(file, 'web', '10.99.0.1').lines).toEqual(['From 192.168.1.1 icmp_seq=1 Destination Net Unreachable']);
        // dh1 itself finds nobody at 192.168.1.77: the error leaves from the address it masqueraded to.
        expect(ping(file, 'web', '192.168.1.77').lines).toEqual(['From 192.168.1.10 icmp_seq=1 Destination Host Unreachable']);
    });
});

describe('filtering: INPUT, FORWARD, OUTPUT, first match then the policy, with conntrack states', () => {
    const docker = [
        FORWARDING,
        MASQUERADE,
        'filter forward policy drop',
        'filter forward accept out docker0 state established,related',
        'filter forward accept in docker0 out eth0'
    ];

    test("Docker's FORWARD rules: out through NAT and back as established", async () => {
        const file = await load(lab(docker.join('\n')));
        const result = ping(file, 'web', '10.9.0.5');
        expect(result.lines).toEqual(['64 bytes from 10.9.0.5: icmp_seq=1 ttl=62']);
        const verdicts = result.trace.flatMap((step) => (step.filter ? [[step.filter.chain, step.filter.state, step.filter.rule?.text]] : []));
        expect(verdicts).toEqual([
            ['forward', 'new', 'filter forward accept in docker0 out eth0'],
            ['forward', 'established', 'filter forward accept out docker0 state established,related']
        ]);
    });

    test('without the established rule the reply dies at the FORWARD policy, silently', async () => {
        const file = await load(lab(docker.filter((line) => !line.includes('established')).join('\n')));
        const result = ping(file, 'web', '10.9.0.5');
        expect(result.lines).toEqual([]);
        expect(result.failure?.stage).toBe('reply');
        expect(describeStop(stopOf(result)!)).toBe("dh1's FORWARD policy drops it (state established)");
    });

    test('an ICMP error about a tracked packet is related', async () => {
        const file = await load(lab(docker.join('\n')));
        expect(ping(file, 'web', '10.99.0.1').lines).toEqual(['From 192.168.1.1 icmp_seq=1 Destination Net Unreachable']);
        const noRelated = await load(lab(docker.map((line) => line.replace('established,related', 'established')).join('\n')));
        expect(ping(noRelated, 'web', '10.99.0.1').lines).toEqual([]);
    });

    test('reject answers Destination Port Unreachable: from the pinged address on INPUT, from the router on FORWARD', async () => {
        const input = await load(lab('filter input reject from 192.168.1.0/24'));
        expect(ping(input, 'gw', '192.168.1.10').lines).toEqual(['From 192.168.1.10 icmp_seq=1 Destination Port Unreachable']);
        const forward = await load(lab(FORWARDING, 'host far2 {\n  eth0 192.168.1.20/24 -- lan\n  route 172.17.0.0/16 via 192.168.1.10\n}'));
        expect(ping(forward, 'far2', '172.17.0.2').lines).toEqual(['64 bytes from 172.17.0.2: icmp_seq=1 ttl=63']);
        const rejected = await load(
            lab(`${FORWARDING}\nfilter forward reject in eth0`, 'host far2 {\n  eth0 192.168.1.20/24 -- lan\n  route 172.17.0.0/16 via 192.168.1.10\n}')
        );
        expect(ping(rejected, 'far2', '172.17.0.2').lines).toEqual(['From 192.168.1.10 icmp_seq=1 Destination Port Unreachable']);
    });

    test('drop is silence; OUTPUT of the pinger refusing its own request is silence too (as ping shows it on the kernel)', async () => {
        expect(ping(await load(lab('filter input drop in docker0')), 'web', '172.17.0.1').lines).toEqual([]);
        const output = ping(await load(lab('filter output drop out eth0')), 'dh1', '192.168.1.1');
        expect(output.lines).toEqual([]);
        expect(output.failure).toMatchObject({ stage: 'request', stop: { kind: 'filtered', node: 'dh1', decision: { chain: 'output', verdict: 'drop' } } });
    });

    test('the first rule that matches decides; `!` inverts an option', async () => {
        const file = await load(lab('filter input accept from 172.17.0.3\nfilter input drop in docker0\nfilter input accept'));
        expect(ping(file, 'db', '172.17.0.1').reply).toBe(true);
        expect(ping(file, 'web', '172.17.0.1').reply).toBe(false);
        const negated = await load(lab('filter input drop in !eth0'));
        expect(ping(negated, 'web', '172.17.0.1').reply).toBe(false);
        expect(ping(negated, 'gw', '192.168.1.10').reply).toBe(true);
    });
});

describe('net.bridge.bridge-nf-call-iptables', () => {
    test("1 (the default): traffic between two ports crosses the host's FORWARD chain, -i and -o the bridge", async () => {
        const file = await load(lab('filter forward policy drop'));
        const result = ping(file, 'web', '172.17.0.3');
        expect(result.lines).toEqual([]);
        expect(stopOf(result)).toMatchObject({ kind: 'filtered', node: 'dh1', decision: { chain: 'forward', verdict: 'drop' } });
        expect(result.trace.find((step) => step.node === 'dh1')).toMatchObject({ bridge: 'docker0', inDevice: 'docker0', action: 'drop' });
        const opened = await load(lab('filter forward policy drop\nfilter forward accept in docker0 out docker0'));
        expect(ping(opened, 'web', '172.17.0.3').lines).toEqual(['64 bytes from 172.17.0.3: icmp_seq=1 ttl=64']);
        // The host's FORWARD chain handled the frames both ways, so the host is on the path.
        expect(ping(opened, 'web', '172.17.0.3').path).toEqual(['web', 'dh1', 'db', 'dh1', 'web']);
    });

    test('0: bridged traffic bypasses iptables', async () => {
        const file = await load(lab('filter forward policy drop\nsysctl net.bridge.bridge-nf-call-iptables = 0'));
        expect(ping(file, 'web', '172.17.0.3').lines).toEqual(['64 bytes from 172.17.0.3: icmp_seq=1 ttl=64']);
    });
});
