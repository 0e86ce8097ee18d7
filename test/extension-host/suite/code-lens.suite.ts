import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openExample } from './helpers.js';

async function lenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // Resolve every lens (the second argument), as the editor does for the visible ones.
    return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
}

const titled = (all: vscode.CodeLens[], line: number, title: string) => all.find((lens) => lens.range.start.line === line && lens.command?.title === title);

describe('code lenses', () => {
    it('on a ping line: the verdict and ▶ Run ping with (uri, source, target, options)', async () => {
        const document = await openExample('03-one-way-route.net');
        const all = await lenses(document);
        const line = lineOf(document, 'ping alice -> carol');
        const run = titled(all, line, '▶ Run ping');
        assert.ok(run, `a ▶ Run ping lens on line ${line}: ${all.map((lens) => `${lens.range.start.line}:${lens.command?.title}`).join(', ')}`);
        assert.equal(run.command!.command, 'nettopo.runPing');
        // The line's options (`from`, `count`, `broadcast`): this one has none.
        assert.deepEqual(run.command!.arguments, [document.uri.toString(), 'alice', 'carol', {}]);
        const verdict = all.find((lens) => lens.range.start.line === line && lens.command?.title.startsWith('✗'));
        assert.ok(verdict, 'a ✗ verdict lens on the failing ping');
    });

    it('above a node: Route table and Ping from here…', async () => {
        const document = await openExample('03-one-way-route.net');
        const all = await lenses(document);
        const line = lineOf(document, 'host carol {');
        const table = titled(all, line, 'Route table');
        assert.ok(table, 'a Route table lens above carol');
        assert.equal(table.command!.command, 'nettopo.showRouteTable');
        assert.deepEqual(table.command!.arguments, [document.uri.toString(), 'carol']);
        const from = titled(all, line, 'Ping from here…');
        assert.ok(from, 'a Ping from here… lens above carol');
        assert.equal(from.command!.command, 'nettopo.pingFrom');
        assert.deepEqual(from.command!.arguments, [document.uri.toString(), 'carol']);
    });
});
