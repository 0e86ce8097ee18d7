import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { exampleUri } from './helpers.js';

/** The project folder, where the CNI fixtures are (the workspace is a copy of examples/). */
function projectFile(path: string): string {
    const extension = vscode.extensions.getExtension('nettopo.nettopo');
    assert.ok(extension, 'nettopo.nettopo is loaded');
    return join(extension.extensionPath, path);
}

const untitledNets = () => vscode.workspace.textDocuments.filter((document) => document.isUntitled && document.languageId === 'nettopo').length;

describe('nettopo.import (Import a lab…)', () => {
    it('imports a CNI conflist in the server and opens the .net as an untitled nettopo document', async () => {
        const path = projectFile('test/fixtures/cni/mynet.conf');
        const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('nettopo.import', 'cni', path, {
            host: 'node1',
            container: ['web', 'db']
        });
        assert.ok(document, 'the command gives the document it opened');
        assert.equal(document.languageId, 'nettopo');
        assert.equal(document.isUntitled, true);
        assert.equal(vscode.window.activeTextEditor?.document, document);
        const expected = readFileSync(projectFile('test/fixtures/cni/mynet.imported.net'), 'utf8');
        assert.equal(document.getText(), expected.replace('from test/fixtures/cni/mynet.conf.', `from ${path}.`));
    });

    it('imports a script of commands (a kind without options) as the CLI does', async () => {
        const script = exampleUri('18-namespaces.sh');
        const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('nettopo.import', 'commands', script);
        assert.ok(document, 'the command gives the document it opened');
        const expected = readFileSync(exampleUri('18-namespaces.net').fsPath, 'utf8');
        assert.equal(document.getText(), expected.replace('from examples/18-namespaces.sh.', `from ${script.fsPath}.`));
    });

    it('imports a Kathará lab folder (a folder kind) as the CLI does', async () => {
        const folder = projectFile('test/fixtures/kathara/arp');
        const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('nettopo.import', 'kathara', folder);
        assert.ok(document, 'the command gives the document it opened');
        assert.equal(document.languageId, 'nettopo');
        const text = document.getText();
        assert.ok(text.startsWith(`# Imported by nettopo import kathara from ${folder}.`), text.split('\n')[0]);
        // Every machine of lab.conf is a router (Kathará turns ip_forward on) plugged into its collision domain.
        assert.match(text, /^router \w+ \{\n {2}eth0 [\d.]+\/\d+ -- \w+$/m);
    });

    it('with an error opens no document', async () => {
        const before = untitledNets();
        const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>(
            'nettopo.import',
            'cni',
            projectFile('test/fixtures/cni/mynet.conf'),
            {
                host: 'node1',
                container: []
            }
        );
        assert.equal(document, undefined);
        const unparsable = await vscode.commands.executeCommand('nettopo.import', 'cni', projectFile('package.json'), { host: 'h', container: ['a'] });
        assert.equal(unparsable, undefined);
        assert.equal(untitledNets(), before);
    });
});
