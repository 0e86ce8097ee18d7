import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { net } from '../unit/net-helpers.js';
import { marked, services } from './lsp-helpers.js';

/** Code lenses (verdicts, Run ping, Route table, Ping from here…, Open simulator) and inlay hints. */
const example = (name: string) => readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8');

describe('code lenses', () => {
    test('Open simulator on top, Route table and Ping from here… above each node, verdict and ▶ Run ping on each ping line', async () => {
        const { document } = await marked(example('12-redirect.net'));
        const uri = document.uri.toString();
        const lenses = (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri } }))!;
        const summary = lenses.map((lens) => [lens.range.start.line + 1, lens.command!.title, lens.command!.command, ...(lens.command!.arguments ?? [])]);
        expect(summary).toEqual([
            [1, 'Open simulator', 'nettopo.openSimulator', uri],
            [18, 'Route table', 'nettopo.showRouteTable', uri, 'alice'],
            [18, 'Ping from here…', 'nettopo.pingFrom', uri, 'alice'],
            [23, 'Route table', 'nettopo.showRouteTable', uri, 'gw'],
            [23, 'Ping from here…', 'nettopo.pingFrom', uri, 'gw'],
            [28, 'Route table', 'nettopo.showRouteTable', uri, 'lab-gw'],
            [28, 'Ping from here…', 'nettopo.pingFrom', uri, 'lab-gw'],
            [33, 'Route table', 'nettopo.showRouteTable', uri, 'carol'],
            [33, 'Ping from here…', 'nettopo.pingFrom', uri, 'carol'],
            [38, '✓ reply, ttl=63, after a redirect', ''],
            [38, '▶ Run ping', 'nettopo.runPing', uri, 'alice', 'carol', {}],
            [39, "✗ no reply: nobody answers lab-gw's ARP request for 192.168.20.99 on eth1 — Destination Host Unreachable — as expected", ''],
            [39, '▶ Run ping', 'nettopo.runPing', uri, 'alice', '192.168.20.99', {}]
        ]);
    });

    test("▶ Run ping carries the line's from, count and broadcast", async () => {
        const { document } = await marked('host A {\n  eth0 10.0.0.1/24\n}\nping A -> 10.0.0.255 from eth0 count 3 broadcast fails\n');
        const lenses = (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))!;
        const run = lenses.find((lens) => lens.command?.command === 'nettopo.runPing')!;
        expect(run.command!.arguments).toEqual([document.uri.toString(), 'A', '10.0.0.255', { from: 'eth0', count: 3, broadcast: true }]);
    });

    test('the verdict of a line that does not hold, with the reason as tooltip', async () => {
        const { document } = await marked(example('03-one-way-route.net'));
        const lenses = (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))!;
        const verdict = lenses.find((lens) => lens.command?.title.startsWith('✗'))!;
        expect(verdict.command).toEqual({
            title: '✗ no reply: carol has no route back',
            command: '',
            tooltip: 'the request reaches carol, but the reply cannot come back: carol has no route to 192.168.10.21'
        });
    });

    test('a half-typed file gets the lenses of what parses', async () => {
        const { document } = await marked('host A {\n  eth0 10.0.0.1/24\n}\nping A -> \nping A -> A\n');
        const lenses = (await services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))!;
        expect(lenses.map((lens) => lens.command!.title)).toEqual(['Open simulator', 'Route table', 'Ping from here…', '✓ reply, ttl=64', '▶ Run ping']);
    });
});

describe('inlay hints', () => {
    test("after a gateway, its holder on the route's link; after a ping target, its holder or its address", async () => {
        const text = net`
            switch a 10.0.1.0/24
            switch b 10.0.2.0/24
            host A {
              eth0 10.0.1.5/24 -- a
              route default via 10.0.1.1
              route 10.8.0.0/16 via 10.0.1.99
            }
            router R {
              eth0 10.0.1.1/24 -- a
              eth1 10.0.2.1/24 -- b
            }
            host B {
              eth0 10.0.2.5/24 -- b
              route default via 10.0.2.1
            }
            ping A -> 10.0.2.5
            ping A -> B
            ping A -> R.eth1
        `;
        const { document } = await marked(text);
        const range = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };
        const hints = (await services.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range }))!;
        expect(hints.map((hint) => `${hint.position.line + 1}:${hint.position.character} ${hint.label}`)).toEqual([
            '5:28 R.eth0',
            '14:28 R.eth1',
            '16:18 B.eth0',
            '17:11 10.0.2.5',
            '18:16 10.0.2.1'
        ]);
        expect(hints[0]).toMatchObject({ paddingLeft: true, tooltip: '10.0.1.1 is held by R.eth0' });
    });

    test('only in the range asked for', async () => {
        const { document } = await marked(example('12-redirect.net'));
        const range = { start: { line: 24, character: 0 }, end: { line: 25, character: 0 } };
        const hints = (await services.lsp.InlayHintProvider!.getInlayHints(document, { textDocument: { uri: document.uri.toString() }, range }))!;
        expect(hints.map((hint) => hint.label)).toEqual(['lab-gw.eth0']);
    });
});
