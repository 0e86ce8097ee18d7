import type * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { registerFixAll } from './fix-all-command.js';
import { registerImportCommand } from './import-command.js';
import { NodeTerminals } from './node-terminal.js';
import { registerPingCommands } from './ping-commands.js';
import { registerRouteTable } from './route-table-command.js';
import { shellRequests } from './server-requests.js';
import { registerSimulator } from './simulator/register-simulator.js';

let client: BaseLanguageClient | undefined;

/**
 * Registers the commands over the host's language client (extension.ts: Node, extension-browser.ts:
 * web worker), then starts it. Every feature is one `register...` call with the context and the
 * client, so that a new one is one more line here, for both hosts. `hasFileSystem`: the host's
 * server reads files (the Node process; not the web worker).
 */
export async function startExtension(context: vscode.ExtensionContext, languageClient: BaseLanguageClient, hasFileSystem: boolean): Promise<void> {
    client = languageClient;
    const terminals = new NodeTerminals((document) => shellRequests(languageClient, document));
    context.subscriptions.push(terminals);
    registerPingCommands(context, languageClient, terminals);
    registerRouteTable(context, languageClient, terminals);
    registerFixAll(context);
    registerSimulator(context, languageClient);
    registerImportCommand(context, languageClient, hasFileSystem);
    await languageClient.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
