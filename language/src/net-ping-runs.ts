import { runPings, type PingRun } from './checks/ping-checks.js';
import type { DocumentModel, NetDocumentModels, ParsedDocument } from './net-document.js';

/**
 * The service that simulates a document's `ping` statements once per parse: the validator, the
 * code lenses, the hovers and the simulator's view all read the same runs. Keyed by the parse's
 * model ({@link NetDocumentModels}: one per parse, and a new one when its route files are read
 * again), so an edit simulates afresh and a freed document frees them.
 */
export class NetPingRuns {
    private readonly runs = new WeakMap<DocumentModel, readonly PingRun[]>();

    constructor(private readonly models: NetDocumentModels) {}

    get(document: ParsedDocument): readonly PingRun[] {
        const model = this.models.get(document);
        let runs = this.runs.get(model);
        if (!runs) {
            runs = runPings(model.network);
            this.runs.set(model, runs);
        }
        return runs;
    }
}
