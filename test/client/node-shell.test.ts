import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseShellCommand, runShellCommand, type ShellRequests } from '../../client/src/node-shell.js';
import { loadNetText } from '../../language/src/load.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';

/** What a node terminal does with a typed line, answered by the server's real views of an example. */
async function requestsFor(name: string): Promise<ShellRequests> {
    const file = await loadNetText(readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8'), name);
    return {
        ping: async (source, target, options) => {
            const view = buildPingView(file, source, target, options);
            if ('error' in view) throw new Error(view.error);
            return view;
        },
        node: async (node) => buildTopologyView(file).nodes.find((candidate) => candidate.name === node)
    };
}

// eslint-disable-next-line no-control-regex -- the terminal's colour codes (ESC [ ... m) are what is stripped
const plain = (lines: readonly string[]) => lines.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''));

describe('reading a typed line', () => {
    test('ping takes its target after any options, and keeps -c, -b and -I', () => {
        expect(parseShellCommand('ping 192.168.20.30')).toEqual({ kind: 'ping', target: '192.168.20.30', options: {} });
        expect(parseShellCommand('  ping -c 1 -W 4 -n carol.eth0 ')).toEqual({ kind: 'ping', target: 'carol.eth0', options: { count: 1 } });
        expect(parseShellCommand('ping -b -c 3 -I eth0 10.0.0.255')).toEqual({
            kind: 'ping',
            target: '10.0.0.255',
            options: { broadcast: true, count: 3, from: 'eth0' }
        });
        expect(parseShellCommand('ping -c 1')).toEqual({ kind: 'error', lines: ['ping: usage error: Destination address required'] });
    });

    test('ip route in its short forms, route with or without -n', () => {
        for (const line of ['ip route', 'ip r', 'ip ro show', 'ip -4 route list', 'ip route ls']) expect(parseShellCommand(line)).toEqual({ kind: 'ip-route' });
        for (const line of ['route', 'route -n']) expect(parseShellCommand(line)).toEqual({ kind: 'route-n' });
        expect(parseShellCommand('ip addr').kind).toBe('error');
        expect(parseShellCommand('route add default gw 1.2.3.4').kind).toBe('error');
    });

    test('nothing, help, and what is not simulated', () => {
        expect(parseShellCommand('   ')).toEqual({ kind: 'empty' });
        expect(parseShellCommand('help')).toEqual({ kind: 'help' });
        expect(parseShellCommand('traceroute carol')).toEqual({ kind: 'error', lines: ['traceroute: command not found here (type help)'] });
    });
});

describe('running it on a node', () => {
    test('ping prints what Run ping prints, without the command line already typed', async () => {
        const requests = await requestsFor('04-both-ways.net');
        const output = plain((await runShellCommand(parseShellCommand('ping carol'), 'alice', requests, false))(80));
        const view = await requests.ping('alice', 'carol');
        expect(output).toEqual([...view.transcript, '✓ reply, ttl=63']);
    });

    test('ping -c 3 prints three packets, and the statistics of three', async () => {
        const requests = await requestsFor('04-both-ways.net');
        const output = plain((await runShellCommand(parseShellCommand('ping -c 3 carol'), 'alice', requests, false))(80));
        expect(output.filter((line) => line.startsWith('64 bytes from')).map((line) => line.replace(/.*icmp_seq=(\d+).*/, '$1'))).toEqual(['1', '2', '3']);
        expect(output).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
    });

    test('a count ping does not take is refused with a message', async () => {
        const requests = await requestsFor('04-both-ways.net');
        const [line] = (await runShellCommand(parseShellCommand('ping -c 11 carol'), 'alice', requests, true))(80);
        expect(line).toBe('ping: count 11: a ping sends 1 to 10 packets');
    });

    test('a ping the server refuses prints its message the way ping does', async () => {
        const requests = await requestsFor('04-both-ways.net');
        const [line] = (await runShellCommand(parseShellCommand('ping nobody'), 'alice', requests, true))(80);
        expect(line).toMatch(/^ping: .*nobody/);
    });

    test("ip route and route -n print the node's table", async () => {
        const requests = await requestsFor('03-one-way-route.net');
        const alice = (await requests.node('alice'))!;
        expect((await runShellCommand({ kind: 'ip-route' }, 'alice', requests, true))(80).join('\n')).toBe(alice.ipRoute.replace(/\n$/, ''));
        expect((await runShellCommand({ kind: 'route-n' }, 'alice', requests, true))(80).join('\n')).toBe(alice.routeN.replace(/\n$/, ''));
    });
});
