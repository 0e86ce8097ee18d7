import { describe, expect, test } from 'vitest';
import { formatPrefix } from '../../language/src/address/ipv4.js';
import { load, net, reported } from './net-helpers.js';

/** Bridges, `-- NODE.BRIDGE`, `nat` and `filter` lines: parsing, linking, the model, and the new words as names. */

const SYNTAX = ['lexing-error', 'parsing-error', 'linking-error'];

const dockerHost = net`
    switch lan 192.168.1.0/24

    host dockerhost {
      eth0 192.168.1.10/24 -- lan
      bridge docker0 172.17.0.1/16, 172.18.0.1/16
      sysctl net.ipv4.ip_forward = 1
      sysctl net.bridge.bridge-nf-call-iptables = 0
      nat masquerade from 172.17.0.0/16 out !docker0
      nat masquerade from 172.18.0.0/16 to !10.0.0.0/8 out eth0
      filter forward policy drop
      filter forward accept out docker0 state established,related
      filter forward accept in docker0
      filter input reject in !eth0 from 10.0.0.0/8 to 192.168.1.10
      filter output drop out eth0 state new
      filter input policy accept
    }

    host web {
      eth0 172.17.0.2/16 -- dockerhost.docker0
      route default via 172.17.0.1
    }

    host db {
      eth0 172.17.0.3/16 -- dockerhost.docker0
    }

    ping web -> 192.168.1.10
    ping web -> dockerhost.docker0
`;

describe('the language reference example and every option', () => {
    test('parses and links without errors', async () => {
        const file = await load(dockerHost);
        expect(reported(file).filter((entry) => entry.severity === 'error')).toEqual([]);
    });

    test("a bridge is one of its node's interfaces; plugged interfaces link to it", async () => {
        const { topology } = await load(dockerHost);
        const [host, web, db] = topology.nodes;
        expect(host.interfaces.map((iface) => [iface.name, iface.bridge, iface.link])).toEqual([
            ['eth0', undefined, { kind: 'switch', switch: 'lan' }],
            ['docker0', true, undefined]
        ]);
        expect(host.interfaces[1].addresses.map(formatPrefix)).toEqual(['172.17.0.1/16', '172.18.0.1/16']);
        for (const node of [web, db]) expect(node.interfaces[0].link).toEqual({ kind: 'bridge', node: 'dockerhost', bridge: 'docker0' });
        expect(topology.pings.map((ping) => ping.targetText)).toEqual(['192.168.1.10', 'dockerhost.docker0']);
    });

    test('nat and filter lines become rules in file order, with their words', async () => {
        const { topology, origins } = await load(dockerHost);
        const host = topology.nodes[0];
        expect(host.nat.map((rule) => rule.text)).toEqual([
            'nat masquerade from 172.17.0.0/16 out !docker0',
            'nat masquerade from 172.18.0.0/16 to !10.0.0.0/8 out eth0'
        ]);
        expect(host.nat[1]).toMatchObject({ node: 'dockerhost', destination: { negated: true }, out: { device: 'eth0', negated: false } });
        expect(formatPrefix(host.nat[1].destination!.prefix)).toBe('10.0.0.0/8');
        expect(host.policies).toEqual([
            { node: 'dockerhost', chain: 'forward', verdict: 'drop' },
            { node: 'dockerhost', chain: 'input', verdict: 'accept' }
        ]);
        expect(host.filters.map((rule) => [rule.chain, rule.verdict, rule.text])).toEqual([
            ['forward', 'accept', 'filter forward accept out docker0 state established,related'],
            ['forward', 'accept', 'filter forward accept in docker0'],
            ['input', 'reject', 'filter input reject in !eth0 from 10.0.0.0/8 to 192.168.1.10'],
            ['output', 'drop', 'filter output drop out eth0 state new']
        ]);
        expect(host.filters[0].states).toEqual(['established', 'related']);
        expect(host.filters[2].in).toEqual({ device: 'eth0', negated: true });
        // Each rule keeps its line through the origins map, as routes do.
        for (const rule of [...host.nat, ...host.filters]) expect(origins.get(rule)?.$cstNode?.text).toBe(rule.text);
        expect(origins.get(host.policies[0])?.$cstNode?.text).toBe('filter forward policy drop');
    });
});

describe('the new words stay usable as names', () => {
    test('nodes, switches and interfaces called like the container keywords', async () => {
        const file = await load(net`
            switch nat 10.0.0.0/24
            host filter {
              in 10.0.0.1/24 -- nat
              out 10.1.0.1/24 -- bridge.policy
              bridge
              state 10.2.0.1/24
              route default via 10.0.0.2 dev in
              sysctl net.ipv4.conf.in.rp_filter = 1
              filter input drop in in
            }
            host bridge {
              policy 10.1.0.2/24
              masquerade -- nat
              bridge established 10.3.0.1/24
            }
            ping filter -> bridge.policy
            ping bridge -> filter
        `);
        expect(reported(file).filter((entry) => SYNTAX.includes(entry.code))).toEqual([]);
        const [filter, bridge] = file.topology.nodes;
        expect(filter.interfaces.map((iface) => iface.name)).toEqual(['in', 'out', 'bridge', 'state']);
        expect(filter.interfaces.some((iface) => iface.bridge)).toBe(false);
        expect(filter.interfaces[1].link).toEqual({ kind: 'peer', node: 'bridge', interface: 'policy' });
        expect(filter.filters[0].in).toEqual({ device: 'in', negated: false });
        expect(bridge.interfaces.map((iface) => [iface.name, iface.bridge ?? false])).toEqual([
            ['policy', false],
            ['masquerade', false],
            ['established', true]
        ]);
        expect(file.topology.pings.map((ping) => ping.source)).toEqual(['filter', 'bridge']);
    });
});

describe('lines iptables or ip link refuse: an error each, left out of the model', () => {
    const refused = async (line: string) => {
        const file = await load(net`
            host h {
              eth0 10.0.0.1/24
              ${line}
            }
        `);
        const node = file.topology.nodes[0];
        return { errors: reported(file).filter((entry) => entry.severity === 'error'), rules: node.nat.length + node.filters.length + node.policies.length };
    };

    test.each([
        ['filter output accept in eth0', 'option-not-in-chain', /`in` is not allowed in OUTPUT/],
        ['filter input accept out eth0', 'option-not-in-chain', /`out` is not allowed in INPUT/],
        ['nat masquerade from 10.0.0.0/8 in eth0', 'option-not-in-chain', /`in` is not allowed in POSTROUTING/],
        ['nat masquerade out eth0', 'nat-needs-source', /needs `from PREFIX`/],
        ['filter forward policy reject', 'invalid-policy', /accept or drop/],
        ['filter forward policy drop in eth0', 'invalid-policy', /a policy takes no options/],
        ['filter forward accept in eth0 in eth1', 'duplicate-option', /`in` is given twice/],
        ['filter forward accept from 10.0.0.0/33', 'invalid-address', /./]
    ])('%s', async (line, code, message) => {
        const { errors, rules } = await refused(line);
        expect(errors.map((entry) => entry.code)).toEqual([code]);
        expect(errors[0].message).toMatch(message);
        expect(rules).toBe(0);
    });

    test('a bridge takes no cable of its own', async () => {
        const file = await load(net`
            switch lan
            host h {
              bridge br0 10.0.0.1/24 -- lan
            }
        `);
        expect(
            reported(file)
                .filter((entry) => entry.severity === 'error')
                .map((entry) => [entry.line, entry.code])
        ).toEqual([[3, 'bridge-link']]);
        expect(file.topology.nodes[0].interfaces[0].link).toBeUndefined();
    });

    test('plugging into a bridge that does not exist is a linking error that says what was expected', async () => {
        const file = await load(net`
            host dh {
              bridge br0 10.0.0.1/24
            }
            host c {
              eth0 10.0.0.2/24 -- dh.br1
            }
        `);
        expect(
            reported(file)
                .filter((entry) => entry.severity === 'error')
                .map((entry) => entry.message)
        ).toEqual(["unknown switch or interface (NODE.IFNAME) 'dh.br1'"]);
    });

    test("a bridge named like one of the node's interfaces", async () => {
        const file = await load(net`
            host h {
              eth0 10.0.0.1/24
              bridge eth0 10.1.0.1/24
            }
        `);
        expect(
            reported(file)
                .filter((entry) => entry.severity === 'error')
                .map((entry) => [entry.line, entry.code, entry.message])
        ).toEqual([[3, 'duplicate-name', 'h already has an interface named eth0']]);
        expect(file.topology.nodes[0].interfaces.map((iface) => iface.bridge)).toEqual([undefined]);
    });
});

describe('what the kernel accepts but cannot work: warnings that name the consequence', () => {
    const warnings = async (text: string) => reported(await load(text)).filter((entry) => entry.severity === 'warning');

    test('a rule naming an interface the node does not have', async () => {
        const found = await warnings(net`
            host h {
              eth0 10.0.0.1/24
              filter input drop in eth9
              nat masquerade from 10.0.0.0/24 out !wan0
              sysctl net.ipv4.ip_forward = 1
            }
        `);
        expect(found.map((entry) => [entry.line, entry.code, entry.message])).toEqual([
            [3, 'rule-unknown-interface', 'h has no interface eth9: iptables accepts the rule, but the rule never matches'],
            [4, 'rule-unknown-interface', 'h has no interface wan0: iptables accepts the rule, but `out !wan0` matches every packet']
        ]);
    });

    test("a container address outside its bridge's subnet, as for a switch", async () => {
        const found = await warnings(net`
            host dh {
              bridge br0 172.17.0.1/16
            }
            host c {
              eth0 172.18.0.2/16 -- dh.br0
            }
        `);
        expect(found.filter((entry) => entry.code === 'outside-bridge-subnet').map((entry) => [entry.line, entry.message])).toEqual([
            [5, "172.18.0.2 is outside dh.br0's subnet 172.17.0.0/16"]
        ]);
    });

    test('nat on a node without forwarding', async () => {
        const found = await warnings(net`
            host dh {
              eth0 10.0.0.1/24
              bridge br0 172.17.0.1/16
              nat masquerade from 172.17.0.0/16 out eth0
            }
        `);
        expect(found.filter((entry) => entry.code === 'nat-without-forwarding').map((entry) => [entry.line, entry.message])).toEqual([
            [4, 'dh does not forward (net.ipv4.ip_forward is 0): its masquerade only rewrites what it sends itself, and nothing behind it gets out']
        ]);
    });
});
