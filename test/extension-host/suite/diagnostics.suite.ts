import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhen, editableCopy, exampleUri, lineOf, openExample } from './helpers.js';

describe('diagnostics', () => {
    it("reports the missing return route of 03-one-way-route.net on alice's route, and the failing ping", async () => {
        const document = await openExample('03-one-way-route.net');
        const diagnostics = await diagnosticsWhen(document, 'the missing return route', (all) => all.some((d) => codeOf(d) === 'missing-return-route'));
        const missing = diagnostics.filter((d) => codeOf(d) === 'missing-return-route');
        assert.ok(
            missing.some((d) => /carol/.test(d.message) && /route 192\.168\.10\.0\/24 via 192\.168\.20\.1/.test(d.message)),
            'names carol and the fix'
        );
        // Where the problem shows: on alice's route, as a diagnostic or its related information.
        const lines = missing.flatMap((d) => [d.range.start.line, ...(d.relatedInformation ?? []).map((info) => info.location.range.start.line)]);
        assert.ok(lines.includes(lineOf(document, 'route 192.168.20.0/24 via 192.168.10.1')), `alice's route among lines ${lines.join(', ')}`);
        const ping = diagnostics.find((d) => codeOf(d) === 'ping-expectation');
        assert.ok(ping, 'the ping line has an error');
        assert.equal(ping.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(ping.range.start.line, lineOf(document, 'ping alice -> carol'));
    });

    it('reports nothing on 04-both-ways.net', async () => {
        // An empty list is also what shows before the server has answered, and its clearing fires no event: so
        // the file first gets a mistake (a diagnostic to wait for), then loses it; the list empties for 04's own text.
        const document = await editableCopy('04-both-ways.net');
        const carol = lineOf(document, 'host carol {');
        const mistake = new vscode.WorkspaceEdit();
        mistake.insert(document.uri, new vscode.Position(carol + 1, 0), '  route 10.9.0.0/16 via 10.1.0.1\n');
        assert.ok(await vscode.workspace.applyEdit(mistake));
        await diagnosticsWhen(document, 'the refused route', (all) => all.some((d) => codeOf(d) === 'route-refused'));
        const undo = new vscode.WorkspaceEdit();
        undo.delete(document.uri, new vscode.Range(carol + 1, 0, carol + 2, 0));
        assert.ok(await vscode.workspace.applyEdit(undo));
        assert.equal(document.getText(), (await vscode.workspace.openTextDocument(exampleUri('04-both-ways.net'))).getText());
        await diagnosticsWhen(document, 'no diagnostics on 04', (all) => all.length === 0);
        assert.deepEqual(
            vscode.languages.getDiagnostics(document.uri).map((d) => d.message),
            []
        );
    });

    it('follows edits as the user types: the return route makes both problems go away', async () => {
        const document = await editableCopy('03-one-way-route.net');
        await diagnosticsWhen(document, 'the missing return route', (all) => all.some((d) => codeOf(d) === 'missing-return-route'));
        const carol = lineOf(document, '  eth0 192.168.20.30/24 -- lab');
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, new vscode.Position(carol + 1, 0), '  route 192.168.10.0/24 via 192.168.20.1\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        await diagnosticsWhen(document, 'no diagnostics after the fix', (all) => all.length === 0);
    });

    it("reports what ip route add refuses, with the kernel's words, in an untitled editor", async () => {
        const document = await vscode.workspace.openTextDocument({
            language: 'nettopo',
            content: 'host A {\n  eth0 10.0.0.5/24\n  route 10.9.0.0/16 via 10.1.0.1\n}\n'
        });
        const [refused] = await diagnosticsWhen(document, 'the refused route', (all) => all.length > 0);
        assert.equal(codeOf(refused), 'route-refused');
        assert.equal(refused.range.start.line, 2);
        assert.match(refused.message, /Nexthop has invalid gateway/);
    });
});
