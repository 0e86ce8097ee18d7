import { UriUtils, type LangiumDocument, type LangiumDocuments, type LangiumSharedCoreServices, type URI } from 'langium';
import * as ast from './generated/ast.js';

/** An `import` line and the file it names, resolved against the importing file's folder. */
export interface ImportLink {
    readonly statement: ast.Import;
    readonly uri: URI;
}

/** A document whose parse is a topology. */
export type NetDocument = LangiumDocument<ast.Topology>;

/**
 * Labs over many files. The lab of a file is the file and everything it imports, transitively: its
 * imports first (depth first, in the order written), then the file itself, each file once. That is
 * the order names are defined in, so of two definitions of a name the second is the later file's.
 *
 * An entry is a loaded document that no other loaded document imports (a file nobody imports is its
 * own entry). A document's diagnostics come from the lab of each entry that holds it, each finding
 * in the file whose line caused it. The graph is read from the documents' current parses whenever it
 * is asked; only each parse's import lines are kept (keyed by its root, so an edit reads them afresh),
 * since the providers ask for a document's lab at every model lookup.
 *
 * The files an import could not read, and why, are recorded here by the document builder (which
 * loads imported files), for the validator to report on the import line.
 */
export class NetLabs {
    private readonly documents: LangiumDocuments;
    private readonly unreadable = new Map<string, string>();
    private readonly imports = new WeakMap<ast.Topology, ImportLink[]>();

    constructor(shared: LangiumSharedCoreServices) {
        this.documents = shared.workspace.LangiumDocuments;
    }

    /** The import lines of a document with the files they name (an empty path names nothing). */
    importsOf(document: NetDocument): ImportLink[] {
        const root = document.parseResult?.value;
        if (!root?.statements) return [];
        let links = this.imports.get(root);
        if (!links) {
            links = root.statements
                .filter(ast.isImport)
                .flatMap((statement) => (statement.path ? [{ statement, uri: UriUtils.resolvePath(UriUtils.dirname(document.uri), statement.path) }] : []));
            this.imports.set(root, links);
        }
        return links;
    }

    /** The loaded document an import names, if it was read. */
    imported(link: ImportLink): NetDocument | undefined {
        return this.documents.getDocument(link.uri) as NetDocument | undefined;
    }

    /** The lab whose entry is `entry`: its documents in definition order (imports first); a missing file or a cycle's way back is skipped. */
    lab(entry: NetDocument): NetDocument[] {
        const order: NetDocument[] = [];
        const seen = new Set<string>();
        const visit = (document: NetDocument) => {
            const key = document.uri.toString();
            if (seen.has(key)) return;
            seen.add(key);
            for (const link of this.importsOf(document)) {
                const imported = this.imported(link);
                if (imported) visit(imported);
            }
            order.push(document);
        };
        visit(entry);
        return order;
    }

    /** The entries whose labs hold `document`, in URI order: itself when it is an entry, or when no entry reaches it (a cycle nobody else imports). */
    entriesOf(document: NetDocument): NetDocument[] {
        const all = this.documents.all.toArray() as NetDocument[];
        const imported = new Set(all.flatMap((each) => this.importsOf(each).map((link) => link.uri.toString())));
        const key = document.uri.toString();
        const entries = all
            .filter((each) => !imported.has(each.uri.toString()) && this.lab(each).some((member) => member.uri.toString() === key))
            .sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
        return entries.length ? entries : [document];
    }

    /**
     * The files from `link`'s target back to the file that imports it, when they make a cycle
     * (`[b.net, c.net, a.net]` for a.net's import of b.net when b imports c and c imports a).
     */
    cycleThrough(importer: NetDocument, link: ImportLink): URI[] | undefined {
        const goal = importer.uri.toString();
        const seen = new Set<string>();
        const walk = (uri: URI): URI[] | undefined => {
            if (uri.toString() === goal) return [uri];
            if (seen.has(uri.toString())) return undefined;
            seen.add(uri.toString());
            const document = this.documents.getDocument(uri) as NetDocument | undefined;
            for (const next of document ? this.importsOf(document) : []) {
                const rest = walk(next.uri);
                if (rest) return [uri, ...rest];
            }
            return undefined;
        };
        return walk(link.uri);
    }

    /** Whether the import graph joins `document` to any of `uris` (either way, through any number of files). */
    connected(document: NetDocument, uris: ReadonlySet<string>): boolean {
        const all = this.documents.all.toArray() as NetDocument[];
        const neighbours = new Map<string, Set<string>>();
        const join = (a: string, b: string) => {
            if (!neighbours.has(a)) neighbours.set(a, new Set());
            neighbours.get(a)!.add(b);
        };
        for (const each of all) {
            for (const link of this.importsOf(each)) {
                join(each.uri.toString(), link.uri.toString());
                join(link.uri.toString(), each.uri.toString());
            }
        }
        const start = document.uri.toString();
        const queue = [start];
        const seen = new Set(queue);
        for (const current of queue) {
            if (current !== start && uris.has(current)) return true;
            for (const next of neighbours.get(current) ?? []) {
                if (!seen.has(next)) {
                    seen.add(next);
                    queue.push(next);
                }
            }
        }
        return false;
    }

    /** Records that an import's file could not be read (`reason` in our words), or, without a reason, that it now can. */
    recordRead(uri: URI, reason?: string): void {
        if (reason === undefined) this.unreadable.delete(uri.toString());
        else this.unreadable.set(uri.toString(), reason);
    }

    /** Why an imported file could not be read, if it could not. */
    unreadableReason(uri: URI): string | undefined {
        return this.unreadable.get(uri.toString());
    }
}
