import { runPings, type PingRun } from './checks/ping-checks.js';
import type { Topology as TopologyAst } from './generated/ast.js';
import { parseRoot, type NetDocumentModels, type ParsedDocument } from './net-document.js';

/**
 * The service that simulates a document's `ping` statements once per parse: the validator, the
 * code lenses, the hovers and the simulator's view all read the same runs. Keyed by the parse's
 * root, like {@link NetDocumentModels}, so an edit simulates afresh and a freed document frees them.
 */
export class NetPingRuns {
    private readonly runs = new WeakMap<TopologyAst, readonly PingRun[]>();

    constructor(private readonly models: NetDocumentModels) {}

    get(document: ParsedDocument): readonly PingRun[] {
        const root = parseRoot(document);
        let runs = this.runs.get(root);
        if (!runs) {
            runs = runPings(this.models.get(root).network);
            this.runs.set(root, runs);
        }
        return runs;
    }
}
