import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { PingRun } from './checks/ping-checks.js';
import type { Topology as TopologyAst } from './generated/ast.js';
import { compileNetwork, type Network } from './engine/network.js';
import { buildTopology, type BuiltTopology } from './build-topology.js';
import type { NetDocument, NetLabs } from './net-labs.js';
import type { NetRouteFiles } from './net-route-files.js';

/** A lab's topology model (built from its files' parses), where each model object is written, and its compiled network. */
export interface DocumentModel extends BuiltTopology {
    readonly network: Network;
}

/** A document with what its current parse was built into: what the views are made from. */
export interface ModelledDocument extends DocumentModel {
    readonly document: LangiumDocument<TopologyAst>;
    /** The lab's `ping` statements, simulated. */
    readonly pingRuns: readonly PingRun[];
}

/** A document, or the root of its parse (what the validator is handed). */
export type ParsedDocument = LangiumDocument<TopologyAst> | TopologyAst;

/** The root of the parse a document holds now. */
export function parseRoot(document: ParsedDocument): TopologyAst {
    return 'parseResult' in document ? document.parseResult.value : document;
}

/** The document of a parse's root (or the document itself). */
export function documentOf(document: ParsedDocument): NetDocument {
    return 'parseResult' in document ? document : (document.$document as NetDocument);
}

/**
 * The origins of a lab's model that are written in `document`: what a file may place (diagnostics,
 * fix edits, a view's ranges), since a range of another file's line means nothing in this one.
 */
export function originsIn(document: LangiumDocument, origins: ReadonlyMap<object, AstNode>): ReadonlyMap<object, AstNode> {
    return new Map([...origins].filter(([, node]) => AstUtils.getDocument(node) === document));
}

/** A lab's model and the parses it was built from. */
interface LabModel {
    readonly roots: readonly TopologyAst[];
    /** Each root's route files as read (files read again, changed on disk, make a new model). */
    readonly loads: readonly ReturnType<NetRouteFiles['loads']>[];
    readonly model: DocumentModel;
}

/**
 * The service that builds each lab's model once, for the validator, the providers, the views and
 * the CLI alike. A document's model is the model of its lab: of the lab whose entry it is, or, for a
 * file other files import, of its first entry's (see net-labs.ts). Entries are keyed by the entry's
 * parse root and hold the roots the model was built from: an edit of any file of the lab makes a new
 * root (so a new model, built from the others' cached parses), and a document Langium lets go of
 * takes its entry with it.
 */
export class NetDocumentModels {
    private readonly models = new WeakMap<TopologyAst, LabModel>();

    constructor(
        private readonly labs: NetLabs,
        private readonly routeFiles: NetRouteFiles
    ) {}

    /** The model of the lab a document is shown in: its first entry's. */
    get(document: ParsedDocument): DocumentModel {
        const own = documentOf(document);
        if (!own) return this.ofEntryRoots([parseRoot(document)]);
        return this.ofEntry(this.labs.entriesOf(own)[0]);
    }

    /** The model of the lab whose entry is `entry`. */
    ofEntry(entry: NetDocument): DocumentModel {
        return this.ofEntryRoots(this.labs.lab(entry).map((member) => member.parseResult.value));
    }

    /** The model of the files whose roots these are, the entry's last; built again when one of their route files was read again. */
    private ofEntryRoots(roots: readonly TopologyAst[]): DocumentModel {
        const key = roots[roots.length - 1];
        const loads = roots.map((root) => this.routeFiles.loads(root));
        const cached = this.models.get(key);
        const same = (index: number) => cached?.roots[index] === roots[index] && cached.loads[index] === loads[index];
        if (cached && cached.roots.length === roots.length && roots.every((_, index) => same(index))) return cached.model;
        const built = buildTopology(roots, (line) => {
            for (const fileLoads of loads) {
                const load = fileLoads.get(line);
                if (load) return 'dump' in load ? load.dump : undefined;
            }
            return undefined;
        });
        const model = { ...built, network: compileNetwork(built.topology) };
        this.models.set(key, { roots, loads, model });
        return model;
    }
}
