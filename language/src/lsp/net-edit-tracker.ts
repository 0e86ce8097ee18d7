import { OperationCancelled, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { CancellationToken, Disposable } from 'vscode-languageserver';

/**
 * Which open documents the builder has not yet taken the editor's latest text of. An edit reaches
 * the builder only once typing pauses (NetDocumentUpdateHandler) and through the workspace lock,
 * so for a while a document stays Validated with an older text. Requests (and the simulator's
 * push) that must answer for the editor's text wait for the update that takes the edit in (an
 * event of the builder), then for its build: no text comparison, no timeout.
 */
export class EditTracker {
    /** The editor's version of each open document when the builder last took it in. */
    private readonly taken = new Map<string, number>();

    constructor(private readonly shared: LangiumSharedServices) {
        const documents = shared.workspace.TextDocuments;
        shared.workspace.DocumentBuilder.onUpdate((changed, deleted) => {
            for (const uri of changed) {
                const version = documents.get(uri)?.version;
                if (version === undefined) this.taken.delete(uri.toString());
                else this.taken.set(uri.toString(), version);
            }
            for (const uri of deleted) this.taken.delete(uri.toString());
        });
        documents.onDidClose((event) => this.taken.delete(URI.parse(event.document.uri).toString()));
    }

    /** Whether the editor holds a text of `uri` the builder has not started from yet. */
    isBehind(uri: URI): boolean {
        const version = this.shared.workspace.TextDocuments.get(uri)?.version;
        return version !== undefined && version !== this.taken.get(uri.toString());
    }

    /** Resolves once the builder takes in the editor's text of `uri` (rejects with OperationCancelled on `token`). */
    takenIn(uri: URI, token: CancellationToken): Promise<void> {
        if (!this.isBehind(uri)) return Promise.resolve();
        return new Promise((resolve, reject) => {
            const listeners: Disposable[] = [];
            const settle = (end: () => void) => {
                listeners.forEach((listener) => listener.dispose());
                end();
            };
            listeners.push(
                this.shared.workspace.DocumentBuilder.onUpdate(() => {
                    if (!this.isBehind(uri)) settle(resolve);
                })
            );
            listeners.push(token.onCancellationRequested(() => settle(() => reject(OperationCancelled))));
        });
    }
}
