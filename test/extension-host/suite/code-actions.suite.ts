import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhen, editableCopy, lineOf } from './helpers.js';

const returnRoute = 'route 192.168.10.0/24 via 192.168.20.1';

/** The lines of carol's block in the document. */
function carolsBlock(document: vscode.TextDocument): string[] {
    const start = lineOf(document, 'host carol {');
    const end = lineOf(document, '}', start);
    return Array.from({ length: end - start + 1 }, (_, index) => document.lineAt(start + index).text.trim());
}

describe('code actions', () => {
    it('a quick fix adds the missing return route to carol and the problems go away', async () => {
        const document = await editableCopy('03-one-way-route.net');
        const diagnostics = await diagnosticsWhen(document, 'the missing return route', (all) => all.some((d) => codeOf(d) === 'missing-return-route'));
        const missing = diagnostics.find((d) => codeOf(d) === 'missing-return-route')!;
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider',
            document.uri,
            missing.range,
            vscode.CodeActionKind.QuickFix.value,
            10
        );
        const fix = actions.find((action) => action.edit?.get(document.uri).some((edit) => edit.newText.includes(returnRoute)));
        assert.ok(fix, `a quick fix inserting ${returnRoute}: ${actions.map((action) => action.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit!));
        assert.ok(carolsBlock(document).includes(returnRoute), carolsBlock(document).join('\n'));
        assert.ok(document.getText().includes('# Step 3: a route in one direction only.'), 'the comments are kept');
        await diagnosticsWhen(document, 'no diagnostics after the quick fix', (all) => all.length === 0);
    });

    it('nettopo: Fix All applies source.fixAll.nettopo', async () => {
        const document = await editableCopy('03-one-way-route.net');
        await diagnosticsWhen(document, 'the missing return route', (all) => all.some((d) => codeOf(d) === 'missing-return-route'));
        await vscode.commands.executeCommand('nettopo.fixAll', document.uri);
        assert.ok(carolsBlock(document).includes(returnRoute), carolsBlock(document).join('\n'));
        await diagnosticsWhen(document, 'no diagnostics after Fix All', (all) => all.length === 0);
    });
});
