import * as vscode from 'vscode';

/** The workspace folder the runner opened: a copy of examples/. */
export function exampleUri(name: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('the tests need the examples folder open as the workspace');
    return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens an example in an editor (its own file, not to be edited). */
export async function openExample(name: string): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(exampleUri(name));
    await vscode.window.showTextDocument(document);
    return document;
}

/** An untitled `.net` editor holding a copy of an example, to edit freely. */
export async function editableCopy(name: string): Promise<vscode.TextDocument> {
    const original = await vscode.workspace.openTextDocument(exampleUri(name));
    const document = await vscode.workspace.openTextDocument({ language: 'nettopo', content: original.getText() });
    await vscode.window.showTextDocument(document);
    return document;
}

/** Waits until `check` gives a value (not undefined), polling; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeout = 20_000): Promise<T> {
    const end = Date.now() + timeout;
    for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

/** The document's diagnostics once the server has published some that satisfy `done`. */
export function diagnosticsWhen(document: vscode.TextDocument, what: string, done: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
    return waitFor(what, () => {
        const diagnostics = vscode.languages.getDiagnostics(document.uri);
        return done(diagnostics) ? diagnostics : undefined;
    });
}

/** The line (0-based) of the first line of the document that contains `text`. */
export function lineOf(document: vscode.TextDocument, text: string, from = 0): number {
    for (let line = from; line < document.lineCount; line++) if (document.lineAt(line).text.includes(text)) return line;
    throw new Error(`no line contains ${JSON.stringify(text)}`);
}

/** The position of `word` in the first line containing `lineText`. */
export function positionOf(document: vscode.TextDocument, lineText: string, word: string): vscode.Position {
    const line = lineOf(document, lineText);
    return new vscode.Position(line, document.lineAt(line).text.indexOf(word) + 1);
}

export const codeOf = (diagnostic: vscode.Diagnostic) =>
    typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
