import { runPings, type PingRun } from './checks/ping-checks.js';
import type { DocumentModel, NetDocumentModels, ParsedDocument } from './net-document.js';

/**
 * The service that simulates a lab's `ping` statements once per model: the validator, the code
 * lenses, the hovers and the simulator's view all read the same runs. Keyed by the lab's model, like
 * {@link NetDocumentModels}, so an edit of any of its files (or a route file read again) simulates
 * afresh and a freed model frees them.
 */
export class NetPingRuns {
    private readonly runs = new WeakMap<DocumentModel, readonly PingRun[]>();

    constructor(private readonly models: NetDocumentModels) {}

    /** The runs of the lab a document is shown in. */
    get(document: ParsedDocument): readonly PingRun[] {
        return this.ofModel(this.models.get(document));
    }

    ofModel(model: DocumentModel): readonly PingRun[] {
        let runs = this.runs.get(model);
        if (!runs) {
            runs = runPings(model.network);
            this.runs.set(model, runs);
        }
        return runs;
    }
}
