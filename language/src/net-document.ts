import type { LangiumDocument } from 'langium';
import type { PingRun } from './checks/ping-checks.js';
import type { Topology as TopologyAst } from './generated/ast.js';
import { compileNetwork, type Network } from './engine/network.js';
import { buildTopology, type BuiltTopology } from './build-topology.js';
import type { NetRouteFiles } from './net-route-files.js';

/** A parsed document's topology model, where each model object is written, and its compiled network. */
export interface DocumentModel extends BuiltTopology {
    readonly network: Network;
}

/** A document with what its current parse was built into: what the views are made from. */
export interface ModelledDocument extends DocumentModel {
    readonly document: LangiumDocument<TopologyAst>;
    /** The document's `ping` statements, simulated. */
    readonly pingRuns: readonly PingRun[];
}

/** A document, or the root of its parse (what the validator is handed). */
export type ParsedDocument = LangiumDocument<TopologyAst> | TopologyAst;

/** The root of the parse a document holds now. */
export function parseRoot(document: ParsedDocument): TopologyAst {
    return 'parseResult' in document ? document.parseResult.value : document;
}

/**
 * The service that builds each parse's model once, for the validator, the providers, the views
 * and the CLI alike. Entries are keyed by the parse's root: an edit makes a new root (so a new
 * model), and a document Langium lets go of takes its entry with it.
 */
export class NetDocumentModels {
    /** Each parse's model, with the route files it was built from: files read again (changed on disk) make a new model. */
    private readonly models = new WeakMap<TopologyAst, { readonly loads: ReturnType<NetRouteFiles['loads']>; readonly model: DocumentModel }>();

    constructor(private readonly routeFiles: NetRouteFiles) {}

    get(document: ParsedDocument): DocumentModel {
        const root = parseRoot(document);
        const loads = this.routeFiles.loads(root);
        let entry = this.models.get(root);
        if (!entry || entry.loads !== loads) {
            const built = buildTopology(root, (line) => {
                const load = loads.get(line);
                return load && 'dump' in load ? load.dump : undefined;
            });
            entry = { loads, model: { ...built, network: compileNetwork(built.topology) } };
            this.models.set(root, entry);
        }
        return entry.model;
    }
}
