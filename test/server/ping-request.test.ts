import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ResponseError } from 'vscode-languageserver-protocol/node.js';
import { PING_REQUEST, type PingParams, type PingView } from '../../language/src/lsp/net-protocol.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/** `nettopo/ping` on the real server process: what Run ping prints and the simulator animates. */
let server: ServerProcess;
const uri = 'file:///lab/03-one-way-route.net';
const text = readFileSync(join(import.meta.dirname, '../../examples/03-one-way-route.net'), 'utf8');

beforeAll(async () => {
    server = await startServer();
    await server.open(uri, text);
});

afterAll(async () => {
    await server?.stop();
});

const ping = (params: PingParams) => server.connection.sendRequest<PingView>(PING_REQUEST, params);

test('nettopo/ping answers with the transcript, the verdict and the steps', async () => {
    const view = await ping({ uri, source: 'alice', target: 'carol' });
    expect(view).toMatchObject({
        source: 'alice',
        targetText: 'carol',
        target: '192.168.20.30',
        reply: false,
        command: 'ping -c 1 192.168.20.30',
        lines: [],
        path: ['alice', 'gw', 'carol'],
        verdict: '✗ no reply: carol has no route back'
    });
    expect(view.transcript).toEqual([
        'PING 192.168.20.30 (192.168.20.30) 56(84) bytes of data.',
        '',
        '--- 192.168.20.30 ping statistics ---',
        '1 packets transmitted, 0 received, 100% packet loss, time 0ms',
        ''
    ]);
    expect(view.steps.map((step) => `${step.packet} ${step.node} ${step.action}`)).toEqual([
        'echo-request alice send',
        'echo-request gw forward',
        'echo-request carol deliver',
        'echo-reply carol drop'
    ]);
    // alice's route line.
    const line = text.split('\n').indexOf('  route 192.168.20.0/24 via 192.168.10.1');
    expect(view.steps[0].routeRange).toEqual({ start: { line, character: 2 }, end: { line, character: 40 } });
});

test('nettopo/ping answers for the document as last edited', async () => {
    const fixed = text.replace('  eth0 192.168.20.30/24 -- lab\n', '  eth0 192.168.20.30/24 -- lab\n  route default via 192.168.20.1\n');
    expect(fixed).not.toBe(text);
    // The request goes out right behind the edit, before the rebuild: it must wait for it.
    const changed = server.change(uri, fixed);
    const view = await ping({ uri, source: 'alice', target: 'carol' });
    expect(view.verdict).toBe('✓ reply, ttl=63');
    expect(await changed).toEqual([]);
});

test("nettopo/ping takes a ping line's count: ping -c N, one line per packet", async () => {
    const view = await ping({ uri, source: 'alice', target: 'gw', count: 3 });
    expect(view.command).toBe('ping -c 3 192.168.10.1');
    expect(view.lines).toEqual([1, 2, 3].map((seq) => `64 bytes from 192.168.10.1: icmp_seq=${seq} ttl=64`));
    expect(view.transcript).toContain('3 packets transmitted, 3 received, 0% packet loss, time 2000ms');
});

test('nettopo/ping refuses unknown nodes, targets and documents with a message', async () => {
    const refusal = (params: PingParams) =>
        ping(params).then(
            () => 'answered',
            (error: ResponseError<unknown>) => error.message
        );
    expect(await refusal({ uri, source: 'mallory', target: 'carol' })).toBe("no host or router is named 'mallory'");
    expect(await refusal({ uri, source: 'alice', target: 'gw.eth7' })).toBe("gw has no interface named 'eth7'");
    expect(await refusal({ uri, source: 'alice', target: 'gw', count: 11 })).toBe('count 11: a ping sends 1 to 10 packets');
    expect(await refusal({ uri: 'file:///lab/none.net', source: 'alice', target: 'carol' })).toBe('file:///lab/none.net is not open in the language server');
});
