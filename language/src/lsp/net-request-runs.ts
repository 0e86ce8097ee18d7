import { URI } from 'langium';
import { CancellationTokenSource, type CancellationToken } from 'vscode-languageserver';
import type { LangiumSharedServices } from 'langium/lsp';

/** One long request about one document: cancelled by its client, by a newer one, or by an edit once it computes. */
export interface Run {
    readonly token: CancellationToken;
    /** From now on an edit of the document cancels the run (before, the run is waiting for that very edit's build). */
    computing(): void;
    /** The run is over: its slot is free. */
    end(): void;
}

/**
 * The long requests of one kind (the matrix) running per document. A new request for a document
 * cancels the one still running for it (the webview asks again; the old answer would be thrown
 * away), and an edit cancels a run that is computing over the old text.
 */
export class RequestRuns {
    private readonly running = new Map<string, { source: CancellationTokenSource; computing: boolean }>();

    constructor(shared: LangiumSharedServices) {
        shared.workspace.DocumentBuilder.onUpdate((changed) => {
            for (const uri of changed) {
                const run = this.running.get(uri.toString());
                if (run?.computing) run.source.cancel();
            }
        });
    }

    /** A run for the request's `uri` (checked by the request itself: any other value shares one slot). */
    start(uri: unknown, requestToken: CancellationToken): Run {
        const key = typeof uri === 'string' ? URI.parse(uri).toString() : '';
        this.running.get(key)?.source.cancel();
        const run = { source: new CancellationTokenSource(), computing: false };
        this.running.set(key, run);
        const listener = requestToken.onCancellationRequested(() => run.source.cancel());
        if (requestToken.isCancellationRequested) run.source.cancel();
        return {
            token: run.source.token,
            computing: () => {
                run.computing = true;
            },
            end: () => {
                listener.dispose();
                run.source.dispose();
                if (this.running.get(key) === run) this.running.delete(key);
            }
        };
    }
}
