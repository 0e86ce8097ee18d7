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

/**
 * Waits until `check` gives a value (not undefined), checking it now and again each time one of
 * `events` fires (what could change its answer); fails with `what` after the timeout.
 */
export function waitFor<T>(what: string, check: () => T | undefined, events: readonly vscode.Event<unknown>[], timeout = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
        const listeners: vscode.Disposable[] = [];
        const settle = (end: () => void) => {
            clearTimeout(timer);
            listeners.forEach((listener) => listener.dispose());
            end();
        };
        const timer = setTimeout(() => settle(() => reject(new Error(`timed out after ${timeout} ms waiting for ${what}`))), timeout);
        const test = () => {
            const value = check();
            if (value !== undefined) settle(() => resolve(value));
        };
        listeners.push(...events.map((event) => event(test)));
        test();
    });
}

/** The document's diagnostics once the server has published some that satisfy `done`. */
export function diagnosticsWhen(
    document: vscode.TextDocument,
    what: string,
    done: (diagnostics: vscode.Diagnostic[]) => boolean
): Promise<vscode.Diagnostic[]> {
    return waitFor(what, () => {
        const diagnostics = vscode.languages.getDiagnostics(document.uri);
        return done(diagnostics) ? diagnostics : undefined;
    }, [vscode.languages.onDidChangeDiagnostics]);
}

/** The terminal named `name` once it is open. */
export function terminalNamed(name: string): Promise<vscode.Terminal> {
    return waitFor(`the terminal ${name}`, () => vscode.window.terminals.find((terminal) => terminal.name === name), [vscode.window.onDidOpenTerminal]);
}

/** Resolves once `terminal` is closed. */
export function terminalClosed(terminal: vscode.Terminal): Promise<true> {
    return waitFor(`${terminal.name} to close`, () => (vscode.window.terminals.includes(terminal) ? undefined : true), [vscode.window.onDidCloseTerminal]);
}

/**
 * What `terminal` shows once it contains `text`: its buffer as "Select All" and "Copy" put it on the
 * clipboard. A terminal says nothing when it draws what it was sent, so the buffer is read again
 * (each reading a round trip through the workbench) until the text is there.
 */
export async function terminalShowing(terminal: vscode.Terminal, text: string, timeout = 20_000): Promise<string> {
    terminal.show(false);
    const end = Date.now() + timeout;
    for (;;) {
        await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
        await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
        const shown = await vscode.env.clipboard.readText();
        if (shown.includes(text)) return shown;
        if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${JSON.stringify(text)} in ${terminal.name}; it shows:\n${shown}`);
    }
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

export const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code));
