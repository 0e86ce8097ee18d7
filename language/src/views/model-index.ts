import type { AstNode } from 'langium';
import type { Topology as TopologyAst } from '../generated/ast.js';
import { parseRoot, type NetDocumentModels, type ParsedDocument } from '../net-document.js';

/**
 * The service that finds the model object (node, interface, route, sysctl, switch, ping) built
 * from a piece of syntax: the reverse of the model's origins, built once per parse (keyed by the
 * parse's root, so a freed document frees it).
 */
export class NetModelIndex {
    private readonly index = new WeakMap<TopologyAst, ReadonlyMap<AstNode, object>>();

    constructor(private readonly models: NetDocumentModels) {}

    /** The model object of `node`, or undefined when the builder left it out (a duplicate name, a value that does not parse). */
    objectOf(document: ParsedDocument, node: AstNode): object | undefined {
        const root = parseRoot(document);
        let index = this.index.get(root);
        if (!index) {
            index = new Map([...this.models.get(root).origins].map(([object, syntax]) => [syntax, object]));
            this.index.set(root, index);
        }
        return index.get(node);
    }
}
