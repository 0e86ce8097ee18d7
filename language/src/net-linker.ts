import {
    AstUtils,
    DefaultLinker,
    DocumentState,
    RefResolving,
    isAstNode,
    isAstNodeDescription,
    isLinkingError,
    type AstNode,
    type AstNodeDescription,
    type CstNode,
    type LinkingError,
    type Reference,
    type ReferenceInfo
} from 'langium';

/** What each kind of reference can name, in the words of the error message. */
const referenceNouns: Record<string, string> = {
    Linkable: 'switch or interface (NODE.IFNAME)',
    Node: 'host, router or container',
    Pingable: 'host, router or interface (NODE.IFNAME)'
};

/** Linking with error messages that say what kind of name was expected, and references that hold little. */
export class NetLinker extends DefaultLinker {
    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        const noun = referenceNouns[this.reflection.getReferenceType(refInfo)] ?? 'name';
        return { ...error, message: `unknown ${noun} '${refInfo.reference.$refText}'` };
    }

    override buildReference(node: AstNode, property: string, refNode: CstNode | undefined, refText: string): Reference {
        return new NetReference(this, node, property, refNode, refText);
    }

    /** What a reference asks of the linker when it is read before the linking phase, or after a candidate was found. */
    resolve(reference: NetReference): void {
        const refInfo = { reference, container: reference.container, property: reference.property };
        if (isAstNodeDescription(reference._nodeDescription)) {
            // A candidate has been found before, but it is not loaded yet.
            reference._ref = this.loadAstNode(reference._nodeDescription) ?? this.createLinkingError(refInfo, reference._nodeDescription);
            return;
        }
        reference._ref = RefResolving;
        const document = AstUtils.findRootNode(reference.container).$document;
        const linked = this.getLinkedNode(refInfo);
        if (linked.error && document && document.state < DocumentState.ComputedScopes) {
            // The document's scopes are not ready: leave it unlinked, to be linked later.
            reference._ref = undefined;
            return;
        }
        reference._ref = linked.node ?? linked.error;
        reference._nodeDescription = linked.descr;
        document?.references.push(reference);
    }

    cyclic(reference: NetReference): never {
        return this.throwCyclicReferenceError(reference.container, reference.property, reference.$refText);
    }
}

/**
 * A cross-reference, as Langium's linker builds it and with the same behaviour, but as an instance
 * of a class: Langium's is an object literal with three getters closing over its arguments, which
 * V8 keeps in dictionary mode (about 700 bytes a reference, 7 MiB at 10,000 hosts; this is 80).
 * Langium's linker reads and writes `_ref` and `_nodeDescription` itself.
 */
class NetReference implements Reference {
    _ref: AstNode | LinkingError | typeof RefResolving | undefined = undefined;
    _nodeDescription: AstNodeDescription | undefined = undefined;

    constructor(
        private readonly linker: NetLinker,
        readonly container: AstNode,
        readonly property: string,
        readonly $refNode: CstNode | undefined,
        readonly $refText: string
    ) {}

    get ref(): AstNode | undefined {
        if (isAstNode(this._ref)) return this._ref;
        if (isAstNodeDescription(this._nodeDescription) || this._ref === undefined) this.linker.resolve(this);
        else if (this._ref === RefResolving) this.linker.cyclic(this);
        return isAstNode(this._ref) ? this._ref : undefined;
    }

    get $nodeDescription(): AstNodeDescription | undefined {
        return this._nodeDescription;
    }

    get error(): LinkingError | undefined {
        return isLinkingError(this._ref) ? this._ref : undefined;
    }
}
