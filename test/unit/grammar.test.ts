import { describe, expect, test } from 'vitest';
import { formatIpv4 } from '../../language/src/address/ipv4.js';
import * as ast from '../../language/src/generated/ast.js';
import type { RouteSpec } from '../../language/src/model/topology.js';
import { load, net, reported } from './net-helpers.js';

/** Parsing and linking: every statement form of the language reference, and the errors of broken text. */

const SYNTAX = ['lexing-error', 'parsing-error', 'linking-error'];

const everyForm = net`
    # A comment on a line of its own.
    switch lan 10.0.0.0/24   # a switch with its prefix
    switch bare

    router R1 {

      eth0 10.0.0.1/24 -- lan
      eth1 10.1.0.1/24, 10.1.0.2/24, 10.9.0.1/16 -- bare
      p2p 10.2.0.1/30 -- h_2.up
      lonely 10.3.0.1/24
      noaddr
      route 10.4.0.0/16 via 10.1.0.9
      route 10.5.0.7 dev eth0
      route default via 10.0.0.2 metric 7
      route 10.6.0.0/16 metric 5 dev eth1 via 10.1.0.9
      route 10.7.0.0/16 dev eth1 via 10.1.0.9 metric 5
      route 10.8.0.0/16 blackhole
      route 10.8.1.0/24 unreachable
      route 10.8.2.0/24 prohibit metric 3
      sysctl net.ipv4.conf.all.rp_filter = 2
      sysctl net.ipv4.conf.default.rp_filter = 1
    }
    host h_2 {
      up 10.2.0.2/30 -- R1.p2p
      eth-1 10.0.0.2/24 -- lan
    }
    host h3 {
      eth0 10.2.1.1/24 -- R1.noaddr
    }

    ping h_2 -> 10.0.0.1
    ping h_2 -> R1
    ping h_2 -> R1.eth1 fails
    ping R1 -> h3.eth0
`;

describe('every statement form parses and links', async () => {
    const file = await load(everyForm);
    const node = (name: string) => file.topology.nodes.find((entry) => entry.name === name)!;
    const routes = new Map(node('R1').routes.map((route) => [route.text.split(' ')[0] + (route.type === 'unicast' ? '' : ` ${route.type}`), route]));
    const route = (key: string): RouteSpec => routes.get(key)!;

    test('no lexing, parsing or linking errors', () => {
        expect(reported(file).filter((entry) => SYNTAX.includes(entry.code))).toEqual([]);
    });

    test('switches, with and without a prefix', () => {
        expect(file.topology.switches.map((entry) => [entry.name, entry.prefix && `${formatIpv4(entry.prefix.address)}/${entry.prefix.length}`])).toEqual([
            ['lan', '10.0.0.0/24'],
            ['bare', undefined]
        ]);
    });

    test('host and router blocks, with blank lines inside', () => {
        expect(file.topology.nodes.map((entry) => [entry.name, entry.kind])).toEqual([
            ['R1', 'router'],
            ['h_2', 'host'],
            ['h3', 'host']
        ]);
        expect(node('R1').interfaces.map((iface) => iface.name)).toEqual(['eth0', 'eth1', 'p2p', 'lonely', 'noaddr']);
    });

    test('an interface with several addresses keeps them in order; one without any has none', () => {
        const eth1 = node('R1').interfaces[1];
        expect(eth1.addresses.map((entry) => `${formatIpv4(entry.address)}/${entry.length}`)).toEqual(['10.1.0.1/24', '10.1.0.2/24', '10.9.0.1/16']);
        expect(node('R1').interfaces[4].addresses).toEqual([]);
    });

    test('links: to a switch, a cable declared on one side, on both sides, and none', () => {
        const [eth0, , p2p, lonely, noaddr] = node('R1').interfaces;
        expect(eth0.link).toEqual({ kind: 'switch', switch: 'lan' });
        expect(p2p.link).toEqual({ kind: 'peer', node: 'h_2', interface: 'up' });
        expect(node('h_2').interfaces[0].link).toEqual({ kind: 'peer', node: 'R1', interface: 'p2p' });
        expect(noaddr.link).toEqual({ kind: 'peer', node: 'h3', interface: 'eth0' });
        expect(node('h3').interfaces[0].link).toEqual({ kind: 'peer', node: 'R1', interface: 'noaddr' });
        expect(lonely.link).toBeUndefined();
    });

    test('route destinations: a prefix, a bare address (/32), default (0.0.0.0/0)', () => {
        expect(route('10.4.0.0/16').destination).toEqual({ address: 0x0a040000, length: 16 });
        expect(route('10.5.0.7').destination).toEqual({ address: 0x0a050007, length: 32 });
        expect(route('default').destination).toEqual({ address: 0, length: 0 });
    });

    test('via, dev and metric in any order mean the same route', () => {
        const pick = ({ gateway, device, metric, type }: RouteSpec) => ({ gateway, device, metric, type });
        expect(pick(route('10.6.0.0/16'))).toEqual({ gateway: 0x0a010009, device: 'eth1', metric: 5, type: 'unicast' });
        expect(pick(route('10.7.0.0/16'))).toEqual(pick(route('10.6.0.0/16')));
        expect(pick(route('default'))).toEqual({ gateway: 0x0a000002, device: undefined, metric: 7, type: 'unicast' });
        expect(pick(route('10.5.0.7'))).toEqual({ gateway: undefined, device: 'eth0', metric: 0, type: 'unicast' });
    });

    test('blackhole, unreachable and prohibit routes', () => {
        expect(route('10.8.0.0/16 blackhole').type).toBe('blackhole');
        expect(route('10.8.1.0/24 unreachable').type).toBe('unreachable');
        expect(route('10.8.2.0/24 prohibit')).toMatchObject({ type: 'prohibit', metric: 3 });
    });

    test('sysctl keys, including words that are keywords elsewhere (`default`)', () => {
        expect(node('R1').sysctls).toEqual([
            { key: 'net.ipv4.conf.all.rp_filter', value: 2 },
            { key: 'net.ipv4.conf.default.rp_filter', value: 1 }
        ]);
    });

    test('ping targets: an address, a node (its first address), NODE.IFNAME (its primary address), and `fails`', () => {
        expect(file.topology.pings.map((entry) => [entry.source, entry.targetText, formatIpv4(entry.target!), entry.expectReply])).toEqual([
            ['h_2', '10.0.0.1', '10.0.0.1', true],
            ['h_2', 'R1', '10.0.0.1', true],
            ['h_2', 'R1.eth1', '10.1.0.1', false],
            ['R1', 'h3.eth0', '10.2.1.1', true]
        ]);
    });

    test('references resolve to the right kind of element', () => {
        const pings = file.document.parseResult.value.statements.filter(ast.isPing);
        expect(ast.isNode(pings[1].target.node?.ref)).toBe(true);
        expect(ast.isInterface(pings[2].target.node?.ref)).toBe(true);
        expect(pings[0].source.ref?.name).toBe('h_2');
    });
});

test('Windows line endings parse like Unix ones', async () => {
    const file = await load('switch s\r\nhost A {\r\n  eth0 10.0.0.1/24 -- s\r\n}\r\nping A -> 10.0.0.1\r\n');
    expect(reported(file)).toEqual([]);
    expect(file.topology.pings).toHaveLength(1);
});

test('an empty file and a file of comments are valid', async () => {
    expect(reported(await load(''))).toEqual([]);
    expect(reported(await load('# nothing here\n\n   # still nothing\n'))).toEqual([]);
});

describe('syntax errors are reported on the right line', () => {
    const firstSyntaxError = async (text: string) => reported(await load(text)).find((entry) => SYNTAX.includes(entry.code));

    test('an unexpected character', async () => {
        const error = await firstSyntaxError(net`
            switch s
            host A {
              eth0 10.0.0.1/24 $ -- s
            }
        `);
        expect(error).toMatchObject({ line: 3, severity: 'error', code: 'lexing-error' });
        expect(error!.message).toContain('$');
    });

    test('a misspelt keyword', async () => {
        const error = await firstSyntaxError(net`
            host A {
              eth0 10.0.0.1/24
              route 10.1.0.0/16 vai 10.0.0.2
            }
        `);
        expect(error).toMatchObject({ line: 3, severity: 'error', code: 'parsing-error' });
        expect(error!.message).toContain('vai');
    });

    test('a ping without its arrow', async () => {
        const error = await firstSyntaxError(net`
            host A {
              eth0 10.0.0.1/24
            }
            ping A 10.0.0.1
        `);
        expect(error).toMatchObject({ line: 4, severity: 'error', code: 'parsing-error' });
        expect(error!.message).toContain('->');
    });

    test('a block that is never closed', async () => {
        const error = await firstSyntaxError('host A {\n  eth0 10.0.0.1/24\n');
        expect(error).toMatchObject({ severity: 'error', code: 'parsing-error' });
        expect(error!.message).toContain('}');
    });

    test('two statements on one line', async () => {
        const error = await firstSyntaxError('switch a switch b\n');
        expect(error).toMatchObject({ line: 1, severity: 'error', code: 'parsing-error' });
    });

    // BUG: `via` with nothing after it (the user is still typing) makes loadNetText throw
    // (parseIpv4(undefined) in buildRoute) instead of reporting a parsing error.
    test('`via` without a gateway is a parsing error, not a crash', async () => {
        const error = await firstSyntaxError(net`
            switch s
            host A {
              eth0 10.0.0.1/24 -- s
              route 10.1.0.0/16 via
            }
        `);
        expect(error).toMatchObject({ line: 4, severity: 'error', code: 'parsing-error' });
    });
});

describe('unknown names are linking errors that say what kind of name was expected', () => {
    const linkingErrors = async (text: string) => reported(await load(text)).filter((entry) => entry.code === 'linking-error');
    const base = net`
        switch lan
        host A {
          eth0 10.0.0.1/24 -- lan
        }
    `;

    test('a cable to an unknown switch or interface', async () => {
        const errors = await linkingErrors(net`
            host A {
              eth0 10.0.0.1/24 -- nosuch
              eth1 10.0.1.1/24 -- A.eth9
            }
        `);
        expect(errors.map(({ line, message }) => [line, message])).toEqual([
            [2, "unknown switch or interface (NODE.IFNAME) 'nosuch'"],
            [3, "unknown switch or interface (NODE.IFNAME) 'A.eth9'"]
        ]);
    });

    test('a ping from an unknown node, or from a switch', async () => {
        const errors = await linkingErrors(`${base}ping B -> 10.0.0.1\nping lan -> 10.0.0.1\n`);
        expect(errors.map(({ line, message }) => [line, message])).toEqual([
            [5, "unknown host, router or container 'B'"],
            [6, "unknown host, router or container 'lan'"]
        ]);
    });

    test('a ping target that names no node nor NODE.IFNAME is a host name, not a linking error (the spec: a ping by name)', async () => {
        const loaded = await load(`${base}ping A -> B\nping A -> A.eth9\nping A -> lan\n`);
        expect(reported(loaded).filter((entry) => entry.code === 'linking-error')).toEqual([]);
        expect(loaded.topology.pings.map((ping) => ping.name)).toEqual(['B', 'A.eth9', 'lan']);
    });

    test('names are local to their file: another loaded file does not make a ping target a node', async () => {
        await load('host Other {\n  eth0 10.9.0.1/24\n}\n');
        expect((await load(`${base}ping A -> Other\n`)).topology.pings.map((ping) => ping.name)).toEqual(['Other']);
    });
});
