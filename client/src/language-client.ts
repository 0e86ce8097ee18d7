import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

/** The language id the extension contributes for `.net` files. */
export const LANGUAGE_ID = 'nettopo';

/**
 * The language client for the bundled server (out/server.js), over Node IPC. Every scheme is
 * served (files, untitled editors, virtual workspaces): the server reads only the text it is sent.
 * The client is returned unstarted.
 */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const module = context.asAbsolutePath('out/server.js');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: LANGUAGE_ID }]
    };
    // The id 'nettopo' makes the client read the `nettopo.trace.server` setting.
    return new LanguageClient(LANGUAGE_ID, 'nettopo language server', serverOptions, clientOptions);
}
