import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { COMMANDS, VALIDATED_NOTIFICATION, type PingView, type ValidatedParams } from '../../../language/src/lsp/net-protocol.js';
import { parseSimulatorState } from '../../webview/messages.js';
import { commandDocument } from '../documents.js';
import { SIMULATOR_VIEW_TYPE, SimulatorPanel, webviewOptions } from './simulator-panel.js';

/**
 * The simulator in the extension: the `nettopo.openSimulator (uri?)` command (also the `Open
 * simulator` code lens), the serializer that reopens a panel on its file after a reload, and the
 * server's `nettopo/validated` notification, handed to the panel on that document.
 */
export function registerSimulator(context: vscode.ExtensionContext, client: LanguageClient): void {
    context.subscriptions.push(
        client.onNotification(VALIDATED_NOTIFICATION, (params: ValidatedParams) => SimulatorPanel.validated(client, params)),
        vscode.commands.registerCommand(COMMANDS.openSimulator, async (uri?: unknown) => {
            const document = await commandDocument(uri);
            if (document) SimulatorPanel.show(document, client, context.extensionUri);
        }),
        vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
            async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown) {
                // The state comes from the webview: only a well-formed one is trusted with a file.
                const state = parseSimulatorState(raw);
                if (!state) {
                    panel.dispose();
                    return;
                }
                panel.webview.options = webviewOptions(context.extensionUri);
                try {
                    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(state.uri, true));
                    new SimulatorPanel(panel, document, client, context.extensionUri);
                } catch {
                    panel.dispose();
                }
            }
        })
    );
}

/**
 * Plays a ping in the simulator open on `document`, if there is one (for `▶ Run ping`): true when
 * it did, false when no simulator shows that document.
 */
export function playPingInSimulator(document: vscode.TextDocument, view: PingView): boolean {
    const panel = SimulatorPanel.of(document.uri);
    panel?.playPing(view);
    return panel !== undefined;
}
