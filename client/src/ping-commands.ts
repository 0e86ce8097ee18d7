import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { COMMANDS, type PingLineOptions } from '../../language/src/lsp/net-protocol.js';
import { pingOutput } from './command-output.js';
import { commandDocument } from './documents.js';
import type { NodeTerminals } from './node-terminal.js';
import { pickNode, pickTarget } from './pickers.js';
import { requestPing, requestTopology } from './server-requests.js';
import { playPingInSimulator } from './simulator/register-simulator.js';

/**
 * `nettopo.runPing (uri?, source?, target?, options?)`: what is missing is asked for; the ping's transcript
 * and trace print in the source's terminal. `nettopo.pingFrom (uri, source)`: the same, asking for
 * the target (the `Ping from here…` lens above a node).
 */
export function registerPingCommands(context: vscode.ExtensionContext, client: LanguageClient, terminals: NodeTerminals): void {
    const runPing = async (uri?: unknown, source?: string, target?: string, options?: PingLineOptions) => {
        const document = await commandDocument(uri);
        if (!document) return;
        if (!source || !target) {
            const topology = await requestTopology(client, document);
            if (!topology) return;
            source ??= await pickNode(topology, 'ping -c 1 … from which node?');
            if (!source) return;
            target ??= await pickTarget(topology, source);
            if (!target) return;
        }
        const view = await requestPing(client, document, source, target, options);
        if (!view || playPingInSimulator(document, view)) return;
        const trace = vscode.workspace.getConfiguration('nettopo', document).get<boolean>('ping.showTrace', true);
        terminals.print(document, view.source, (columns) => [pingOutput(view, { trace, columns })]);
    };
    context.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS.runPing, runPing),
        vscode.commands.registerCommand(COMMANDS.pingFrom, (uri?: unknown, source?: string) => runPing(uri, source))
    );
}
