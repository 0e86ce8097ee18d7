import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectHover } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { net } from '../unit/net-helpers.js';
import { at, marked, offsetOf, services } from './lsp-helpers.js';

/** Hovers: the route tables byte for byte, subnets, routes, pings and settings. */
const example = (name: string) => readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8');

async function hoverAt(text: string, needle: string, shift = 0): Promise<string> {
    const { document } = await marked(text);
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, offsetOf(document, needle, shift)));
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

/** The contents of every fenced block of a markdown text. */
function blocks(markdown: string): string[] {
    return [...markdown.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]);
}

describe('on a node', () => {
    test('both tables exactly as the printers print them, trailing spaces included', async () => {
        const text = example('12-redirect.net');
        const value = await hoverAt(text, 'router gw', 8);
        const { document } = await marked(text);
        const gw = services.model.DocumentModels.get(document).network.nodes.get('gw')!;
        expect(blocks(value)).toEqual([formatIpRoutes(gw.table), formatRouteN(gw.table)]);
        expect(formatIpRoutes(gw.table)).toContain('src 192.168.10.1 \n');
        expect(value).toContain('**router** `gw` — forwards packets (ip_forward 1)');
        expect(value).toContain('| `eth0` | 192.168.10.1/24 | switch `office` |');
        expect(value).toContain('rp_filter 0 (off) · send_redirects 1');
    });

    test('on a reference to the node (a ping source) too; with settings per interface where they differ', async () => {
        const text = net`
            switch s 10.0.0.0/24
            host A {
              eth0 10.0.0.1/24 -- s
              eth1 10.0.1.1/24
              route 10.9.0.0/16 via 10.7.0.1
              sysctl net.ipv4.conf.eth1.rp_filter = 2
              sysctl net.ipv4.conf.eth0.forwarding = 1
            }
            ping A -> 10.0.0.1
        `;
        const value = await hoverAt(text, 'ping A', 5);
        expect(value).toContain('**host** `A` — forwards what arrives on `eth0` only');
        expect(value).toContain('rp_filter `eth0` 0 (off), `eth1` 2 (loose)');
        expect(value).toContain('`ip route add` refuses:\n- `route 10.9.0.0/16 via 10.7.0.1`: Error: Nexthop has invalid gateway.');
        expect(value).toContain('| `eth1` | 10.0.1.1/24 | nothing (up, alone on its link) |');
    });

    test('an empty table is an empty block', async () => {
        expect(blocks(await hoverAt('host A {\n}\n', 'A'))).toEqual([
            '',
            'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n'
        ]);
    });
});

describe('on an address or a prefix', () => {
    test('a prefix: network, netmask, broadcast, usable range, size, and the addresses in it', async () => {
        const value = await hoverAt(example('12-redirect.net'), 'switch lab 192.168.20.0/24', 12);
        expect(value).toContain(
            '| network | 192.168.20.0 |\n| netmask | 255.255.255.0 |\n| broadcast | 192.168.20.255 |\n' +
                '| usable | 192.168.20.1 – 192.168.20.254 (254) |\n| size | 256 addresses |'
        );
        expect(value).toContain('Addresses of this file in 192.168.20.0/24 (2):\n- 192.168.20.1 `lab-gw.eth1`\n- 192.168.20.30 `carol.eth0`');
    });

    test('/31 and /32 have no broadcast and every address is usable', async () => {
        const text = 'host A {\n  eth0 10.0.0.0/31\n  eth1 10.0.0.9/32\n}\n';
        expect(await hoverAt(text, '10.0.0.0/31')).toContain('| broadcast | none |\n| usable | 10.0.0.0 – 10.0.0.1 (2) |\n| size | 2 addresses |');
        expect(await hoverAt(text, '10.0.0.9/32')).toContain('| usable | 10.0.0.9 (1) |');
    });

    test('a gateway: who holds it', async () => {
        await expectHover(services)({
            text: example('12-redirect.net').replace('via 192.168.10.2', 'via 192.168.<|>10.2'),
            index: 0,
            hover: /^`192\.168\.10\.2`\n\n192\.168\.10\.2 is held by `lab-gw\.eth0` \(192\.168\.10\.2\/24\)/
        });
        expect(await hoverAt('host A {\n  eth0 10.0.0.1/24\n  route default via 10.0.0.9\n}\n', '10.0.0.9')).toContain('Nobody in this file holds 10.0.0.9.');
    });
});

describe('on a route', () => {
    test('as `ip route` shows it, and the addresses it carries packets to, with the path and verdict', async () => {
        const value = await hoverAt(example('03-one-way-route.net'), 'route 192.168.20.0/24');
        expect(blocks(value)).toEqual(['192.168.20.0/24 via 192.168.10.1 dev eth0 \n']);
        expect(value).toContain(
            'It carries packets to 2 addresses of this file:\n' +
                '- 192.168.20.1 `gw.eth1`: alice → gw → alice — ✓ reply, ttl=64\n' +
                '- 192.168.20.30 `carol.eth0`: alice → gw → carol — ✗ no reply: carol has no route back'
        );
    });

    test("a refused route: the kernel's words", async () => {
        const value = await hoverAt('host A {\n  eth0 10.0.0.5/24\n  route 10.9.0.1/16 via 10.0.0.1\n}\n', 'via');
        expect(value).toContain('`ip route add 10.9.0.1/16 via 10.0.0.1` refuses it:');
        expect(blocks(value)).toEqual(['Error: Invalid prefix for given prefix length.\n']);
    });

    test('a route that no known address takes says so', async () => {
        const value = await hoverAt('host A {\n  eth0 10.0.0.5/24\n  route 10.9.0.0/16 via 10.0.0.1\n}\n', 'route');
        expect(value).toContain('It carries no address of this file');
    });
});

describe('on a ping line', () => {
    test('what ping -c 1 prints, the way there and back, and whether the line holds', async () => {
        const value = await hoverAt(example('03-one-way-route.net'), 'ping alice', 1);
        expect(blocks(value)).toEqual([
            'PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.\n\n--- 192.168.20.30 ping statistics ---\n' +
                '1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n'
        ]);
        expect(value).toContain('**`ping -c 1 192.168.20.30`** on `alice` (carol is 192.168.20.30)');
        expect(value).toContain('there: alice → gw → carol · back: carol ✗\n');
        expect(value).toContain('✗ no reply: carol has no route back');
        expect(value).toContain('This line expects a reply: **it does not hold**.');
    });

    test('the way back of an ICMP error', async () => {
        const value = await hoverAt(example('09-routing-loop.net'), '-> 192.168.99.1', 4);
        expect(value).toContain('From 192.168.30.2 icmp_seq=1 Time to live exceeded');
        expect(value).toContain('there: alice → edge → core → edge → core → … 58 more … → edge → core ✗ · back: core → edge → alice\n');
        expect(value).toContain('✗ no reply: its TTL runs out at core (a routing loop) — Time to live exceeded');
        expect(value).toContain('This line expects no reply (`fails`): it holds.');
    });
});

describe('accept_redirects', () => {
    test('what the key does, and whether the interface obeys redirects in the end', async () => {
        const text = 'router r {\n  eth0 198.18.1.1/24\n  sysctl net.ipv4.conf.eth0.accept_redirects = 1\n}\n';
        const value = await hoverAt(text, 'accept_redirects = 1', 1);
        expect(value).toMatch(/^`net\.ipv4\.conf\.eth0\.accept_redirects`: obey ICMP redirects/);
        // A router's all.accept_redirects is 0, and a forwarding interface needs both.
        expect(value).toContain('`r` ends up with accept_redirects 0 on `eth0`.');
    });
});

describe('on other syntax', () => {
    test('an interface, a switch reference, a sysctl; a comment has no hover', async () => {
        const text = example('10-rp-filter.net');
        expect(await hoverAt(text, '  eth1 192.168.40.10', 3)).toBe(
            '**interface** `strict.eth1` — plugged into switch `backup`\n\n' +
                '- `192.168.40.10/24` in 192.168.40.0/24\n\nforwarding 0 · rp_filter 1 (strict) · send_redirects 1 · accept_redirects 1'
        );
        expect(await hoverAt(text, '-- lab', 4)).toMatch(/^\*\*switch\*\* `lab`/);
        expect(await hoverAt(text, '-> strict.eth1', 11)).toMatch(/^\*\*`ping -c 1 192\.168\.40\.10`\*\* on `alice` \(strict\.eth1 is 192\.168\.40\.10\)/);
        expect(await hoverAt(text, 'rp_filter = 2', 1)).toBe(
            '`net.ipv4.conf.eth1.rp_filter`: reverse-path filtering: 0 off, 1 strict (the route back must leave by the incoming interface), ' +
                "2 loose (some route back must exist); the larger of `all` and the interface's own applies\n\n`loose` ends up with rp_filter 2 on `eth1`."
        );
        expect(await hoverAt(text, '# ', 1)).toBe('');
    });
});
