import * as vscode from 'vscode';
import { COMMANDS, FIX_ALL_KIND } from '../../language/src/lsp/net-protocol.js';
import { commandDocument } from './documents.js';

/** The kind of the server's "fix all" source action. */
const FIX_ALL = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

/** `nettopo.fixAll (uri?)`: applies the server's `source.fixAll.nettopo` action to the document. */
export function registerFixAll(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
        vscode.commands.registerCommand(COMMANDS.fixAll, async (uri?: unknown) => {
            const document = await commandDocument(uri);
            if (!document) return;
            const whole = new vscode.Range(0, 0, document.lineCount, 0);
            const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
                'vscode.executeCodeActionProvider',
                document.uri,
                whole,
                FIX_ALL.value,
                1
            );
            const fixAll = actions.find((action) => action.kind && FIX_ALL.contains(action.kind) && (action.edit || action.command));
            if (!fixAll) {
                void vscode.window.showInformationMessage('nettopo: nothing to fix automatically in this file.');
                return;
            }
            if (fixAll.edit) await vscode.workspace.applyEdit(fixAll.edit);
            if (fixAll.command) await vscode.commands.executeCommand(fixAll.command.command, ...(fixAll.command.arguments ?? []));
        })
    );
}
