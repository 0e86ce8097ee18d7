import * as vscode from 'vscode';
import { openExample, waitFor } from './helpers.js';

const terminalNamed = (name: string) => vscode.window.terminals.find((terminal) => terminal.name === name);

describe('commands', () => {
    it('nettopo.runPing (uri, source, target) opens the source\'s terminal', async () => {
        const document = await openExample('03-one-way-route.net');
        await vscode.commands.executeCommand('nettopo.runPing', document.uri.toString(), 'alice', 'carol');
        await waitFor('the terminal of alice', () => terminalNamed('alice (03-one-way-route.net)'));
    });

    it('nettopo.showRouteTable (uri, node) opens the node\'s terminal', async () => {
        const document = await openExample('03-one-way-route.net');
        await vscode.commands.executeCommand('nettopo.showRouteTable', document.uri, 'carol');
        await waitFor('the terminal of carol', () => terminalNamed('carol (03-one-way-route.net)'));
    });

    it('a node\'s terminal that was closed is made anew by the next command', async () => {
        const document = await openExample('03-one-way-route.net');
        await vscode.commands.executeCommand('nettopo.showRouteTable', document.uri, 'gw');
        const first = await waitFor('the terminal of gw', () => terminalNamed('gw (03-one-way-route.net)'));
        first.dispose();
        await waitFor('the terminal to close', () => (vscode.window.terminals.includes(first) ? undefined : true));
        await vscode.commands.executeCommand('nettopo.showRouteTable', document.uri, 'gw');
        const second = await waitFor('a new terminal of gw', () => terminalNamed('gw (03-one-way-route.net)'));
        if (second === first) throw new Error('the closed terminal was reused');
    });
});
