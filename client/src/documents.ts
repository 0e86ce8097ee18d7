import * as vscode from 'vscode';
import { LANGUAGE_ID } from './client-options.js';

/**
 * The `.net` document a command works on: the one named by its first argument (a URI string, as
 * the server's code lenses pass it, or a `vscode.Uri`), else the active editor's. Undefined, with a
 * message to the user, when there is none.
 */
export async function commandDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
    if (typeof uri === 'string' || uri instanceof vscode.Uri) {
        const parsed = typeof uri === 'string' ? vscode.Uri.parse(uri, true) : uri;
        const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === parsed.toString());
        return open ?? vscode.workspace.openTextDocument(parsed);
    }
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === LANGUAGE_ID) return active;
    void vscode.window.showInformationMessage('nettopo: open a .net file first.');
    return undefined;
}
