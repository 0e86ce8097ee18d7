import { URI } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Lines per millisecond of wait: a big file's parse takes about 20 µs a line and cannot be interrupted. */
const LINES_PER_MS = 250;
const MAX_WAIT_MS = 200;

/**
 * Rebuilds a document after an edit once typing pauses, for a time that grows with the file. A
 * build cannot be interrupted while it parses, so on a big lab every keystroke would start a parse
 * that the next one has to wait for; waiting a fraction of a parse first lets a burst of keystrokes
 * cost one build. Small files (under 250 lines) are rebuilt at once, as Langium does.
 */
export class NetDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

    override didChangeContent(change: TextDocumentChangeEvent<TextDocument>): void {
        const uri = change.document.uri;
        clearTimeout(this.pending.get(uri));
        const wait = Math.min(MAX_WAIT_MS, Math.floor(change.document.lineCount / LINES_PER_MS));
        if (wait === 0) {
            this.pending.delete(uri);
            this.fireDocumentUpdate([URI.parse(uri)], []);
            return;
        }
        this.pending.set(uri, setTimeout(() => {
            this.pending.delete(uri);
            this.fireDocumentUpdate([URI.parse(uri)], []);
        }, wait));
    }
}
