import { URI } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { DidChangeWatchedFilesParams, FileSystemWatcher, TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

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
 * A closed document leaves the server: the server holds only the editor's open documents (see
 * net-workspace-manager.ts), and Langium would keep a closed one, its AST, index entries and
 * model, until the server ends. Files on disk are not taken in, for the same reason; route files
 * (`routes from "FILE"`, named `*.routes`) are watched, and a change is given to the documents that
 * read them (net-route-files.ts), never made a document of its own.
 */
export class NetDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

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
        return [{ globPattern: '**/*.routes' }];
    }

    /** Tells the listeners (net-route-files.ts); Langium's default would make a document of every file changed. */
    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        this.onWatchedFilesChangeEmitter.fire(params);
    }

    private cancelPending(uri: string): void {
        clearTimeout(this.pending.get(uri));
        this.pending.delete(uri);
    }
}
