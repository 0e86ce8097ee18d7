import { describe, expect, test } from 'vitest';
import { formatIpRoutes } from '../../language/src/engine/route-format.js';
import { load, net, onlyOne, ping, reported } from './net-helpers.js';
import { oneWayLans } from '../cli/fixtures.js';

/**
 * Every diagnostic code the validator and the model checks produce, each from a minimal file:
 * its severity, its line and the words of its message that matter to the user.
 */

describe('names and syntax-level values', () => {
    test('duplicate-name: two top-level statements with one name', async () => {
        const found = await onlyOne('switch A\nhost A {\n  eth0 10.0.0.1/24\n}\n', 'duplicate-name');
        expect(found).toMatchObject({ line: 2, severity: 'error' });
        expect(found.message).toContain("duplicate name 'A'");
        expect(found.message).toContain('switch');
    });

    test('duplicate-name: two interfaces with one name on a node', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n  eth0 10.0.1.1/24\n}\n', 'duplicate-name');
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toBe('A already has an interface named eth0');
    });

    test.each([
        ['a switch prefix', 'switch s 10.0.0.0/33\n', 1, 'prefix length'],
        ['an interface address', 'host A {\n  eth0 10.0.0.1/24, 10.0.0.256/24\n}\n', 2, '10.0.0.256'],
        ['a route destination', 'host A {\n  eth0 10.0.0.1/24\n  route 10.300.0.0/16 via 10.0.0.2\n}\n', 3, '10.300.0.0'],
        ['a gateway', 'host A {\n  eth0 10.0.0.1/24\n  route 10.3.0.0/16 via 10.0.0.999\n}\n', 3, '10.0.0.999'],
        ['a ping target', 'host A {\n  eth0 10.0.0.1/24\n}\nping A -> 1.2.3.400\n', 4, '1.2.3.400']
    ])('invalid-address: %s', async (_what, text, line, words) => {
        const found = await onlyOne(text, 'invalid-address');
        expect(found).toMatchObject({ line, severity: 'error' });
        expect(found.message).toContain(words);
    });

    test('interface-name-too-long: more than 15 characters (IFNAMSIZ); 15 is fine', async () => {
        const file = await load('host A {\n  abcdefghijklmno 10.0.0.1/24\n  abcdefghijklmnop 10.0.1.1/24\n}\n');
        const found = reported(file).filter((entry) => entry.code === 'interface-name-too-long');
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ line: 3, severity: 'error' });
        expect(found[0].message).toContain('16 characters');
        expect(found[0].message).toContain('15');
    });

    test("reserved-interface-name: `lo` is every node's loopback already", async () => {
        const found = await onlyOne('host A {\n  lo 10.9.9.9/32\n}\n', 'reserved-interface-name');
        expect(found).toMatchObject({ line: 2, severity: 'error' });
        expect(found.message).toContain('loopback');
        const all = await onlyOne('host A {\n  all 10.9.9.9/32\n}\n', 'reserved-interface-name');
        expect(all.message).toContain('net.ipv4.conf.all');
    });

    test('link-conflict: an interface cabled to itself', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24 -- A.eth0\n}\n', 'link-conflict');
        expect(found).toMatchObject({ line: 2, severity: 'error' });
        expect(found.message).toContain('cabled to itself');
    });

    test('link-conflict: the two ends of a cable disagree', async () => {
        const found = await onlyOne(
            net`
            switch s
            host A {
              eth0 10.0.0.1/24 -- B.eth0
            }
            host B {
              eth0 10.0.0.2/24 -- s
            }
        `,
            'link-conflict'
        );
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toContain('B.eth0 is already plugged into switch s');
    });

    test('duplicate-option: `via` twice', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n  route 10.5.0.0/16 via 10.0.0.2 via 10.0.0.3\n}\n', 'duplicate-option');
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toContain('`via` is given twice');
    });

    test('invalid-metric: above 2^32-1', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n  route 10.5.0.0/16 dev eth0 metric 4294967296\n}\n', 'invalid-metric');
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toContain('4294967295');
    });

    test('route-needs-next-hop: neither `via` nor `dev` nor a type', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n  route 10.5.0.0/16 metric 3\n}\n', 'route-needs-next-hop');
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toContain('via');
        expect(found.message).toContain('dev');
    });

    test('ping-target-no-address: a node or interface without addresses', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n}\nhost B {\n  eth0\n}\nping A -> B.eth0\n', 'ping-target-no-address');
        expect(found).toMatchObject({ line: 7, severity: 'error' });
        expect(found.message).toBe('B.eth0 has no address to ping');
    });
});

describe('addresses and links', () => {
    test('duplicate-address: the same address on two nodes', async () => {
        const found = await onlyOne('switch s\nhost A {\n  eth0 10.0.0.1/24 -- s\n}\nhost B {\n  eth0 10.0.0.1/24 -- s\n}\n', 'duplicate-address');
        expect(found).toMatchObject({ line: 6, severity: 'warning' });
        expect(found.message).toContain("10.0.0.1 is also A's address");
    });

    test('network-address and broadcast-address of the subnet; /31 has neither', async () => {
        const file = await load('host A {\n  eth0 10.0.0.0/24\n  eth1 10.0.1.255/24\n  eth2 10.0.2.0/31\n}\n');
        expect(reported(file).map(({ line, code, severity }) => ({ line, code, severity }))).toEqual([
            { line: 2, code: 'network-address', severity: 'warning' },
            { line: 3, code: 'broadcast-address', severity: 'warning' }
        ]);
        expect(reported(file)[1].message).toContain('broadcast');
    });

    test('outside-switch-prefix: an address outside the switch subnet', async () => {
        const found = await onlyOne('switch s 10.0.0.0/24\nhost A {\n  eth0 10.0.1.1/24 -- s\n}\n', 'outside-switch-prefix');
        expect(found).toMatchObject({ line: 3, severity: 'warning' });
        expect(found.message).toBe("10.0.1.1 is outside s's subnet 10.0.0.0/24");
    });

    test('link-no-common-subnet: a cable between two subnets', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24 -- B.eth0\n}\nhost B {\n  eth0 10.0.1.1/24\n}\n', 'link-no-common-subnet');
        expect(found).toMatchObject({ line: 2, severity: 'warning' });
        expect(found.message).toContain('share no subnet');
    });
});

describe('sysctls', () => {
    test('sysctl-not-modelled', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n  sysctl net.ipv4.tcp_syncookies = 1\n}\n', 'sysctl-not-modelled');
        expect(found).toMatchObject({ line: 3, severity: 'warning' });
        expect(found.message).toContain('not modelled');
    });

    test('sysctl-unknown-interface: a conf key for an interface the node lacks', async () => {
        const found = await onlyOne('host A {\n  eth0 10.0.0.1/24\n  sysctl net.ipv4.conf.eth1.rp_filter = 1\n}\n', 'sysctl-unknown-interface');
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toContain('No such file or directory');
        expect(found.message).toContain('eth1');
    });

    test.each([
        ['net.ipv4.ip_forward', 2, '0 or 1'],
        ['net.ipv4.conf.all.rp_filter', 3, '0, 1 or 2'],
        ['net.ipv4.icmp_echo_ignore_all', 5, '0 or 1'],
        ['net.ipv4.conf.eth0.send_redirects', 2, '0 or 1']
    ])('sysctl-value: %s = %i', async (key, value, words) => {
        const found = await onlyOne(`host A {\n  eth0 10.0.0.1/24\n  sysctl ${key} = ${value}\n}\n`, 'sysctl-value');
        expect(found).toMatchObject({ line: 3, severity: 'error' });
        expect(found.message).toContain(words);
    });

    test('the accepted values raise nothing', async () => {
        const file = await load(net`
            host A {
              eth0 10.0.0.1/24
              sysctl net.ipv4.ip_forward = 1
              sysctl net.ipv4.conf.all.rp_filter = 2
              sysctl net.ipv4.conf.eth0.rp_filter = 1
              sysctl net.ipv4.icmp_echo_ignore_all = 1
              sysctl net.ipv4.conf.all.send_redirects = 0
              sysctl net.ipv4.conf.eth0.send_redirects = 0
            }
        `);
        expect(reported(file)).toEqual([]);
    });
});

describe('route-refused: what `ip route add` refuses, with the kernel reason', () => {
    const refusals = net`
        switch lan 10.0.0.0/24
        host A {
          eth0 10.0.0.5/24 -- lan
          route 10.9.0.0/16 via 10.1.0.1
          route 10.8.0.7/16 via 10.0.0.1
          route 10.7.0.0/16 via 10.0.0.1
          route 10.7.0.0/16 via 10.0.0.2
          route 10.0.0.0/24 via 10.0.0.1
          route 10.0.0.0/24 via 10.0.0.1 metric 10
          route 10.6.0.0/16 dev eth9
          route 10.5.0.0/16 unreachable dev eth0
        }
        router R {
          eth0 10.0.0.1/24 -- lan
        }
        ping A -> 10.9.0.1 fails
    `;

    test('each refusal is an error on its line, with the kernel message', async () => {
        const found = reported(await load(refusals)).filter((entry) => entry.code === 'route-refused');
        expect(found.map(({ line, severity }) => [line, severity])).toEqual([
            [4, 'error'],
            [5, 'error'],
            [7, 'error'],
            [8, 'error'],
            [10, 'error'],
            [11, 'error']
        ]);
        const messages = found.map((entry) => entry.message);
        expect(messages[0]).toContain('Nexthop has invalid gateway');
        expect(messages[1]).toContain('Invalid prefix for given prefix length');
        expect(messages[2]).toContain('File exists');
        // The connected route of 10.0.0.5/24 counts as a route to 10.0.0.0/24 with metric 0.
        expect(messages[3]).toContain('File exists');
        expect(messages[4]).toContain('Cannot find device "eth9"');
        expect(messages[5]).toContain('can not be specified for this route type');
    });

    test('refused routes are not in the route table; a metric makes the duplicate of a connected route acceptable', async () => {
        const { network } = await load(refusals);
        expect(
            formatIpRoutes(network.nodes.get('A')!.table)
                .split('\n')
                .map((line) => line.trimEnd())
        ).toEqual([
            '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5',
            '10.0.0.0/24 via 10.0.0.1 dev eth0 metric 10',
            '10.7.0.0/16 via 10.0.0.1 dev eth0',
            ''
        ]);
    });

    test('refused routes play no part in pings', async () => {
        const file = await load(refusals);
        expect(ping(file, 'A', '10.9.0.1').lines).toEqual(['ping: connect: Network is unreachable']);
        expect(ping(file, 'A', '10.8.0.7').lines).toEqual(['ping: connect: Network is unreachable']);
        expect(ping(file, 'A', '10.6.0.1').lines).toEqual(['ping: connect: Network is unreachable']);
        expect(ping(file, 'A', '10.5.0.1').lines).toEqual(['ping: connect: Network is unreachable']);
        // The accepted 10.7.0.0/16 goes to R, which has no route onwards.
        expect(ping(file, 'A', '10.7.0.1').lines).toEqual(['From 10.0.0.1 icmp_seq=1 Destination Net Unreachable']);
        expect(reported(file).filter((entry) => entry.code === 'ping-expectation')).toEqual([]);
    });

    test('a gateway reached only through a `via` route is invalid; through a `dev` route it is valid', async () => {
        const file = await load(net`
            host A {
              eth0 10.0.0.5/24
              route 10.1.0.0/16 via 10.0.0.1
              route 10.2.0.0/16 dev eth0
              route 10.3.0.0/16 via 10.1.0.1
              route 10.4.0.0/16 via 10.2.0.1
            }
        `);
        expect(
            reported(file)
                .filter((entry) => entry.code === 'route-refused')
                .map((entry) => entry.line)
        ).toEqual([5]);
    });
});

describe('gateways', () => {
    test('gateway-not-owned: nobody on the segment holds the gateway', async () => {
        const found = await onlyOne('switch lan\nhost A {\n  eth0 10.0.0.5/24 -- lan\n  route 10.4.0.0/16 via 10.0.0.99\n}\n', 'gateway-not-owned');
        expect(found).toMatchObject({ line: 4, severity: 'warning' });
        expect(found.message).toContain('no interface on lan owns 10.0.0.99');
    });

    test('gateway-ignores-arp: the gateway drops ARP from a source it holds itself', async () => {
        const found = await onlyOne(
            net`
            switch lan
            host A {
              eth0 10.0.0.5/24 -- lan
              route 10.4.0.0/16 via 10.0.0.6
            }
            router B {
              eth0 10.0.0.6/24 -- lan
              eth1 10.0.0.5/24
            }
        `,
            'gateway-ignores-arp'
        );
        expect(found).toMatchObject({ line: 4, severity: 'warning' });
        expect(found.message).toContain("B owns 10.0.0.6 but ignores A's ARP requests from 10.0.0.5");
    });

    test('gateway-not-forwarding: the gateway is a host with ip_forward 0, with a fix', async () => {
        const found = await onlyOne(
            'switch lan\nhost A {\n  eth0 10.0.0.5/24 -- lan\n  route 10.4.0.0/16 via 10.0.0.6\n}\nhost B {\n  eth0 10.0.0.6/24 -- lan\n}\n',
            'gateway-not-forwarding'
        );
        expect(found).toMatchObject({ line: 4, severity: 'warning' });
        expect(found.message).toContain('ip_forward is 0');
        expect(found.message).toContain('sysctl net.ipv4.ip_forward = 1');
    });

    test('a host route to the gateway host itself is not a forwarding problem', async () => {
        const file = await load(
            'switch lan\nhost A {\n  eth0 10.0.0.5/24 -- lan\n  route 10.9.9.9 via 10.0.0.6\n}\nhost B {\n  eth0 10.0.0.6/24 -- lan\n  eth1 10.9.9.9/32\n}\n'
        );
        expect(reported(file)).toEqual([]);
    });
});

describe('route analysis and ping expectations', () => {
    const oneWay = `${oneWayLans}ping B -> C
ping B -> R.eth1 fails
`;

    test('missing-return-route: once on C, where the fix goes, and on the route line whose replies are lost', async () => {
        const found = reported(await load(oneWay)).filter((entry) => entry.code === 'missing-return-route');
        expect(found.map(({ line, severity }) => [line, severity])).toEqual([
            [5, 'warning'],
            [11, 'warning']
        ]);
        expect(found[0].message).toContain('C has no route to 10.1.0.11');
        expect(found[1].message).toMatch(
            /^C has no route to 10\.1\.0\.0\/24 \(B, R\): pings from B to 10\.2\.0\.10 \(C\) get no reply: the replies are lost at C/
        );
        for (const entry of found) expect(entry.message).toContain('fix: add `route 10.1.0.0/24 via 10.2.0.1` to C');
    });

    test('ping-expectation: a reply expected and none comes; a failure expected and a reply comes', async () => {
        const found = reported(await load(oneWay)).filter((entry) => entry.code === 'ping-expectation');
        expect(found.map(({ line, severity }) => [line, severity])).toEqual([
            [14, 'error'],
            [15, 'error']
        ]);
        expect(found[0].message).toContain('gets no reply');
        expect(found[0].message).toContain('C has no route to 10.1.0.11');
        expect(found[0].message).toContain('ping prints nothing');
        expect(found[1].message).toContain('expected to fail, but it gets a reply (64 bytes from 10.2.0.1: icmp_seq=1 ttl=64)');
    });

    test('unreachable-destination: the request is lost beyond the first hop', async () => {
        const file = await load(net`
            switch s1
            switch s2
            switch s3
            host B {
              eth0 10.1.0.11/24 -- s1
              route default via 10.1.0.1
            }
            router R {
              eth0 10.1.0.1/24 -- s1
              eth1 10.2.0.1/24 -- s2
            }
            host M {
              eth0 10.2.0.2/24 -- s2
              eth1 10.3.0.1/24 -- s3
            }
            host C {
              eth0 10.3.0.10/24 -- s3
            }
        `);
        const found = reported(file).filter((entry) => entry.code === 'unreachable-destination');
        expect(found.map(({ line, severity }) => [line, severity])).toEqual([
            [6, 'warning'],
            [8, 'warning']
        ]);
        // The first known address in range is M's 10.3.0.1; C's 10.3.0.10 is the other one.
        expect(found[0].message).toContain('do not reach 10.3.0.1 (M)');
        expect(found[0].message).toContain('R has no route to 10.3.0.1; R answers Destination Net Unreachable; the same for 1 more destination');
        // The cause, on R: its neighbour towards 10.3.0.0/24 is M, a host, whose forwarding is a cause of its own once R routes there.
        expect(found[1].message).toBe(
            'R has no route to 10.3.0.0/24 (M, C): pings from B to them are lost at R; fix: add `route 10.3.0.0/24 via 10.2.0.2` to R'
        );
    });

    test('a host without a gateway: the subnets it cannot reach are all named while few, counted beyond', async () => {
        // UNLu's fault-finding lab DF_L1 has this shape: b's interfaces file has no gateway line.
        const lab = (lans: number) => net`
            ${Array.from({ length: lans }, (_, index) => `switch s${index}`).join('\n')}
            router r {
            ${Array.from({ length: lans }, (_, index) => `  eth${index} 10.10.${index}.1/24 -- s${index}`).join('\n')}
            }
            host b {
              eth0 10.10.0.2/24 -- s0
            }
            ${Array.from({ length: lans - 1 }, (_, index) => `host h${index + 1} {\n  eth0 10.10.${index + 1}.2/24 -- s${index + 1}\n  route default via 10.10.${index + 1}.1\n}`).join('\n')}
        `;
        const cause = async (lans: number) => reported(await load(lab(lans))).find((entry) => entry.message.startsWith('b has no route'))!.message;
        expect(await cause(3)).toMatch(/^b has no route to 10\.10\.1\.0\/24 and 10\.10\.2\.0\/24 \(r, h1, h2\): /);
        expect(await cause(5)).toMatch(/^b has no route to 4 subnets with 5 nodes \(10\.10\.1\.0\/24, 10\.10\.2\.0\/24, …\): /);
    });

    test('a router without a route both ways: its lost requests name their targets, since the lost replies named others', async () => {
        // Kathará's exam lab "chair" has this shape: r knows 10.1.0.0/24 and 10.2.0.0/24 but not 10.3.0.0/24 behind g.
        const file = await load(net`
            switch s1
            switch s2
            switch s3
            host a {
              eth0 10.1.0.10/24 -- s1
              route default via 10.1.0.1
            }
            router r {
              eth0 10.1.0.1/24 -- s1
              eth1 10.2.0.1/24 -- s2
            }
            router g {
              eth0 10.2.0.2/24 -- s2
              eth1 10.3.0.1/24 -- s3
              route default via 10.2.0.1
            }
            host c {
              eth0 10.3.0.10/24 -- s3
              route default via 10.3.0.1
            }
        `);
        const found = reported(file);
        expect(found.map(({ line, code }) => [line, code])).toEqual([
            [6, 'unreachable-destination'],
            [8, 'missing-return-route'],
            [19, 'missing-return-route']
        ]);
        // Not "pings from a to them": "them" would read as 10.1.0.0/24 and 10.2.0.1, the last targets named.
        expect(found[1].message).toContain(
            'pings from c to 10.1.0.0/24 (a, r) and 10.2.0.1 (r) get no reply: the replies are lost at r; pings from a to 10.3.0.0/24 (g, c) are lost at r'
        );
        // The route line is named as a newcomer reads it, and the other destinations are set apart from r's one.
        expect(found[0].message).toMatch(
            /^unreachable destination: packets on this default route do not reach 10\.3\.0\.1 \(g\): .*r has no route to 10\.3\.0\.1; r answers Destination Net Unreachable; the same for 1 more destination;/
        );
        expect(found[2].message).toContain('r has no route to 10.3.0.10; the same for 2 more destinations');
    });
});
