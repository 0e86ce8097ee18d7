import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
    COMMANDS,
    IMPORT_KINDS_REQUEST,
    IMPORT_REQUEST,
    type ImportKindView,
    type ImportParams,
    type ImportView
} from '../../language/src/lsp/net-protocol.js';
import { LANGUAGE_ID } from './client-options.js';

type ImportOptions = NonNullable<ImportParams['options']>;

/**
 * `nettopo.import (kind?, path?, options?)`, "Import a lab…": picks what is not given (the kind
 * among the server's, the file or folder, each option), imports it in the language server (which
 * has the file system) and opens the .net as a new untitled document, its result. The problems go
 * to the "nettopo import" output channel as FILE:LINE lines; with an error no document opens.
 * Where the server has no file system (the browser host, `canImport` false) it says so.
 */
export function registerImportCommand(context: vscode.ExtensionContext, client: LanguageClient, canImport: boolean): void {
    let channel: vscode.OutputChannel | undefined;
    context.subscriptions.push({ dispose: () => channel?.dispose() });
    context.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS.importLab, async (kind?: string, path?: string | vscode.Uri, options?: ImportOptions) => {
            if (!canImport) {
                void vscode.window.showErrorMessage(
                    'nettopo: Import a lab… reads files, which the web extension cannot: use it in desktop VS Code or a remote window (SSH, WSL, a container, code-server).'
                );
                return undefined;
            }
            try {
                const kinds = await client.sendRequest<ImportKindView[]>(IMPORT_KINDS_REQUEST);
                const chosen = kinds.find((entry) => entry.kind === kind) ?? (kind === undefined ? await pickKind(kinds) : undefined);
                if (!chosen) {
                    if (kind !== undefined)
                        void vscode.window.showErrorMessage(`nettopo: no import kind ${kind} (there are ${kinds.map((entry) => entry.kind).join(', ')}).`);
                    return undefined;
                }
                const file = typeof path === 'string' ? path : (path?.fsPath ?? (await pickPath(chosen)));
                if (file === undefined) return undefined;
                const given = options ?? (await askOptions(chosen));
                if (given === undefined) return undefined;
                const params: ImportParams = { kind: chosen.kind, path: file, options: given };
                const view = await client.sendRequest<ImportView>(IMPORT_REQUEST, params);
                channel ??= vscode.window.createOutputChannel('nettopo import');
                report(channel, file, view);
                if (view.text === undefined) return undefined;
                const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: view.text });
                await vscode.window.showTextDocument(document);
                return document;
            } catch (error) {
                void vscode.window.showErrorMessage(`nettopo: ${error instanceof Error ? error.message : String(error)}`);
                return undefined;
            }
        })
    );
}

async function pickKind(kinds: readonly ImportKindView[]): Promise<ImportKindView | undefined> {
    const picked = await vscode.window.showQuickPick(
        kinds.map((entry) => ({ label: entry.kind, description: entry.input === 'folder' ? 'a lab folder' : 'a file', entry })),
        { title: 'nettopo: Import a lab', placeHolder: 'What kind of lab?' }
    );
    return picked?.entry;
}

async function pickPath(kind: ImportKindView): Promise<string | undefined> {
    const folder = kind.input === 'folder';
    const picked = await vscode.window.showOpenDialog({
        title: `nettopo: Import ${kind.kind} (${folder ? 'its folder' : 'its file'})`,
        canSelectFiles: !folder,
        canSelectFolders: folder,
        canSelectMany: false,
        openLabel: 'Import'
    });
    return picked?.[0]?.fsPath;
}

async function askOptions(kind: ImportKindView): Promise<ImportOptions | undefined> {
    const options: Record<string, string | string[]> = {};
    for (const option of kind.options) {
        const answer = await vscode.window.showInputBox({ title: `nettopo: Import ${kind.kind}`, prompt: option.prompt, value: option.value });
        if (answer === undefined) return undefined;
        options[option.name] = option.list ? answer.split(/\s+/).filter((word) => word !== '') : answer.trim();
    }
    return options;
}

function report(channel: vscode.OutputChannel, file: string, view: ImportView): void {
    if (view.problems.length === 0) return;
    channel.appendLine(`nettopo import ${file}:`);
    for (const problem of view.problems) channel.appendLine(problem.line);
    const errors = view.problems.filter((problem) => problem.severity === 'error');
    if (errors.length === 0) return;
    channel.show(true);
    void vscode.window.showErrorMessage(
        `nettopo: ${file} was not imported: ${errors[0].line}${errors.length > 1 ? ` (and ${errors.length - 1} more error(s), in the output)` : ''}`
    );
}
