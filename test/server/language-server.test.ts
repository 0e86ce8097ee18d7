import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/** Diagnostics from the real language server process (out/server.js) over stdio, as an editor would start it. */
let server: ServerProcess;

beforeAll(async () => {
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
});

test('the server publishes the missing return route and the failing ping of a one-way route', async () => {
    const diagnostics = await server.open(
        'file:///lab/one-way.net',
        [
            'switch sw1 192.168.1.0/24',
            'switch sw2 192.168.2.0/24',
            'host B {',
            '  eth0 192.168.1.11/24 -- sw1',
            '  route 192.168.2.0/24 via 192.168.1.1',
            '}',
            'router R {',
            '  eth0 192.168.1.1/24 -- sw1',
            '  eth1 192.168.2.1/24 -- sw2',
            '}',
            'host C {',
            '  eth0 192.168.2.10/24 -- sw2',
            '}',
            'ping B -> C'
        ].join('\n')
    );
    const sorted = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line);
    expect(sorted.map((diagnostic) => ({ line: diagnostic.range.start.line, code: diagnostic.code, severity: diagnostic.severity }))).toEqual([
        { line: 4, code: 'missing-return-route', severity: 2 },
        { line: 10, code: 'missing-return-route', severity: 2 },
        { line: 13, code: 'ping-expectation', severity: 1 }
    ]);
    // The cause, on C's name, names the fix, points at the route line it breaks and carries the edit.
    const cause = sorted[1];
    expect(cause.range).toEqual({ start: { line: 10, character: 5 }, end: { line: 10, character: 6 } });
    expect(cause.message).toContain('C has no route to 192.168.1.0/24');
    expect(cause.message).toContain('route 192.168.1.0/24 via 192.168.2.1');
    expect(cause.relatedInformation?.map((related) => [related.location.uri, related.location.range.start.line])).toEqual([
        ['file:///lab/one-way.net', 4],
        ['file:///lab/one-way.net', 13]
    ]);
    expect(cause.data).toMatchObject({
        code: 'missing-return-route',
        fixes: [
            {
                title: 'Add `route 192.168.1.0/24 via 192.168.2.1` to C',
                edits: [{ range: { start: { line: 11, character: 29 } }, newText: '\n  route 192.168.1.0/24 via 192.168.2.1' }]
            }
        ]
    });
});

test("the server reports a route the kernel refuses with the kernel's words", async () => {
    const diagnostics = await server.open('file:///lab/refused.net', 'host A {\n  eth0 10.0.0.5/24\n  route 10.9.0.0/16 via 10.1.0.1\n}\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'route-refused', range: { start: { line: 2 } } });
    expect(diagnostics[0].message).toContain('Nexthop has invalid gateway');
});
