import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openExample, positionOf } from './helpers.js';

// What Linux prints for alice of 03-one-way-route.net (the kernel tier checks the printers against it).
const ipRoute = ['192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.21 ', '192.168.20.0/24 via 192.168.10.1 dev eth0 '].join('\n');
const routeN = [
    'Kernel IP routing table',
    'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
    '192.168.10.0    0.0.0.0         255.255.255.0   U     0      0        0 eth0',
    '192.168.20.0    192.168.10.1    255.255.255.0   UG    0      0        0 eth0'
].join('\n');

/** The code blocks of the hovers' markdown, without their fences. */
function codeBlocks(hovers: vscode.Hover[]): string[] {
    const markdown = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : content.value))
        .join('\n');
    return [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)\n?```/g)].map((match) => match[1]);
}

describe('hover', () => {
    it('on a node shows its table as ip route and route -n print it, byte for byte', async () => {
        const document = await openExample('03-one-way-route.net');
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            document.uri,
            positionOf(document, 'host alice {', 'alice')
        );
        const blocks = codeBlocks(hovers);
        assert.ok(
            blocks.some((block) => block.replace(/\n$/, '') === ipRoute),
            `an ip route block among:\n${blocks.join('\n---\n')}`
        );
        assert.ok(
            blocks.some((block) => block.replace(/\n$/, '') === routeN),
            `a route -n block among:\n${blocks.join('\n---\n')}`
        );
    });
});
