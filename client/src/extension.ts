import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { registerFixAll } from './fix-all-command.js';
import { createLanguageClient } from './language-client.js';
import { NodeTerminals } from './node-terminal.js';
import { registerPingCommands } from './ping-commands.js';
import { registerRouteTable } from './route-table-command.js';
import { shellRequests } from './server-requests.js';
import { registerSimulator } from './simulator/register-simulator.js';

let client: LanguageClient | undefined;

/**
 * Starts the language server and registers the commands. Every feature is one `register...` call
 * with the context and the client, so that a new one (the simulator) is one more line here.
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const languageClient = createLanguageClient(context);
    client = languageClient;
    const terminals = new NodeTerminals((document) => shellRequests(languageClient, document));
    context.subscriptions.push(terminals);
    registerPingCommands(context, languageClient, terminals);
    registerRouteTable(context, languageClient, terminals);
    registerFixAll(context);
    registerSimulator(context, languageClient);
    await languageClient.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
