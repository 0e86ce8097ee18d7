import { EmptyFileSystem, URI } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Topology as TopologyAst } from './generated/ast.js';
import type { ModelledDocument } from './net-document.js';
import type { NetDocument } from './net-labs.js';
import { createNetServices } from './net-module.js';

/** One file of a loaded lab, with its own diagnostics. */
export interface LoadedSource {
    readonly document: NetDocument;
    /** Parser, linker and validator diagnostics, in document order. */
    readonly diagnostics: readonly Diagnostic[];
}

/** A parsed, linked and validated `.net` file, with its lab's model and simulated pings. */
export interface LoadedFile extends ModelledDocument, LoadedSource {
    /** Every file of its lab (imports first, the file itself last), each with its diagnostics. */
    readonly files: readonly LoadedSource[];
}

/** The services a load works with. */
export type NetServiceSet = ReturnType<typeof createNetServices>;

let services: NetServiceSet | undefined;
let counter = 0;

/**
 * Parses, links and validates `.net` source text outside an editor (for the CLI and tests), with no
 * file system: an import names another text of the same call (`imports`, by path relative to `name`),
 * or nothing that can be read.
 */
export async function loadNetText(text: string, name = 'topology.net', imports: Readonly<Record<string, string>> = {}): Promise<LoadedFile> {
    services ??= createNetServices(EmptyFileSystem);
    const folder = `memory:///${++counter}/`;
    const uri = (path: string) => URI.parse(`${folder}${path.split('/').map(encodeURIComponent).join('/')}`);
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const others = Object.entries(imports).map(([path, source]) => factory.fromString<TopologyAst>(source, uri(path)));
    const [file] = await loadNetDocuments(services, [factory.fromString<TopologyAst>(text, uri(name)), ...others], 1);
    return file;
}

/**
 * Builds documents (and every file they import, loaded through the services' file system) and
 * returns the first `count` of them, loaded; then lets the documents of their labs go.
 */
export async function loadNetDocuments(set: NetServiceSet, documents: readonly NetDocument[], count = documents.length): Promise<LoadedFile[]> {
    const { LangiumDocuments, DocumentBuilder } = set.shared.workspace;
    for (const document of documents) LangiumDocuments.addDocument(document);
    try {
        await DocumentBuilder.build([...documents], { validation: true });
        return documents.slice(0, count).map((document) => {
            const files = set.Net.model.Labs.lab(document).map(loadedSource);
            const model = set.Net.model.DocumentModels.get(document);
            return { ...loadedSource(document), files, ...model, pingRuns: set.Net.model.PingRuns.ofModel(model) };
        });
    } finally {
        const built = documents.flatMap((document) => set.Net.model.Labs.lab(document));
        for (const document of built) if (LangiumDocuments.hasDocument(document.uri)) LangiumDocuments.deleteDocument(document.uri);
    }
}

function loadedSource(document: NetDocument): LoadedSource {
    const diagnostics = [...(document.diagnostics ?? [])].sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    );
    return { document, diagnostics };
}
