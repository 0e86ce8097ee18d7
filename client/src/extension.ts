import type * as vscode from 'vscode';
import { createLanguageClient } from './language-client.js';
import { startExtension } from './start-extension.js';

/** The Node extension host's entry (`main`): the server runs as a Node process. */
export function activate(context: vscode.ExtensionContext): Promise<void> {
    return startExtension(context, createLanguageClient(context), true);
}

export { deactivate } from './start-extension.js';
