import type { LangiumDocument } from 'langium';
import type { Topology as TopologyAst } from './generated/ast.js';
import { compileNetwork, type Network } from './engine/network.js';
import { buildTopology, type BuiltTopology } from './model/build-topology.js';

interface DocumentModel extends BuiltTopology {
    readonly network: Network;
}

const models = new WeakMap<TopologyAst, DocumentModel>();

/**
 * The topology model and compiled network of a parsed document, built once per parse and
 * shared by the validator, the CLI and (later) the language server's other features.
 */
export function documentModel(document: LangiumDocument<TopologyAst> | TopologyAst): DocumentModel {
    const root = 'parseResult' in document ? document.parseResult.value : document;
    let model = models.get(root);
    if (!model) {
        const built = buildTopology(root);
        model = { ...built, network: compileNetwork(built.topology) };
        models.set(root, model);
    }
    return model;
}
