import { describe, expect, test } from 'vitest';
import { formatIpv4, formatPrefix } from '../../language/src/address/ipv4.js';
import { parseRouteDump } from '../../language/src/model/route-dump.js';

/**
 * The reader of `ip route show` dumps (`routes from "FILE"`): lines as a real router prints them
 * (measured on the kernel, test/kernel/routes-from.test.ts) read into routes; every other word an
 * error naming its line, or kept because it changes no lookup.
 */

/** A dump's routes in short: destination, type, gateway, device, metric, and what the dump adds. */
function read(text: string) {
    const { routes, problems } = parseRouteDump(text);
    return {
        routes: routes.map((route) => ({
            to: formatPrefix(route.destination),
            ...(route.type !== 'unicast' && { type: route.type }),
            ...(route.gateway !== undefined && { via: formatIpv4(route.gateway) }),
            ...(route.device !== undefined && { dev: route.device }),
            ...(route.metric !== 0 && { metric: route.metric }),
            ...route.dumped,
            ...(route.dumped?.source !== undefined && { source: formatIpv4(route.dumped.source) })
        })),
        problems
    };
}

describe('ip route show lines', () => {
    test('gateways, devices, connected routes, reject routes, host routes', () => {
        const { routes, problems } = read(
            [
                'default via 198.18.1.2 dev eth0 proto static metric 100 ',
                '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 ',
                '198.19.8.8 via 198.18.1.3 dev eth0 ',
                'blackhole 198.19.5.0/24 ',
                'unreachable 198.19.6.0/24 metric 5 ',
                'prohibit 198.19.7.0/24 ',
                '198.19.9.0/24 via 198.18.1.4 dev eth0 onlink linkdown ',
                '198.19.14.0/24 via 198.18.1.6 dev eth0 src 198.18.2.1 ',
                '198.19.17.0/24 via 198.18.1.6 dev eth0 proto boot'
            ].join('\n')
        );
        expect(problems).toEqual([]);
        expect(routes).toEqual([
            { to: '0.0.0.0/0', via: '198.18.1.2', dev: 'eth0', metric: 100, line: 1, proto: 'static' },
            { to: '198.18.1.0/24', dev: 'eth0', line: 2, proto: 'kernel', source: '198.18.1.1' },
            { to: '198.19.8.8/32', via: '198.18.1.3', dev: 'eth0', line: 3 },
            { to: '198.19.5.0/24', type: 'blackhole', line: 4 },
            { to: '198.19.6.0/24', type: 'unreachable', metric: 5, line: 5 },
            { to: '198.19.7.0/24', type: 'prohibit', line: 6 },
            // linkdown is the device's state, which the node's interfaces give.
            { to: '198.19.9.0/24', via: '198.18.1.4', dev: 'eth0', line: 7, onlink: true },
            { to: '198.19.14.0/24', via: '198.18.1.6', dev: 'eth0', line: 8, source: '198.18.2.1' },
            { to: '198.19.17.0/24', via: '198.18.1.6', dev: 'eth0', line: 9 }
        ]);
    });

    test('words that change no lookup are kept as printed, to be printed back', () => {
        const { routes, problems } = read(
            '198.19.10.0/24 dev eth1 scope link mtu lock 1400 advmss 1000 realm 3 rt_offload\n198.19.11.0/24 via 198.18.1.5 dev eth0 pref high expires 300'
        );
        expect(problems).toEqual([]);
        expect(routes.map((route) => route.extra)).toEqual(['mtu lock 1400 advmss 1000 realm 3 rt_offload', 'pref high expires 300']);
    });

    test('multipath routes: the nexthop lines under their route, or on its line (ip route add, ip -oneline)', () => {
        const hops = [
            { gateway: 0xc6120102, device: 'eth0', weight: 1 },
            { gateway: 0xc6120202, device: 'eth1', weight: 2 }
        ];
        const printed = read('198.19.0.0/16 proto bgp metric 20 \n\tnexthop via 198.18.1.2 dev eth0 weight 1 \n\tnexthop via 198.18.2.2 dev eth1 weight 2 \n');
        const oneLine = read('198.19.0.0/16 proto bgp metric 20 \\\tnexthop via 198.18.1.2 dev eth0 weight 1 \\\tnexthop via 198.18.2.2 dev eth1 weight 2');
        for (const { routes, problems } of [printed, oneLine]) {
            expect(problems).toEqual([]);
            // The route's own gateway and device are its first nexthop's.
            expect(routes).toEqual([{ to: '198.19.0.0/16', via: '198.18.1.2', dev: 'eth0', metric: 20, line: 1, proto: 'bgp', nexthops: hops }]);
        }
    });

    test('a multipath route with a single nexthop is a plain route', () => {
        expect(read('198.19.0.0/16\n  nexthop via 198.18.1.2 dev eth0 weight 1 onlink').routes).toEqual([
            { to: '198.19.0.0/16', via: '198.18.1.2', dev: 'eth0', line: 1, onlink: true }
        ]);
    });

    test('blank lines and comments are skipped; line numbers are the file’s', () => {
        expect(read('\n# r1, 4 Dec\n\n198.19.8.8 via 198.18.1.3\n').routes).toEqual([{ to: '198.19.8.8/32', via: '198.18.1.3', line: 4 }]);
    });
});

describe('lines that are not taken, each with its line and why', () => {
    const problem = (text: string) => parseRouteDump(text).problems;

    test.each([
        ['198.19.31.0/24 via 198.18.1.6 tos 4', /tos: .*does not model TOS/],
        ['198.19.19.0/24 via 198.18.1.6 dev eth0 table 100', /table 100: nettopo models the main table only/],
        ['local 198.18.1.1 dev eth0 table local proto kernel scope host src 198.18.1.1', /local: a route of the local table/],
        ['broadcast 198.18.1.255 dev eth0 table local proto kernel scope link src 198.18.1.1', /broadcast: a route of the local table/],
        ['throw 198.19.22.0/24', /throw routes/],
        ['198.19.20.0/24 dev eth0 scope host', /scope host changes how the kernel uses the route/],
        ['fe80::/64 dev eth0 proto kernel metric 256 pref medium', /IPv6 destination/],
        ['198.19.0.0/33 dev eth0', /198.19.0.0\/33 is not a destination/],
        ['198.19.0.0/16 via 198.18.1.300', /via needs an IPv4 address, not 198.18.1.300/],
        ['198.19.0.0/16 via 198.18.1.2 frobnicate 3', /does not know "frobnicate"/],
        ['198.19.0.0/16 via 198.18.1.2 metric x', /metric takes a whole number/],
        ['198.19.0.0/16 via 198.18.1.2 via 198.18.1.3', /via is given twice/],
        ['198.19.0.0/16 nhid 12', /nexthop objects/],
        ['198.19.0.0/16 proto bgp', /a route needs a gateway \(via\), a device \(dev\) or nexthop lines/],
        ['\tnexthop via 198.18.1.2 dev eth0 weight 1', /none comes before it/],
        ['198.19.0.0/16\n\tnexthop via 198.18.1.2 dev eth0 weight 0', /weight takes 1 to 256, not 0/]
    ])('%s', (line, message) => {
        const problems = problem(`198.19.1.0/24 via 198.18.1.2\n${line}\n`);
        expect(problems).toHaveLength(1);
        expect(problems[0].line).toBe(line.includes('\n') ? 3 : 2);
        expect(problems[0].message).toMatch(message);
    });

    test('a line that does not read leaves the others in', () => {
        const dump = parseRouteDump('198.19.1.0/24 via 198.18.1.2\n198.19.2.0/24 via 198.18.1.2 tos 4\n198.19.3.0/24 via 198.18.1.2\n');
        expect(dump.routes.map((route) => formatPrefix(route.destination))).toEqual(['198.19.1.0/24', '198.19.3.0/24']);
    });
});
