import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { COMMANDS } from '../../language/src/lsp/net-protocol.js';
import { routeTableOutputs } from './command-output.js';
import { commandDocument } from './documents.js';
import type { NodeTerminals } from './node-terminal.js';
import { pickNode } from './pickers.js';
import { requestTopology } from './server-requests.js';

/** `nettopo.showRouteTable (uri?, node?)`: `ip route` and `route -n` in the node's terminal. */
export function registerRouteTable(context: vscode.ExtensionContext, client: LanguageClient, terminals: NodeTerminals): void {
    context.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS.showRouteTable, async (uri?: unknown, name?: string) => {
            const document = await commandDocument(uri);
            if (!document) return;
            const topology = await requestTopology(client, document);
            if (!topology) return;
            name ??= await pickNode(topology, 'Route table of which node?');
            if (!name) return;
            const node = topology.nodes.find((candidate) => candidate.name === name);
            if (!node) {
                void vscode.window.showErrorMessage(`nettopo: ${document.uri.path.split('/').pop()} has no host or router named ${name}.`);
                return;
            }
            terminals.print(document, node.name, () => routeTableOutputs(node));
        })
    );
}
