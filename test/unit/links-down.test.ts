import { describe, expect, test } from 'vitest';
import { simulatePing } from '../../language/src/engine/ping.js';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { netnsScript } from '../../language/src/kernel/netns-script.js';
import { fixText } from '../../language/src/fixes/fix-text.js';
import { load, net, ping, reported } from './net-helpers.js';

/**
 * `down` on an interface or bridge line: the interface as `ip link set IF down` leaves it. Every
 * behaviour here was measured on the kernel (kernel-cases/links-down.net, which the kernel tier
 * measures again).
 */
const lab = net`
    switch lan 198.18.1.0/24
    router A {
      eth0 198.18.1.1/24 -- lan
      eth1 198.18.2.1/24 -- C.eth0 down
      route 198.18.8.0/24 dev eth1
    }
    host B {
      eth0 198.18.1.2/24 -- lan
      route default via 198.18.1.1
    }
    host C {
      eth0 198.18.2.2/24
      route default via 198.18.2.1 metric 5
    }
    host H {
      eth0 198.18.1.3/24 -- lan
      bridge br0 198.18.3.1/24 down
    }
    host W {
      eth0 198.18.3.2/24 -- H.br0
    }
    host X {
      eth0 198.18.3.3/24 -- H.br0
    }
`;

describe('an interface that is down', async () => {
    const file = await load(lab);
    const table = (node: string) => file.network.nodes.get(node)!.table;

    test('its address stays, its connected route goes; a `dev` route on it is refused', () => {
        expect(formatIpRoutes(table('A'))).toBe('198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 \n');
        expect(table('A').locals.get(0xc6120201)).toBe('eth1');
        expect(file.network.nodes.get('A')!.refused.map((refusal) => refusal.reason)).toEqual(['Error: Device for nexthop is not up.']);
    });

    test('the far end of its cable has no carrier: its routes print `linkdown`, `route -n` does not', () => {
        expect(formatIpRoutes(table('C'))).toBe(
            'default via 198.18.2.1 dev eth0 metric 5 linkdown \n198.18.2.0/24 dev eth0 proto kernel scope link src 198.18.2.2 linkdown \n'
        );
        expect(formatRouteN(table('C')).split('\n')[2]).toBe('0.0.0.0         198.18.2.1      0.0.0.0         UG    5      0        0 eth0');
    });

    test('its address is answered, from the node itself and through its up interfaces', () => {
        expect(ping(file, 'A', '198.18.2.1')).toMatchObject({ reply: true });
        expect(ping(file, 'B', '198.18.2.1')).toMatchObject({ reply: true, path: ['B', 'A', 'B'] });
    });

    test('what lies behind it is out of reach, and the cause names it', () => {
        expect(ping(file, 'A', '198.18.2.2')).toMatchObject({
            lines: ['ping: connect: Network is unreachable'],
            failure: { down: { node: 'A', device: 'eth1' } }
        });
        expect(ping(file, 'B', '198.18.2.2')).toMatchObject({ lines: ['From 198.18.1.1 icmp_seq=1 Destination Net Unreachable'] });
        // The far end still takes its linkdown routes: nobody is there to answer its ARP.
        expect(ping(file, 'C', '198.18.1.2')).toMatchObject({
            lines: ['From 198.18.2.2 icmp_seq=1 Destination Host Unreachable'],
            failure: { stop: { kind: 'arp-failed', down: { node: 'A', device: 'eth1' } } }
        });
    });

    test('a ping bound to it (`ping -I eth1`) finds no route, not even to its own address', () => {
        const bound = simulatePing(file.network, 'A', 0xc6120201, { from: { device: 'eth1' } });
        expect(bound).toMatchObject({ lines: ['ping: connect: Network is unreachable'], failure: { down: { node: 'A', device: 'eth1' } } });
    });

    test('a down bridge forwards nothing: its containers reach neither each other nor it', () => {
        expect(ping(file, 'W', '198.18.3.3').lines).toEqual(['From 198.18.3.2 icmp_seq=1 Destination Host Unreachable']);
        expect(ping(file, 'W', '198.18.3.1').lines).toEqual(['From 198.18.3.2 icmp_seq=1 Destination Host Unreachable']);
        expect(ping(file, 'H', '198.18.3.2').lines).toEqual(['ping: connect: Network is unreachable']);
    });

    test('the exported lab leaves it down: it is never set up', () => {
        const script = netnsScript(file.topology, { prefix: 'nt-dn' });
        expect(script).toContain("link set dev 'eth0' up");
        expect(script).not.toContain("link set dev 'eth1' up");
        expect(script).not.toContain("link set dev 'br0' up");
    });
});

describe('diagnostics and the fix', () => {
    test('a failing ping, a refused route and an unanswered gateway name the down interface', async () => {
        const messages = reported(await load(`${lab}ping B -> C\n`)).map((found) => `${found.line} ${found.code}: ${found.message}`);
        const fix = '; fix: bring eth1 of A up (remove `down`)';
        expect(messages).toContain(`4 interface-down: eth1 of A is down${fix}`);
        expect(messages).toContain(`5 route-refused: ip route add refuses this route: Error: Device for nexthop is not up. (eth1 of A is down)${fix}`);
        expect(messages).toContain(
            `13 gateway-not-owned: eth1 of A is down: ARP for the gateway 198.18.2.1 gets no answer on the link of C.eth0, so packets on this route are lost${fix}`
        );
        expect(messages.find((message) => message.startsWith('25 '))).toContain('A has no route to 198.18.2.2 (eth1 of A is down)');
    });

    test('when every ping it breaks says `fails`, the down interface is meant: a note without fix', async () => {
        const found = reported(await load(`${lab}ping B -> C fails\n`)).find((entry) => entry.line === 4)!;
        expect(found).toMatchObject({ severity: 'info', code: 'interface-down', message: 'eth1 of A is down, as `ping B -> C fails` expects' });
    });

    test('the quick fix brings it up, and the ping then replies', async () => {
        const text = net`
            switch lan 198.18.1.0/24
            router A {
              eth0 198.18.1.1/24 -- lan
              eth1 198.18.2.1/24 -- C.eth0   down # the uplink
            }
            host B {
              eth0 198.18.1.2/24 -- lan
              route default via 198.18.1.1
            }
            host C {
              eth0 198.18.2.2/24
              route default via 198.18.2.1
            }
            ping B -> C
        `;
        const fixed = await fixText(text, 'down.net');
        expect(fixed.text).toContain('  eth1 198.18.2.1/24 -- C.eth0 # the uplink\n');
        expect(reported(fixed.file)).toEqual([]);
    });

    test('`down` is still a name: an interface, the far end of a cable and a node called down', async () => {
        const file = await load(net`
            host down {
              down 198.18.1.1/24 -- up.down down
              route 198.18.9.0/24 dev down
            }
            host up {
              down 198.18.1.2/24
            }
            host bridges {
              bridge down
              bridge br1 down
            }
            ping down -> down.down
        `);
        const iface = file.topology.nodes[0].interfaces[0];
        expect([iface.name, iface.down, iface.link]).toEqual(['down', true, { kind: 'peer', node: 'up', interface: 'down' }]);
        // `bridge down` is a bridge called down; the word ending a line is `down` only after the name.
        expect(file.topology.nodes[2].interfaces.map(({ name, bridge, down }) => [name, bridge, down])).toEqual([
            ['down', true, undefined],
            ['br1', true, true]
        ]);
        expect(reported(file).map((found) => found.code)).toEqual(['route-refused']);
    });
});
