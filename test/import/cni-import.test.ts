import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { attachmentProblem, importCni } from '../../language/src/import/cni-import.js';
import { formatProblem } from '../../language/src/import/import-problem.js';
import { printNet } from '../../language/src/import/net-printer.js';
import { loadNetText } from '../../language/src/load.js';

/**
 * `import cni`: each field of the bridge and ptp plugins and of host-local, as the plugins
 * (containernetworking/plugins) apply them when a runtime adds the containers in turn; each
 * problem at its line. What the imported labs do on the real kernel: test/kernel/cni-import.test.ts.
 */
const fixtures = join(import.meta.dirname, '../fixtures/cni');

function imported(text: string, containers = ['a', 'b']): { net: string; problems: string[] } {
    const { topology, problems } = importCni(text, 'net.conflist', { host: 'host', containers });
    return { net: printNet(topology), problems: problems.map(formatProblem) };
}

/** A conflist of one bridge plugin with these fields (and host-local with these), one field a line. */
function bridge(
    fields: Record<string, unknown>,
    ipam: Record<string, unknown> | null = { type: 'host-local', subnet: '10.22.0.0/16' },
    type = 'bridge'
): string {
    return JSON.stringify({ cniVersion: '1.0.0', name: 'net', plugins: [{ type, ...fields, ...(ipam && { ipam }) }] }, undefined, 1);
}

/** The line of the first line holding `word` in the text. */
const lineOf = (text: string, word: string) => text.split('\n').findIndex((line) => line.includes(word)) + 1;

describe('public configurations', () => {
    test("the CNI specification's example (dbnet: bridge, tuning, portmap) is an L2 bridge: a switch, each unmodelled part said", () => {
        // containernetworking/cni SPEC.md, "Example configuration" (its two comments left out: JSON has none)
        const text = readFileSync(join(fixtures, 'dbnet.conflist'), 'utf8');
        const { net, problems } = imported(text);
        expect(net).toBe(
            [
                'switch cni0',
                '',
                'host a {',
                '  eth0 10.1.0.2/16 -- cni0',
                '  route default via 10.1.0.1',
                '}',
                '',
                'host b {',
                '  eth0 10.1.0.3/16 -- cni0',
                '  route default via 10.1.0.1',
                '}',
                ''
            ].join('\n')
        );
        expect(problems).toEqual([
            `net.conflist:${lineOf(text, 'keyA')}: warning: \`"keyA"\`: not a field of the bridge plugin: ignored, as the plugin ignores it`,
            `net.conflist:${lineOf(text, '"dns"')}: warning: \`"dns"\`: not modelled: the runtime, not the plugin, writes it into the container (no nameserver lines are written)`,
            `net.conflist:${lineOf(text, 'tuning')}: warning: \`"type"\`: the tuning plugin is not modelled: the sysctls, MTU, MAC or promiscuous mode it sets are not applied`,
            `net.conflist:${lineOf(text, 'portmap')}: warning: \`"type"\`: the portmap plugin is not modelled: it forwards TCP and UDP ports (DNAT), never ICMP echo`
        ]);
    });

    test("the bridge plugin's example (mynet, a single .conf): the gateway on the bridge, forwarding, a default route, a masquerade per container", async () => {
        // cni.dev, plugins/current/main/bridge.md, "Example configuration"
        const text = readFileSync(join(fixtures, 'mynet.conf'), 'utf8');
        const { net, problems } = imported(text);
        expect(net).toBe(
            [
                'router host {',
                '  bridge mynet0 10.10.0.1/16',
                '  nat masquerade from 10.10.0.2/32 to !10.10.0.0/16',
                '  nat masquerade from 10.10.0.3/32 to !10.10.0.0/16',
                '}',
                '',
                'host a {',
                '  eth0 10.10.0.2/16 -- host.mynet0',
                '  route default via 10.10.0.1',
                '}',
                '',
                'host b {',
                '  eth0 10.10.0.3/16 -- host.mynet0',
                '  route default via 10.10.0.1',
                '}',
                ''
            ].join('\n')
        );
        expect(problems).toEqual([
            `net.conflist:${lineOf(text, 'hairpinMode')}: warning: \`"hairpinMode"\`: not modelled: a packet sent back out of the port it came in by needs a DNAT (portmap), which is not modelled`
        ]);
        expect((await loadNetText(net, 'mynet.net')).diagnostics.filter((entry) => entry.severity === 1)).toEqual([]);
    });
});

describe('host-local: the addresses, in the order the containers are added', () => {
    const addresses = (ipam: Record<string, unknown>, containers = ['a', 'b', 'c']) => {
        const { net, problems } = imported(bridge({}, { type: 'host-local', ...ipam }), containers);
        return { addresses: [...net.matchAll(/eth0 ([\d./, ]+) --/g)].map((match) => match[1]), problems };
    };

    test('from the first address after the gateway (.1 by default)', () => {
        expect(addresses({ subnet: '10.22.0.0/16' }).addresses).toEqual(['10.22.0.2/16', '10.22.0.3/16', '10.22.0.4/16']);
    });

    test('rangeStart and rangeEnd bound them; a gateway inside the range is skipped', () => {
        expect(addresses({ subnet: '10.22.0.0/24', rangeStart: '10.22.0.20', rangeEnd: '10.22.0.30', gateway: '10.22.0.21' }).addresses).toEqual([
            '10.22.0.20/24',
            '10.22.0.22/24',
            '10.22.0.23/24'
        ]);
    });

    test('a gateway elsewhere leaves .1 to the first container', () => {
        expect(addresses({ subnet: '10.22.0.0/24', gateway: '10.22.0.254' }).addresses[0]).toBe('10.22.0.1/24');
    });

    test('a range set goes on to its next range at the end of one', () => {
        const ranges = [[{ subnet: '10.22.0.0/24', rangeStart: '10.22.0.9', rangeEnd: '10.22.0.10' }, { subnet: '10.33.0.0/24' }]];
        expect(addresses({ ranges }).addresses).toEqual(['10.22.0.9/24', '10.22.0.10/24', '10.33.0.2/24']);
    });

    test('each range set gives each container one address; the old single range comes first', () => {
        expect(addresses({ subnet: '10.22.0.0/24', ranges: [[{ subnet: '10.33.0.0/24' }]] }, ['a']).addresses).toEqual(['10.22.0.2/24, 10.33.0.2/24']);
    });

    test('the last address is the one before the broadcast address; then the range is full', () => {
        const { addresses: given, problems } = addresses({ subnet: '10.22.0.0/30' }, ['a', 'b']);
        expect(given).toEqual(['10.22.0.2/30']);
        expect(problems).toEqual([expect.stringContaining('error: `"type"`: host-local has no address left for b: its range is full')]);
    });

    test('an IPv6 range set gives no IPv4 address (a warning); a set mixing both is an error', () => {
        expect(addresses({ ranges: [[{ subnet: '10.22.0.0/24' }], [{ subnet: '2001:db8::/64' }]] }, ['a']).problems).toEqual([
            expect.stringContaining('warning: `"ranges"`: not modelled: an IPv6 range set')
        ]);
        expect(addresses({ ranges: [[{ subnet: '10.22.0.0/24' }, { subnet: '2001:db8::/64' }]] }, ['a']).problems).toEqual([
            expect.stringContaining('error: `"ranges"`: a range set mixes IPv4 and IPv6 subnets')
        ]);
    });

    test.each([
        [{ subnet: '10.22.0.5/24' }, '`"subnet"`: 10.22.0.5/24 has host bits set: write 10.22.0.0/24'],
        [{ subnet: '10.22.0.0/31' }, '`"subnet"`: 10.22.0.0/31 is too small to allocate from'],
        [{ subnet: '10.22.0.0/24', rangeStart: '10.23.0.1' }, '`"rangeStart"`: 10.23.0.1 is not in 10.22.0.0/24'],
        [{ subnet: '10.22.0.0/24', rangeStart: '10.22.0.9', rangeEnd: '10.22.0.3' }, '`"rangeEnd"`: 10.22.0.3 comes before rangeStart 10.22.0.9'],
        [{ subnet: '10.22.0.0/24', gateway: 'ten' }, '`"gateway"`:'],
        [
            { ranges: [[{ subnet: '10.22.0.0/24' }], [{ subnet: '10.22.0.0/25' }]] },
            '`"ranges"`: the ranges 10.22.0.1-10.22.0.254 and 10.22.0.1-10.22.0.126 overlap'
        ],
        [{ rangeStart: '10.22.0.9' }, '`"rangeStart"`: goes with subnet'],
        [{}, '`"ipam"`: host-local needs a subnet or ranges'],
        [{ ranges: [[]] }, '`"ranges"`: each item of ranges is a non-empty list'],
        [{ subnet: 24 }, '`"subnet"`: must be a string (it is a number)']
    ])('%j: error %s', (ipam, message) => {
        expect(addresses(ipam, ['a']).problems.join('\n')).toContain(`error: ${message}`);
    });

    test('an IPv6 route and a route priority are said not modelled; an unknown host-local field is a warning', () => {
        const text = bridge(
            {},
            { type: 'host-local', subnet: '10.22.0.0/24', subnett: 'x', routes: [{ dst: '2001:db8::/64' }, { dst: '10.50.0.0/16', priority: 5 }] }
        );
        const { net, problems } = imported(text, ['a']);
        expect(problems).toEqual([
            `net.conflist:${lineOf(text, 'subnett')}: warning: \`"subnett"\`: not a field of host-local: ignored, as the plugin ignores it`,
            `net.conflist:${lineOf(text, '2001:db8')}: warning: \`"dst"\`: not modelled: an IPv6 route (the language is IPv4)`,
            `net.conflist:${lineOf(text, 'priority')}: warning: \`"priority"\`: not modelled: a route priority (the route is written with metric 0)`
        ]);
        expect(net).toContain('  route 10.50.0.0/16 via 10.22.0.1\n');
    });

    test("routes: with their gw, or the container's gateway; dataDir and resolvConf said not modelled", () => {
        const { net, problems } = imported(
            bridge(
                {},
                {
                    type: 'host-local',
                    subnet: '10.22.0.0/24',
                    routes: [{ dst: '10.50.0.0/16', gw: '10.22.0.9' }, { dst: '10.60.0.0/16' }],
                    dataDir: '/run/ipam',
                    resolvConf: '/etc/resolv.conf'
                }
            ),
            ['a']
        );
        expect(net).toContain('  route 10.50.0.0/16 via 10.22.0.9\n  route 10.60.0.0/16 via 10.22.0.1\n');
        expect(problems).toEqual([expect.stringContaining('`"dataDir"`: not modelled'), expect.stringContaining('`"resolvConf"`: not modelled')]);
    });
});

describe('the bridge plugin', () => {
    test('its name defaults to cni0; without isGateway the bridge has no address: an L2 switch, and no forwarding', () => {
        expect(imported(bridge({})).net).toMatch(/^switch cni0\n\nhost a \{\n {2}eth0 10\.22\.0\.2\/16 -- cni0\n\}/);
    });

    test('an empty ipam is an L2-only bridge: no addresses', () => {
        expect(imported(bridge({ bridge: 'br9' }, {} as Record<string, unknown>)).net).toContain('host a {\n  eth0 -- br9\n}');
    });

    test('isGateway: the gateway on the bridge and ip_forward on (a router), but no default route', () => {
        const { net } = imported(bridge({ isGateway: true }));
        expect(net).toContain('router host {\n  bridge cni0 10.22.0.1/16\n}');
        expect(net).not.toContain('route default');
    });

    test('isDefaultGateway: isGateway and a default route, unless a route already is one with a gw', () => {
        expect(imported(bridge({ isDefaultGateway: true })).net).toContain('  eth0 10.22.0.2/16 -- host.cni0\n  route default via 10.22.0.1\n');
        const routed = imported(
            bridge({ isDefaultGateway: true }, { type: 'host-local', subnet: '10.22.0.0/16', routes: [{ dst: '0.0.0.0/0', gw: '10.22.0.9' }] })
        );
        expect(routed.net).toContain('  route default via 10.22.0.9\n}');
        expect(routed.net).not.toContain('via 10.22.0.1');
    });

    test('isDefaultGateway with a default route without gw: the plugin adds the same route twice, which the kernel refuses', () => {
        const text = bridge({ isDefaultGateway: true }, { type: 'host-local', subnet: '10.22.0.0/16', routes: [{ dst: '0.0.0.0/0' }] });
        expect(imported(text).problems[0]).toBe(
            `net.conflist:${lineOf(text, 'isDefaultGateway')}: error: \`"isDefaultGateway"\`: the container would get the route default via 10.22.0.1 twice (isDefaultGateway adds a default route unless the routes have one with a gw): the kernel refuses the second (File exists), and the plugin's ADD fails`
        );
    });

    test('ipMasq: a masquerade per container, from its address to anything outside its subnet (with or without a gateway)', () => {
        expect(imported(bridge({ ipMasq: true })).net).toContain(
            'host host {\n  bridge cni0\n  nat masquerade from 10.22.0.2/32 to !10.22.0.0/16\n  nat masquerade from 10.22.0.3/32 to !10.22.0.0/16\n}'
        );
    });

    test.each([
        ['promiscMode', true],
        ['mtu', 1400],
        ['forceAddress', true],
        ['macspoofchk', true],
        ['enabledad', true],
        ['preserveDefaultVlan', true]
    ])('%s is accepted and said not modelled', (key, value) => {
        const text = bridge({ [key]: value });
        expect(imported(text).problems).toEqual([
            expect.stringMatching(new RegExp(`^net.conflist:${lineOf(text, key)}: warning: \`"${key}"\`: not modelled: `))
        ]);
    });

    test('false or 0 is the default: nothing to say', () => {
        expect(imported(bridge({ promiscMode: false, mtu: 0, hairpinMode: false, ipMasq: false })).problems).toEqual([]);
    });

    test.each([
        [{ vlan: 100 }, '`"vlan"`: VLAN tags on the bridge ports are not imported'],
        [{ vlanTrunk: [{ id: 101 }] }, '`"vlanTrunk"`: VLAN trunks'],
        [{ portIsolation: true }, '`"portIsolation"`: isolated bridge ports'],
        [{ disableContainerInterface: true }, '`"disableContainerInterface"`: a container interface left down'],
        [{ hairpinMode: true, promiscMode: true }, '`"promiscMode"`: the bridge plugin refuses hairpinMode and promiscMode together'],
        [{ ipMasq: 'yes' }, '`"ipMasq"`: must be true or false (it is a string)'],
        [{ ipMasq: true, ipMasqBackend: 'pf' }, '`"ipMasqBackend"`: is iptables or nftables']
    ])('%j: error %s', (fields, message) => {
        const { net, problems } = imported(bridge(fields));
        expect(problems.join('\n')).toContain(`error: ${message}`);
        expect(net).not.toContain('host a');
    });

    test.each([
        [{ bridge: 'a-very-long-bridge' }, '`"bridge"`: a-very-long-bridge is longer than Linux\'s 15 characters'],
        [{ bridge: 'br 0' }, '`"bridge"`: br 0 is not an interface name nettopo writes'],
        [{ bridge: 'lo' }, '`"bridge"`: `lo` is the loopback interface']
    ])('the bridge name %j: error %s', (fields, message) => {
        expect(imported(bridge(fields)).problems.join('\n')).toContain(`error: ${message}`);
    });

    test('args and runtimeConfig (what the runtime passes) are said not modelled', () => {
        expect(imported(bridge({ args: { cni: { ips: ['10.22.0.9'] } }, runtimeConfig: { mac: 'aa:bb:cc:dd:ee:ff' } })).problems).toEqual([
            expect.stringContaining('warning: `"args"`: not modelled: the runtime\'s arguments'),
            expect.stringContaining('warning: `"runtimeConfig"`: not modelled')
        ]);
    });

    test('an unknown field is a warning at its line', () => {
        const text = bridge({ isGatway: true });
        expect(imported(text).problems).toEqual([
            `net.conflist:${lineOf(text, 'isGatway')}: warning: \`"isGatway"\`: not a field of the bridge plugin: ignored, as the plugin ignores it`
        ]);
    });
});

describe('the ptp plugin', () => {
    test('a veth per container: the gateway as a /32 on the host end and a host route; the container through the gateway; forwarding on', async () => {
        const { net, problems } = imported(bridge({ ipMasq: true }, { type: 'host-local', subnet: '10.22.0.0/24', routes: [{ dst: '0.0.0.0/0' }] }, 'ptp'));
        expect(problems).toEqual([]);
        expect(net).toBe(
            [
                'router host {',
                '  veth0 10.22.0.1/32 -- a.eth0',
                '  veth1 10.22.0.1/32 -- b.eth0',
                '  nat masquerade from 10.22.0.2/32 to !10.22.0.0/24',
                '  nat masquerade from 10.22.0.3/32 to !10.22.0.0/24',
                '  route 10.22.0.2/32 dev veth0',
                '  route 10.22.0.3/32 dev veth1',
                '}',
                '',
                'host a {',
                '  eth0 10.22.0.2/32',
                '  route 10.22.0.1/32 dev eth0',
                '  route 10.22.0.0/24 via 10.22.0.1',
                '  route default via 10.22.0.1',
                '}',
                '',
                'host b {',
                '  eth0 10.22.0.3/32',
                '  route 10.22.0.1/32 dev eth0',
                '  route 10.22.0.0/24 via 10.22.0.1',
                '  route default via 10.22.0.1',
                '}',
                ''
            ].join('\n')
        );
        expect((await loadNetText(`${net}\nping a -> b\n`, 'ptp.net')).pingRuns.map((run) => run.holds)).toEqual([true]);
    });

    test('ptp needs an ipam; mtu is said not modelled; a bridge field is not one of its own', () => {
        expect(imported(bridge({}, null, 'ptp')).problems).toEqual([expect.stringContaining('error: `"type"`: the ptp plugin needs an ipam')]);
        expect(imported(bridge({ mtu: 1400 }, null, 'ptp')).problems[0]).toContain('warning: `"mtu"`: not modelled');
        expect(imported(bridge({ isGateway: true }, { type: 'host-local', subnet: '10.22.0.0/24' }, 'ptp')).problems).toEqual([
            expect.stringContaining('warning: `"isGateway"`: not a field of the ptp plugin')
        ]);
    });
});

describe('the configuration as a whole', () => {
    test('bad JSON: its line and column, in our words; nothing imported', () => {
        const { net, problems } = imported('{\n  "name": "net",\n  "plugins": [\n    { "type": "bridge" }\n    { "type": "portmap" }\n  ]\n}\n');
        expect(problems).toEqual(["net.conflist:5: error: not JSON (column 5): expected ',' or ']' after an item of the list"]);
        expect(net).toBe('\n');
    });

    test.each([
        ['{\n  "name": "net",\n  "plugins": [],\n}', "net.conflist:4: error: not JSON (column 1): a comma before '}' (JSON has no trailing commas)"],
        [
            '{ "name": "net", "plugins": [1,] }',
            "net.conflist:1: error: not JSON (column 32): a comma before ']', or an empty item (JSON has no trailing commas)"
        ],
        ['{ "name": "net\n" }', 'net.conflist:1: error: not JSON (column 11): a string is not closed on its line'],
        ['{ "name": \'net\' }', "net.conflist:1: error: not JSON (column 11): a value cannot start with '''"],
        ['{ "name": "net" } x', 'net.conflist:1: error: not JSON (column 19): text after the end of the JSON value'],
        ['', 'net.conflist:1: error: not JSON (column 1): the text ends where a value should be'],
        ['[1]', 'net.conflist:1: error: a CNI configuration is a JSON object'],
        ['{ "plugins": [] }', 'net.conflist:1: error: `"name"`: the network needs a name'],
        ['{ "name": "n", "plugins": [] }', 'net.conflist:1: error: `"plugins"`: the list has no plugins'],
        [
            '{ "name": "n", "plugins": [{ "type": "portmap" }] }',
            'net.conflist:1: error: `"plugins"`: no plugin creates the containers\' interface: nettopo imports bridge and ptp'
        ],
        [
            '{ "name": "n", "plugins": [{ "type": "macvlan" }] }',
            'net.conflist:1: error: `"type"`: the plugin type macvlan is not imported: nettopo imports bridge and ptp (with host-local), and notes portmap, firewall, tuning and bandwidth'
        ],
        ['{ "name": "n", "plugins": [{ "bridge": "x" }] }', 'net.conflist:1: error: `"type"`: a plugin needs a type'],
        [
            '{ "name": "n", "plugins": [{ "type": "bridge", "ipam": { "type": "dhcp" } }] }',
            'net.conflist:1: error: `"type"`: the IPAM plugin dhcp is not imported: nettopo imports host-local'
        ]
    ])('%j: %s', (text, message) => {
        expect(imported(text).problems).toContain(message);
    });

    test('a second interface plugin is an error; an unknown field of the list a warning', () => {
        const text = JSON.stringify({ name: 'n', cniVersion: '1.0.0', extra: 1, plugins: [{ type: 'bridge' }, { type: 'ptp' }] }, undefined, 1);
        expect(imported(text).problems).toEqual([
            expect.stringContaining('warning: `"extra"`: not a field of a network configuration list'),
            expect.stringContaining('error: `"type"`: a second interface plugin (ptp) would create eth0 again in each container')
        ]);
    });

    test.each([
        [{ host: 'host', containers: [] }, 'name at least one container'],
        [{ host: 'host', containers: ['a', 'a'] }, "'a' is named twice"],
        [{ host: 'a', containers: ['a'] }, "'a' is named twice"],
        [{ host: 'host', containers: ['9lives'] }, "'9lives' is not a name nettopo takes"]
    ])('the names given: %j', (attachment, message) => {
        expect(attachmentProblem(attachment)).toContain(message);
    });
});
