import { AstUtils, DocumentState, EmptyFileSystemProvider, UriUtils, type FileSystemProvider, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import * as ast from './generated/ast.js';
import { parseRouteDump, type RouteDump } from './model/route-dump.js';
import { parseRoot, type ParsedDocument } from './net-document.js';

/** What a `routes from "FILE"` line got: the file's routes, or why it could not be read. */
export type RouteFileLoad = { readonly dump: RouteDump } | { readonly error: string };

/**
 * The route files of each parse (`routes from "FILE"`), read through Langium's file system (Node's
 * in the server process and the CLI; none in the browser host or for text given in memory) and
 * parsed, before the model is built: the model is built synchronously, on the validator's first
 * ask, and a read is asynchronous. So the files are read once a build has linked a document (the
 * last phase before validation, which a cancelled build also goes through again), for each parse
 * that has not had them read. Entries are keyed by the parse's root, as the other per-parse
 * services' are (net-document.ts): an edit reads the files again, and a document let go of frees them.
 * A file changed on disk alone is not read again until the `.net` file is edited (files on disk
 * are not watched: see lsp/net-document-update-handler.ts).
 */
export class NetRouteFiles {
    private readonly loaded = new WeakMap<ast.Topology, ReadonlyMap<ast.RoutesFrom, RouteFileLoad>>();
    private readonly fileSystem: FileSystemProvider;

    constructor(shared: LangiumSharedServices) {
        this.fileSystem = shared.workspace.FileSystemProvider;
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedReferences, async (documents) => {
            for (const document of documents) await this.load(document as LangiumDocument<ast.Topology>);
        });
    }

    /** What a `routes from` line of a built parse got. */
    get(line: ast.RoutesFrom): RouteFileLoad {
        const root = AstUtils.getContainerOfType(line, ast.isTopology);
        return (root && this.loaded.get(root)?.get(line)) ?? { error: 'the route file has not been read yet (the document is still being built)' };
    }

    /** The routes of every `routes from` line of the document's parse. */
    loads(document: ParsedDocument): ReadonlyMap<ast.RoutesFrom, RouteFileLoad> {
        return this.loaded.get(parseRoot(document)) ?? new Map();
    }

    private async load(document: LangiumDocument<ast.Topology>): Promise<void> {
        const root = document.parseResult.value;
        if (this.loaded.has(root)) return;
        const loads = new Map<ast.RoutesFrom, RouteFileLoad>();
        for (const line of AstUtils.streamAllContents(root).filter(ast.isRoutesFrom)) {
            // A line without a path is the validator's to report.
            if (line.path) loads.set(line, await this.read(document, line.path));
        }
        this.loaded.set(root, loads);
    }

    private async read(document: LangiumDocument, path: string): Promise<RouteFileLoad> {
        if (this.fileSystem instanceof EmptyFileSystemProvider) {
            return { error: `cannot read files in this editor host: "${path}" is not loaded (open the folder in a desktop editor, or use the nettopo CLI)` };
        }
        const uri = UriUtils.resolvePath(UriUtils.dirname(document.uri), path);
        try {
            return { dump: parseRouteDump(await this.fileSystem.readFile(uri)) };
        } catch (error) {
            return { error: readProblem(path, (error as { code?: string }).code) };
        }
    }
}

/** Why a file could not be read, in our words (Node's error codes). */
function readProblem(path: string, code: string | undefined): string {
    switch (code) {
        case 'ENOENT':
            return `there is no file "${path}" (the path is relative to this file)`;
        case 'EACCES':
        case 'EPERM':
            return `"${path}" is not readable: permission denied`;
        case 'EISDIR':
            return `"${path}" is a directory, not a route file`;
        case 'ERR_STRING_TOO_LONG':
            return `"${path}" is too big to read`;
        default:
            return `"${path}" could not be read${code ? ` (${code})` : ''}`;
    }
}
