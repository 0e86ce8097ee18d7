import type { AstNode } from 'langium';
import type { DocumentModel, NetDocumentModels, ParsedDocument } from '../net-document.js';

/**
 * The service that finds the model object (node, interface, route, sysctl, switch, ping) built
 * from a piece of syntax: the reverse of the model's origins, built once per lab model (keyed by
 * the model: a new one when a file of the lab changes or its route files are read again; a freed
 * one frees it).
 */
export class NetModelIndex {
    private readonly index = new WeakMap<DocumentModel, ReadonlyMap<AstNode, object>>();

    constructor(private readonly models: NetDocumentModels) {}

    /** The model object of `node`, or undefined when the builder left it out (a duplicate name, a value that does not parse). */
    objectOf(document: ParsedDocument, node: AstNode): object | undefined {
        const model = this.models.get(document);
        let index = this.index.get(model);
        if (!index) {
            index = new Map([...model.origins].map(([object, syntax]) => [syntax, object]));
            this.index.set(model, index);
        }
        return index.get(node);
    }
}
