import { URI } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import { FileChangeType, type DidChangeWatchedFilesParams, type FileSystemWatcher, type TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The route files' extension (the ones watched on disk). */
const ROUTE_FILE = '.routes';

/** Lines per millisecond of wait: a big file's parse takes about 20 µs a line and cannot be interrupted. */
const LINES_PER_MS = 250;
const MAX_WAIT_MS = 200;

/**
 * When the editor's documents are taken in and let go.
 *
 * Rebuilds a document after an edit once typing pauses, for a time that grows with the file. A
 * build cannot be interrupted while it parses, so on a big lab every keystroke would start a parse
 * that the next one has to wait for; waiting a fraction of a parse first lets a burst of keystrokes
 * cost one build. Small files (under 250 lines) are rebuilt at once, as Langium does.
 *
 * A closed document leaves the server: the server holds only the editor's open documents and the
 * files they import (see net-workspace-manager.ts), and Langium would keep a closed one, its AST,
 * index entries and model, until the server ends (a closed file that an open one imports is read
 * again from the disk). `.net` files on disk are watched for the imported ones: the document builder
 * takes in a change of a file it holds or that a file it holds imports, and ignores the others.
 * Route files (`routes from "FILE"`, named `*.routes`) are watched too, and a change is given to the
 * documents that read them (net-route-files.ts), never made a document of its own.
 */
export class NetDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
    private readonly textDocuments: LangiumSharedServices['workspace']['TextDocuments'];

    constructor(shared: LangiumSharedServices) {
        super(shared);
        this.textDocuments = shared.workspace.TextDocuments;
    }

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const uri = change.document.uri;
        this.cancelPending(uri);
        const wait = Math.min(MAX_WAIT_MS, Math.floor(change.document.lineCount / LINES_PER_MS));
        if (wait === 0) {
            this.fireDocumentUpdate([URI.parse(uri)], []);
            return;
        }
        this.pending.set(
            uri,
            setTimeout(() => {
                this.pending.delete(uri);
                this.fireDocumentUpdate([URI.parse(uri)], []);
            }, wait)
        );
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        this.cancelPending(event.document.uri);
        this.fireDocumentUpdate([], [URI.parse(event.document.uri)]);
    }

    protected override getWatchers(): FileSystemWatcher[] {
        return [{ globPattern: '**/*.net' }, { globPattern: '**/*.routes' }];
    }

    /**
     * A file open in the editor is the editor's text, whatever happens to it on disk: only the others'
     * changes are taken in. A route file is no document: only the listeners hear of it (net-route-files.ts).
     */
    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        const open = new Set(this.textDocuments.all().map((document) => document.uri));
        const changes = params.changes.filter((change) => change.type !== FileChangeType.Deleted || !open.has(change.uri));
        const routeFiles = changes.filter((change) => change.uri.endsWith(ROUTE_FILE));
        if (routeFiles.length > 0) this.onWatchedFilesChangeEmitter.fire({ changes: routeFiles });
        const others = changes.filter((change) => !change.uri.endsWith(ROUTE_FILE));
        if (others.length > 0) super.didChangeWatchedFiles({ changes: others });
    }

    private cancelPending(uri: string): void {
        clearTimeout(this.pending.get(uri));
        this.pending.delete(uri);
    }
}
