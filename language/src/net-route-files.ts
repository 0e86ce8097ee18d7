import {
    AstUtils,
    DocumentState,
    EmptyFileSystemProvider,
    UriUtils,
    type DocumentBuilder,
    type FileSystemProvider,
    type LangiumDocument,
    type LangiumDocuments,
    type URI,
    type WorkspaceLock
} from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { systemReason } from './file-reasons.js';
import * as ast from './generated/ast.js';
import { parseRouteDump, type RouteDump } from './model/route-dump.js';
import { parseRoot, type ParsedDocument } from './net-document.js';

/** What a `routes from "FILE"` line got: the file's routes, or why it could not be read. */
export type RouteFileLoad = { readonly dump: RouteDump } | { readonly error: string };

/** The loads of a parse whose files have not been read (one object, so that a model built without them is told apart). */
const NOT_READ: ReadonlyMap<ast.RoutesFrom, RouteFileLoad> = new Map();

/** A parse's route files: what each line got, and the files' URIs (to know whom a change on disk concerns). */
interface ParseFiles {
    readonly loads: ReadonlyMap<ast.RoutesFrom, RouteFileLoad>;
    readonly uris: ReadonlySet<string>;
}

/**
 * The route files of each parse (`routes from "FILE"`), read through Langium's file system (Node's
 * in the server process and the CLI; none in the browser host or for text given in memory) and
 * parsed, before the model is built: the model is built synchronously, on the validator's first
 * ask, and a read is asynchronous. So the files are read once a build has linked a document (the
 * last phase before validation, which a cancelled build also goes through again), for each parse
 * that has not had them read. Entries are keyed by the parse's root, as the other per-parse
 * services' are (net-document.ts): an edit reads the files again, and a document let go of frees them.
 * A route file the editor reports changed on disk (lsp/net-document-update-handler.ts watches
 * `*.routes` files) is read again for every document that reads it, and those are rebuilt: the
 * parse stays, its model is built anew (DocumentModels compares the loads it was built from).
 */
export class NetRouteFiles {
    private readonly loaded = new WeakMap<ast.Topology, ParseFiles>();
    private readonly fileSystem: FileSystemProvider;
    private readonly documents: LangiumDocuments;
    private readonly builder: DocumentBuilder;
    private readonly lock: WorkspaceLock;

    constructor(shared: LangiumSharedServices) {
        this.fileSystem = shared.workspace.FileSystemProvider;
        this.documents = shared.workspace.LangiumDocuments;
        this.builder = shared.workspace.DocumentBuilder;
        this.lock = shared.workspace.WorkspaceLock;
        this.builder.onBuildPhase(DocumentState.IndexedReferences, async (documents) => {
            for (const document of documents) await this.load(document as LangiumDocument<ast.Topology>);
        });
        shared.lsp.DocumentUpdateHandler?.onWatchedFilesChange(({ changes }) => this.changedOnDisk(changes.map((change) => change.uri)));
    }

    /** What a `routes from` line of a built parse got. */
    get(line: ast.RoutesFrom): RouteFileLoad {
        const root = AstUtils.getContainerOfType(line, ast.isTopology);
        return (root && this.loaded.get(root)?.loads.get(line)) ?? { error: 'the route file has not been read yet (the document is still being built)' };
    }

    /** The routes of every `routes from` line of the document's parse: a new object each time they are read. */
    loads(document: ParsedDocument): ReadonlyMap<ast.RoutesFrom, RouteFileLoad> {
        return this.loaded.get(parseRoot(document))?.loads ?? NOT_READ;
    }

    /** Reads the files again for the documents that read one of `uris`, and rebuilds those documents. */
    private changedOnDisk(uris: readonly string[]): void {
        const changed = new Set(uris);
        const concerned = this.documents.all
            .filter((document) => [...(this.loaded.get(document.parseResult.value as ast.Topology)?.uris ?? [])].some((uri) => changed.has(uri)))
            .toArray();
        if (concerned.length === 0) return;
        for (const document of concerned) this.loaded.delete(document.parseResult.value as ast.Topology);
        void this.lock.write((token) =>
            this.builder.update(
                concerned.map((document) => document.uri),
                [],
                token
            )
        );
    }

    private async load(document: LangiumDocument<ast.Topology>): Promise<void> {
        const root = document.parseResult.value;
        if (this.loaded.has(root)) return;
        const loads = new Map<ast.RoutesFrom, RouteFileLoad>();
        const uris = new Set<string>();
        for (const line of AstUtils.streamAllContents(root).filter(ast.isRoutesFrom)) {
            // A line without a path is the validator's to report.
            if (!line.path) continue;
            const uri = UriUtils.resolvePath(UriUtils.dirname(document.uri), line.path);
            uris.add(uri.toString());
            loads.set(line, await this.read(uri, line.path));
        }
        this.loaded.set(root, { loads, uris });
    }

    private async read(uri: URI, path: string): Promise<RouteFileLoad> {
        if (this.fileSystem instanceof EmptyFileSystemProvider) {
            return { error: `cannot read files in this editor host: "${path}" is not loaded (open the folder in a desktop editor, or use the nettopo CLI)` };
        }
        try {
            return { dump: parseRouteDump(await this.fileSystem.readFile(uri)) };
        } catch (error) {
            return { error: readProblem(path, error) };
        }
    }
}

/** Why a file could not be read, in our words (the system's reasons are file-reasons.ts's). */
function readProblem(path: string, error: unknown): string {
    switch ((error as { code?: string }).code) {
        case 'ENOENT':
            return `there is no file "${path}" (the path is relative to this file)`;
        case 'EISDIR':
            return `"${path}" is a directory, not a route file`;
        case 'ERR_STRING_TOO_LONG':
            return `"${path}" is too big to read`;
        default:
            return `"${path}" could not be read: ${systemReason(error)}`;
    }
}
