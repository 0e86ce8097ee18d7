import { EmptyFileSystemProvider, URI, type FileSystemNode } from 'langium';
import { expect, test } from 'vitest';
import type { Topology } from '../../language/src/generated/ast.js';
import type { NetDocument } from '../../language/src/net-labs.js';
import { createNetServices } from '../../language/src/net-module.js';

/**
 * What a change of one file of a lab rebuilds, through the services as the server has them: the files
 * live in a file system of this test's own, and only the entry is given to the builder (the server
 * loads what it imports, as it loads a file the editor has not opened).
 */
class MemoryFileSystem extends EmptyFileSystemProvider {
    readonly files = new Map<string, string>();

    override async readFile(uri?: URI): Promise<string> {
        const text = uri && this.files.get(uri.toString());
        if (text === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return text;
    }

    override async stat(uri: URI): Promise<FileSystemNode> {
        if (!this.files.has(uri.toString())) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return { isFile: true, isDirectory: false, uri };
    }
}

const fileSystem = new MemoryFileSystem();
const { shared, Net } = createNetServices({ fileSystemProvider: () => fileSystem });
const { LangiumDocuments, DocumentBuilder } = shared.workspace;
const a = URI.parse('file:///lab/a.net');
const b = URI.parse('file:///lab/b.net');
const root = (uri: URI) => (LangiumDocuments.getDocument(uri) as NetDocument).parseResult.value as Topology;
const codes = (uri: URI) => (LangiumDocuments.getDocument(uri)?.diagnostics ?? []).map((entry) => (entry.data as { code?: string })?.code ?? entry.code);

test("the server loads an imported file; an edit of one file re-parses only that file, and rebuilds the lab from the others' parses", async () => {
    fileSystem.files.set(a.toString(), 'import "b.net"\nhost a {\n  eth0 10.0.0.1/24 -- lan\n}\nping a -> b\n');
    fileSystem.files.set(b.toString(), 'switch lan\nhost b {\n  eth0 10.0.0.2/24 -- lan\n}\n');
    LangiumDocuments.addDocument(await shared.workspace.LangiumDocumentFactory.fromUri<Topology>(a));
    await DocumentBuilder.build([LangiumDocuments.getDocument(a)!], { validation: true });
    expect(LangiumDocuments.hasDocument(b)).toBe(true);
    expect([codes(a), codes(b)]).toEqual([[], []]);
    const [rootA, rootB] = [root(a), root(b)];
    const before = Net.model.DocumentModels.get(root(a));

    // b.net changes (on disk): b is parsed again, a keeps its parse but is relinked and revalidated.
    fileSystem.files.set(b.toString(), 'switch lan\nhost b {\n  eth0 10.0.0.2/24 -- lan down\n}\n');
    await DocumentBuilder.update([b], []);
    expect(root(a)).toBe(rootA);
    expect(root(b)).not.toBe(rootB);
    expect(codes(a)).toContain('ping-expectation');
    const after = Net.model.DocumentModels.get(root(a));
    expect(after).not.toBe(before);
    expect(after.topology.nodes.find((node) => node.name === 'b')?.interfaces[0].down).toBe(true);

    // a.net changes: b keeps its parse.
    const rootB2 = root(b);
    fileSystem.files.set(a.toString(), 'import "b.net"\nhost a {\n  eth0 10.0.0.1/24 -- lan\n}\nping a -> b fails\n');
    await DocumentBuilder.update([a], []);
    expect(root(b)).toBe(rootB2);
    expect(codes(a)).toEqual([]);

    // The import removed: b.net, loaded only for it, is let go.
    fileSystem.files.set(a.toString(), 'host a {\n  eth0 10.0.0.1/24\n}\n');
    await DocumentBuilder.update([a], []);
    expect(LangiumDocuments.hasDocument(b)).toBe(false);
});

test('a file that cannot be read: the reason on the import line; once it appears, its importer is rebuilt', async () => {
    const c = URI.parse('file:///lab/c.net');
    const d = URI.parse('file:///lab/d.net');
    fileSystem.files.set(c.toString(), 'import "d.net"\nswitch s\n');
    LangiumDocuments.addDocument(await shared.workspace.LangiumDocumentFactory.fromUri<Topology>(c));
    await DocumentBuilder.build([LangiumDocuments.getDocument(c)!], { validation: true });
    expect(LangiumDocuments.getDocument(c)?.diagnostics?.map((entry) => entry.message)).toEqual(['cannot import "d.net": no such file (/lab/d.net)']);
    fileSystem.files.set(d.toString(), 'switch t\n');
    await DocumentBuilder.update([d], []);
    expect(codes(c)).toEqual([]);
    expect(Net.model.DocumentModels.get(root(c)).topology.switches.map((each) => each.name)).toEqual(['t', 's']);
});
