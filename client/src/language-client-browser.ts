import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser.js';
import { CLIENT_NAME, clientOptions, LANGUAGE_ID } from './client-options.js';

/** The Worker constructor of the web extension host (a browser global; the client's tsconfig has no DOM library). */
declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof LanguageClient>[3];

/**
 * The language client of the browser (web worker) extension host, as in vscode.dev or github.dev:
 * the bundled server (out/browser/server.js) in a web worker, over its messages. Returned unstarted.
 */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
    const server = vscode.Uri.joinPath(context.extensionUri, 'out/browser/server.js');
    const worker = new Worker(server.toString(true), { name: CLIENT_NAME });
    // The id 'nettopo' makes the client read the `nettopo.trace.server` setting.
    return new LanguageClient(LANGUAGE_ID, CLIENT_NAME, clientOptions, worker);
}
