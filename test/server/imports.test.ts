import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Diagnostic, Location, LocationLink, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * Labs over many files in the real server process: the editor opens site.net only; the server reads
 * the files it imports from the disk, and answers definition, references and rename across them.
 */
let server: ServerProcess;
const folder = mkdtempSync(join(tmpdir(), 'nettopo-imports-'));
const uriOf = (name: string) => pathToFileURL(join(folder, name)).toString();
const site = uriOf('site.net');
const siteA = uriOf('site-a.net');
const siteB = uriOf('site-b.net');

const siteText = `import "site-a.net"
import "site-b.net"
router core {
  eth0 10.0.0.1/30 -- ra.wan0
  eth1 10.0.0.5/30 -- rb.wan0
  route 10.0.1.0/24 via 10.0.0.2
  route 10.0.2.0/24 via 10.0.0.6
}
ping a1 -> b1
`;
const siteAText = `switch lan-a 10.0.1.0/24
router ra {
  lan0 10.0.1.1/24 -- lan-a
  wan0 10.0.0.2/30
  route default via 10.0.0.1
}
host a1 {
  eth0 10.0.1.10/24 -- lan-a
  route default via 10.0.1.1
}
`;
const siteBText = siteAText
    .replaceAll('-a', '-b')
    .replaceAll('ra', 'rb')
    .replaceAll('a1', 'b1')
    .replaceAll('10.0.1.', '10.0.2.')
    .replaceAll('10.0.0.', '10.0.0.1');
const fixedB = siteBText.replace('10.0.0.12/30', '10.0.0.6/30').replace('via 10.0.0.11', 'via 10.0.0.5');

/** The first diagnostics published for `uri` from now on that satisfy `holds` (each publication is an event; none is waited for by time). */
async function until(uri: string, holds: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
        const diagnostics = await server.next(uri);
        if (holds(diagnostics)) return diagnostics;
    }
}

const position = (text: string, needle: string, shift = 0) => TextDocument.create('x', 'nettopo', 1, text).positionAt(text.indexOf(needle) + shift);

beforeAll(async () => {
    writeFileSync(join(folder, 'site-a.net'), siteAText);
    writeFileSync(join(folder, 'site-b.net'), fixedB);
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
});

test('the imported files are read from the disk; the lab has no problem, and its ping crosses the files', async () => {
    const importedA = server.next(siteA);
    expect(await server.open(site, siteText)).toEqual([]);
    expect(await importedA).toEqual([]);
    const lenses = await server.request<{ command?: { title: string } }[]>('textDocument/codeLens', { textDocument: { uri: site } });
    expect(lenses.map((lens) => lens.command?.title)).toContain('✓ reply, ttl=61');
});

test('each import path links to its file', async () => {
    const links = await server.request<{ range: { start: { line: number; character: number } }; target: string }[]>('textDocument/documentLink', {
        textDocument: { uri: site }
    });
    expect(links.map((link) => [link.range.start, link.target])).toEqual([
        [{ line: 0, character: 7 }, siteA],
        [{ line: 1, character: 7 }, siteB]
    ]);
});

test('a hover on an import: the file it reads and the names it brings', async () => {
    const hover = await server.request<{ contents: { value: string } }>('textDocument/hover', {
        textDocument: { uri: site },
        position: { line: 0, character: 10 }
    });
    expect(hover.contents.value).toBe(`**import** \`${join(folder, 'site-a.net')}\`\n\n- switches: \`lan-a\`\n\n- nodes: \`ra\`, \`a1\``);
});

test('go to definition and references across files', async () => {
    const [definition] = await server.request<LocationLink[]>('textDocument/definition', {
        textDocument: { uri: site },
        position: position(siteText, 'ra.wan0', 1)
    });
    expect(definition.targetUri).toBe(siteA);
    expect(definition.targetSelectionRange.start).toEqual(position(siteAText, 'ra {'));
    const references = await server.request<Location[]>('textDocument/references', {
        textDocument: { uri: site },
        position: position(siteText, 'a1 ->', 1),
        context: { includeDeclaration: true }
    });
    expect(
        references
            .map((reference) => `${reference.uri === site ? 'site' : reference.uri === siteA ? 'site-a' : reference.uri} ${reference.range.start.line}`)
            .sort()
    ).toEqual(['site 8', 'site-a 6']);
});

test('a rename edits every file that uses the name, and refuses a name another file of the lab has', async () => {
    const edit = await server.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: site },
        position: position(siteText, 'ra.wan0', 1),
        newName: 'gw-a'
    });
    const lines = Object.fromEntries(
        Object.entries(edit.changes ?? {}).map(([uri, edits]) => [uri, edits.map((each) => `${each.range.start.line} ${each.newText}`).sort()])
    );
    expect(lines).toEqual({ [site]: ['3 gw-a'], [siteA]: ['1 gw-a'] });
    await expect(
        server.request('textDocument/rename', { textDocument: { uri: site }, position: position(siteText, 'core', 1), newName: 'b1' })
    ).rejects.toThrow('a host is already named b1');
});

test('from an imported file open in the editor: references and a rename reach the file that imports it', async () => {
    await server.open(siteA, siteAText);
    const references = await server.request<Location[]>('textDocument/references', {
        textDocument: { uri: siteA },
        position: position(siteAText, 'host a1', 5),
        context: { includeDeclaration: false }
    });
    expect(references.map((reference) => `${reference.uri === site ? 'site' : reference.uri} ${reference.range.start.line}`)).toEqual(['site 8']);
    const edit = await server.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri: siteA },
        position: position(siteAText, 'host a1', 5),
        newName: 'alpha'
    });
    expect(Object.keys(edit.changes ?? {}).sort()).toEqual([site, siteA].sort());
    await server.close(siteA);
});

test('an edit of an imported file open in the editor rebuilds its importer; closed, it is read from the disk again', async () => {
    await server.open(siteB, fixedB);
    const broken = server.next(site);
    await server.change(siteB, fixedB.replace('router rb', 'host rb'));
    expect((await broken).map((diagnostic) => diagnostic.code)).toContain('ping-expectation');
    const repaired = server.next(site);
    await server.close(siteB);
    expect((await repaired).map((diagnostic) => diagnostic.code)).not.toContain('ping-expectation');
});

test('an imported file changed on disk: its importer is rebuilt, and the cause is reported in the file that holds it', async () => {
    writeFileSync(join(folder, 'site-b.net'), siteBText);
    // Earlier rounds' publications may still be on their way: wait for the ones this change brings.
    const inB = until(siteB, (diagnostics) => diagnostics.length > 0);
    const inSite = until(site, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'ping-expectation'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: siteB, type: 2 }] });
    const [bDiagnostics, siteDiagnostics] = await Promise.all([inB, inSite]);
    expect(siteDiagnostics.map((diagnostic) => `${diagnostic.range.start.line} ${diagnostic.code}`)).toContain('8 ping-expectation');
    expect(bDiagnostics.map((diagnostic) => diagnostic.code)).toContain('network-address');
});

test('a missing import is an error on its line, until the file appears', async () => {
    const withC = `import "site-c.net"\n${siteText}`;
    const diagnostics = await server.change(site, withC);
    const missing = diagnostics.find((diagnostic) => diagnostic.code === 'import-unreadable');
    expect(missing?.range.start.line).toBe(0);
    expect(missing?.message).toBe(`cannot import "site-c.net": no such file (${join(folder, 'site-c.net')})`);
    writeFileSync(join(folder, 'site-c.net'), 'switch lan-c\n');
    const next = server.next(site);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('site-c.net'), type: 1 }] });
    expect((await next).filter((diagnostic) => diagnostic.code === 'import-unreadable')).toEqual([]);
});

test('completion after `import` offers the .net files beside the file; formatting keeps the path as written', async () => {
    const text = `import \n${siteText}`;
    await server.change(site, text);
    const list = await server.request<{ items: { label: string }[] }>('textDocument/completion', {
        textDocument: { uri: site },
        position: { line: 0, character: 7 }
    });
    expect(list.items.map((item) => item.label).filter((label) => label.startsWith('"'))).toEqual(['"site-a.net"', '"site-b.net"', '"site-c.net"']);
    await server.change(site, `  import    "site-a.net"   # the first site\n${siteText.split('\n').slice(1).join('\n')}`);
    const edits = await server.request<{ newText: string }[]>('textDocument/formatting', {
        textDocument: { uri: site },
        options: { tabSize: 2, insertSpaces: true }
    });
    expect(edits.map((edit) => edit.newText)).toEqual(['import "site-a.net" # the first site']);
});

test("the simulator's view of a file shows its whole lab, placing only the file's own lines", async () => {
    await server.change(site, siteText);
    const view = await server.request<{ nodes: { name: string; range: { start: { line: number } } }[] }>('nettopo/topology', { uri: site });
    const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    expect(Object.fromEntries(view.nodes.map((node) => [node.name, node.range]))).toEqual({
        ra: nowhere,
        a1: nowhere,
        rb: nowhere,
        b1: nowhere,
        core: { start: { line: 2, character: 7 }, end: { line: 2, character: 11 } }
    });
});

test('closing the importer lets the files read for it go (their diagnostics are cleared)', async () => {
    // site-b.net has problems in the lab and alone: only letting it go clears them.
    const cleared = until(siteB, (diagnostics) => diagnostics.length === 0);
    await server.close(site);
    expect(await cleared).toEqual([]);
});
