import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, openExample, positionOf } from './helpers.js';

describe('navigation', () => {
    it('lists the switches, hosts and routers in the outline', async () => {
        const document = await openExample('03-one-way-route.net');
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
        const names = symbols.map((symbol) => symbol.name);
        for (const name of ['office', 'lab', 'alice', 'gw', 'carol']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    });

    it("goes from a ping's target to the node", async () => {
        const document = await openExample('03-one-way-route.net');
        const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
            'vscode.executeDefinitionProvider',
            document.uri,
            positionOf(document, 'ping alice -> carol', 'carol')
        );
        assert.equal(locations.length, 1);
        const [location] = locations;
        const range = 'targetRange' in location ? (location.targetSelectionRange ?? location.targetRange) : location.range;
        assert.equal(range.start.line, lineOf(document, 'host carol {'));
    });
});
