import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openExample } from './helpers.js';

describe('the extension', () => {
    it('opens .net files as nettopo and activates on them', async () => {
        const document = await openExample('01-one-switch.net');
        assert.equal(document.languageId, 'nettopo');
        const extension = vscode.extensions.getExtension('nettopo.nettopo');
        assert.ok(extension, 'nettopo.nettopo is loaded');
        await extension.activate();
        assert.equal(extension.isActive, true);
    });

    it('registers its commands', async () => {
        const commands = await vscode.commands.getCommands(true);
        for (const id of ['nettopo.runPing', 'nettopo.pingFrom', 'nettopo.showRouteTable', 'nettopo.fixAll', 'nettopo.import']) {
            assert.ok(commands.includes(id), `${id} is registered`);
        }
    });

    it('comments lines with # (language configuration)', async () => {
        const document = await vscode.workspace.openTextDocument({ language: 'nettopo', content: 'switch lan1 192.168.1.0/24\n' });
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(0, 0, 0, 0);
        await vscode.commands.executeCommand('editor.action.commentLine');
        assert.equal(document.lineAt(0).text, '# switch lan1 192.168.1.0/24');
    });

    it('offers the host, router and two-LAN lab snippets', async () => {
        const document = await vscode.workspace.openTextDocument({ language: 'nettopo', content: '' });
        await vscode.window.showTextDocument(document);
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider',
            document.uri,
            new vscode.Position(0, 0)
        );
        const snippets = list.items
            .filter((item) => item.kind === vscode.CompletionItemKind.Snippet)
            .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        for (const prefix of ['host', 'router', 'lab']) assert.ok(snippets.includes(prefix), `snippet ${prefix} among ${snippets.join(', ')}`);
    });
});
