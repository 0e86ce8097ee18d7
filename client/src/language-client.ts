import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node.js';
import { CLIENT_NAME, clientOptions, LANGUAGE_ID } from './client-options.js';

/**
 * The language client of the Node extension host: the bundled server (out/server.js) in a process
 * of its own, over Node IPC. The client is returned unstarted.
 */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const module = context.asAbsolutePath('out/server.js');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    // The id 'nettopo' makes the client read the `nettopo.trace.server` setting.
    return new LanguageClient(LANGUAGE_ID, CLIENT_NAME, serverOptions, clientOptions);
}
