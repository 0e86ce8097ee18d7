import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openExample, terminalClosed, terminalNamed, terminalShowing } from './helpers.js';

describe('commands', () => {
    it("nettopo.runPing (uri, source, target) prints the ping in the source's terminal", async () => {
        const document = await openExample('03-one-way-route.net');
        await vscode.commands.executeCommand('nettopo.runPing', document.uri.toString(), 'alice', 'carol');
        const terminal = await terminalNamed('alice (03-one-way-route.net)');
        const shown = await terminalShowing(terminal, 'packet loss');
        assert.match(shown, /alice\$ ping -c 1 192\.168\.20\.30/);
        assert.match(shown, /1 packets transmitted, 0 received, 100% packet loss/);
    });

    it("nettopo.showRouteTable (uri, node) prints the node's table in its terminal", async () => {
        const document = await openExample('03-one-way-route.net');
        await vscode.commands.executeCommand('nettopo.showRouteTable', document.uri, 'carol');
        const terminal = await terminalNamed('carol (03-one-way-route.net)');
        const shown = await terminalShowing(terminal, 'Kernel IP routing table');
        assert.match(shown, /192\.168\.20\.0\/24 dev eth0 proto kernel scope link src 192\.168\.20\.30/);
    });

    it("a node's terminal that was closed is made anew by the next command", async () => {
        const document = await openExample('03-one-way-route.net');
        await vscode.commands.executeCommand('nettopo.showRouteTable', document.uri, 'gw');
        const first = await terminalNamed('gw (03-one-way-route.net)');
        first.dispose();
        await terminalClosed(first);
        await vscode.commands.executeCommand('nettopo.showRouteTable', document.uri, 'gw');
        const second = await terminalNamed('gw (03-one-way-route.net)');
        if (second === first) throw new Error('the closed terminal was reused');
        await terminalShowing(second, 'Kernel IP routing table');
    });
});
