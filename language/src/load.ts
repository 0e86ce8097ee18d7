import { URI } from 'langium';
import { EmptyFileSystem } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Topology as TopologyAst } from './generated/ast.js';
import type { ModelledDocument } from './net-document.js';
import { createNetServices } from './net-module.js';

/** A parsed, linked and validated `.net` file, with its model and simulated pings. */
export interface LoadedFile extends ModelledDocument {
    /** Parser, linker and validator diagnostics, in document order. */
    readonly diagnostics: readonly Diagnostic[];
}

let services: ReturnType<typeof createNetServices> | undefined;
let counter = 0;

/** Parses, links and validates `.net` source text outside an editor (for the CLI and tests). */
export async function loadNetText(text: string, name = 'topology.net'): Promise<LoadedFile> {
    services ??= createNetServices(EmptyFileSystem);
    const uri = URI.parse(`memory:///${++counter}/${encodeURIComponent(name)}`);
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
