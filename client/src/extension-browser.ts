import type * as vscode from 'vscode';
import { createLanguageClient } from './language-client-browser.js';
import { startExtension } from './start-extension.js';

/** The browser extension host's entry (`browser`: vscode.dev, github.dev): the server runs in a web worker. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    return startExtension(context, await createLanguageClient(context), false);
}

export { deactivate } from './start-extension.js';
