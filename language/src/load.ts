import { resolve } from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import type { Topology as TopologyAst } from './generated/ast.js';
import type { ModelledDocument } from './net-document.js';
import { createNetServices } from './net-module.js';

/** A parsed, linked and validated `.net` file, with its model and simulated pings. */
export interface LoadedFile extends ModelledDocument {
    /** Parser, linker and validator diagnostics, in document order. */
    readonly diagnostics: readonly Diagnostic[];
}

let inMemory: ReturnType<typeof createNetServices> | undefined;
let onDisk: ReturnType<typeof createNetServices> | undefined;
let counter = 0;

/**
 * Parses, links and validates `.net` source text outside an editor (for the CLI and tests). Given
 * `path`, where the text is on disk, its `routes from` files are read from disk relative to it;
 * without it the text is in memory (tests, the browser's way), and reads no file.
 */
export async function loadNetText(text: string, name = 'topology.net', path?: string): Promise<LoadedFile> {
    const services = path === undefined ? (inMemory ??= createNetServices(EmptyFileSystem)) : (onDisk ??= createNetServices(NodeFileSystem));
    const uri = path === undefined ? URI.parse(`memory:///${++counter}/${encodeURIComponent(name)}`) : URI.file(resolve(path));
    const document = services.shared.workspace.LangiumDocumentFactory.fromString<TopologyAst>(text, uri);
    services.shared.workspace.LangiumDocuments.addDocument(document);
    try {
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        const diagnostics = [...(document.diagnostics ?? [])].sort(
            (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
        );
        return { document, diagnostics, ...services.Net.model.DocumentModels.get(document), pingRuns: services.Net.model.PingRuns.get(document) };
    } finally {
        services.shared.workspace.LangiumDocuments.deleteDocument(uri);
    }
}
