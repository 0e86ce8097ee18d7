import { DefaultDocumentBuilder, DocumentState, type BuildOptions, type Cancellation, type LangiumDocument, type URI } from 'langium';
import { systemReason } from './file-reasons.js';
import type { NetDocument, NetLabs } from './net-labs.js';
import type { NetServices } from './net-module.js';

/**
 * Langium's document builder, taking imported files in. Before a build links anything, every file
 * the built documents import (transitively) is loaded, through the FileSystemProvider (an open one
 * from the editor's text), and built with them; a file that cannot be read is recorded with why, for
 * the import line's error. A change to one file relinks and revalidates every file the import graph
 * joins it to (its lab's model and diagnostics change), but re-parses only that file: the others keep
 * their parse, and their models are rebuilt from it.
 *
 * Files loaded only because something imported them are let go once nothing else reaches them,
 * as the editor's closed documents are (net-document-update-handler.ts).
 */
export class NetDocumentBuilder extends DefaultDocumentBuilder {
    /** The files this builder read only because a held document imports them (not given to it, not open). */
    private readonly loadedForImports = new Set<string>();

    private labs(uri: URI): NetLabs {
        return (this.serviceRegistry.getServices(uri) as NetServices).model.Labs;
    }

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        await this.runCancelable(documents, DocumentState.Parsed, cancelToken, (document) => this.langiumDocumentFactory.update(document, cancelToken));
        await super.buildDocuments(await this.withImports(documents as NetDocument[]), options, cancelToken);
    }

    /** The documents and every file they import that is not built yet, loaded now if need be. */
    private async withImports(documents: NetDocument[]): Promise<NetDocument[]> {
        const all = [...documents];
        const seen = new Set(all.map((document) => document.uri.toString()));
        for (let index = 0; index < all.length; index++) {
            const labs = this.labs(all[index].uri);
            for (const link of labs.importsOf(all[index])) {
                const key = link.uri.toString();
                if (seen.has(key)) continue;
                seen.add(key);
                let imported = labs.imported(link);
                if (!imported) {
                    try {
                        imported = (await this.langiumDocuments.getOrCreateDocument(link.uri)) as NetDocument;
                        this.loadedForImports.add(key);
                        labs.recordRead(link.uri);
                    } catch (error) {
                        labs.recordRead(link.uri, readFailure(error));
                        continue;
                    }
                }
                if (imported.state < DocumentState.Validated) all.push(imported);
            }
        }
        return all;
    }

    /**
     * A file the editor does not hold and the workspace does not include is still a change when a
     * loaded file imports it: created on disk, it is loaded and its importers rebuilt.
     */
    protected override async findChangedUris(changed: URI): Promise<URI[]> {
        const found = await super.findChangedUris(changed);
        if (found.length > 0) return found;
        const key = changed.toString();
        const imported = this.langiumDocuments.all.some((document) =>
            this.labs(document.uri)
                .importsOf(document as NetDocument)
                .some((link) => link.uri.toString() === key)
        );
        if (imported) this.loadedForImports.add(key);
        return imported ? [changed] : [];
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        return super.shouldRelink(document, changedUris) || this.labs(document.uri).connected(document as NetDocument, changedUris);
    }

    override async update(changed: URI[], deleted: URI[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        for (const uri of deleted) this.loadedForImports.delete(uri.toString());
        await super.update(changed, deleted, cancelToken);
        const unreached = this.unreachedImports();
        if (unreached.length > 0) await super.update([], unreached, cancelToken);
    }

    /** The files loaded for an import that no other document (one the editor or a caller gave) reaches now. */
    private unreachedImports(): URI[] {
        const documents = this.langiumDocuments.all.toArray() as NetDocument[];
        const held = (document: NetDocument) => !this.loadedForImports.has(document.uri.toString()) || this.textDocuments?.get(document.uri) !== undefined;
        const reached = new Set(
            documents.filter(held).flatMap((document) =>
                this.labs(document.uri)
                    .lab(document)
                    .map((member) => member.uri.toString())
            )
        );
        const unreached = documents.filter((document) => !reached.has(document.uri.toString())).map((document) => document.uri);
        for (const uri of unreached) this.loadedForImports.delete(uri.toString());
        return unreached;
    }
}

/** Why an imported file could not be read, in our words. A file system without error codes is none at all (the browser host's). */
function readFailure(error: unknown): string {
    const code = (error as { code?: unknown } | undefined)?.code;
    return code === undefined ? 'there is no file system to read it from here: only files open in the editor can be imported' : systemReason(error);
}
