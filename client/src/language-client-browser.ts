import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser.js';
import { CLIENT_NAME, clientOptions, LANGUAGE_ID } from './client-options.js';

type Worker = ConstructorParameters<typeof LanguageClient>[3];
/** The Worker constructor of the web extension host (a browser global; the client's tsconfig has no DOM library). */
declare const Worker: new (url: string, options?: { name?: string }) => Worker;

/**
 * The language client of the browser (web worker) extension host, as in vscode.dev or github.dev:
 * the bundled server (out/browser/server.js) in a web worker, over its messages. Returned unstarted.
 */
export async function createLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
    return new LanguageClient(LANGUAGE_ID, CLIENT_NAME, clientOptions, await serverWorker(vscode.Uri.joinPath(context.extensionUri, 'out/browser/server.js')));
}

/**
 * A web worker running the script at `script`. VS Code starts workers from the extension's own URL
 * (vscode.dev serves it over https), but not from an extension installed on a remote server
 * (`vscode-remote:`, as in code-server or a codespace in the browser): that script is read through
 * the workspace file system and started from a blob.
 */
async function serverWorker(script: vscode.Uri): Promise<Worker> {
    if (script.scheme !== 'vscode-remote') return new Worker(script.toString(true), { name: CLIENT_NAME });
    const text = await vscode.workspace.fs.readFile(script);
    return new Worker(URL.createObjectURL(new Blob([text], { type: 'text/javascript' })), { name: CLIENT_NAME });
}
