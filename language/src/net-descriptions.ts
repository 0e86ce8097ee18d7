import {
    AstUtils,
    CstUtils,
    DefaultAstNodeDescriptionProvider,
    DefaultReferenceDescriptionProvider,
    UriUtils,
    isReference,
    type AstNode,
    type AstNodeDescription,
    type AstNodeLocator,
    type CstNode,
    type DocumentSegment,
    type LangiumDocument,
    type ReferenceDescription,
    type ReferenceInfo,
    type URI
} from 'langium';

/**
 * Descriptions of the names a file defines (one per node, switch and interface: what references
 * link to, and what the outline and the index list), each holding only its node, name and document.
 * Langium's keep, for each name, two closures, a path and a segment with its range computed
 * ahead, in an object its getters leave in dictionary mode: about 1 KB a name, 20 MiB at 10,000
 * hosts. Here the path and the segments are read from the node when asked (the tree does not
 * change under a description: an edit makes a new tree and new descriptions).
 */
export class NetAstNodeDescriptionProvider extends DefaultAstNodeDescriptionProvider {
    override createDescription(node: AstNode, name: string | undefined, document?: LangiumDocument): AstNodeDescription {
        const known = name ?? this.nameProvider.getName(node);
        if (!known) throw new Error(`Node at path ${this.astNodeLocator.getAstNodePath(node)} has no name.`);
        return new NetNodeDescription(node, known, (document ?? AstUtils.getDocument(node)).uri, this);
    }

    /** Where the description's node is in its document, as Langium's locator writes it. */
    pathOf(node: AstNode): string {
        return this.astNodeLocator.getAstNodePath(node);
    }

    /** The text of the node's name, else of the whole node. */
    nameSegmentOf(node: AstNode): DocumentSegment | undefined {
        return CstUtils.toDocumentSegment(this.nameProvider.getNameNode(node) ?? node.$cstNode);
    }
}

class NetNodeDescription implements AstNodeDescription {
    constructor(
        readonly node: AstNode,
        readonly name: string,
        readonly documentUri: URI,
        private readonly provider: NetAstNodeDescriptionProvider
    ) {}

    get type(): string {
        return this.node.$type;
    }

    get path(): string {
        return this.provider.pathOf(this.node);
    }

    get nameSegment(): DocumentSegment | undefined {
        return this.provider.nameSegmentOf(this.node);
    }

    get selectionSegment(): DocumentSegment | undefined {
        return CstUtils.toDocumentSegment(this.node.$cstNode);
    }
}

/**
 * The index's descriptions of a file's references (what find references and rename read), each
 * holding the reference's node, syntax and target: Langium's hold both paths as strings and the
 * segment with its range computed ahead (about 600 bytes a reference, 6 MiB at 10,000 hosts).
 * Here the paths and the segment are computed when read, as the name descriptions do.
 */
export class NetReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    protected override createInfoDescriptions(refInfo: ReferenceInfo): ReferenceDescription[] {
        const reference = refInfo.reference;
        // A cross-reference of this language names one target (no multi-references in the grammar).
        if (!isReference(reference) || reference.error || !reference.$refNode || !reference.$nodeDescription) return [];
        const sourceUri = AstUtils.getDocument(refInfo.container).uri;
        return [new NetReferenceDescription(sourceUri, refInfo.container, reference.$refNode, reference.$nodeDescription, this.nodeLocator)];
    }
}

class NetReferenceDescription implements ReferenceDescription {
    readonly targetUri: URI;
    readonly local: boolean;

    constructor(
        readonly sourceUri: URI,
        private readonly source: AstNode,
        private readonly syntax: CstNode,
        private readonly target: AstNodeDescription,
        private readonly locator: AstNodeLocator
    ) {
        this.targetUri = target.documentUri;
        this.local = UriUtils.equals(target.documentUri, sourceUri);
    }

    get sourcePath(): string {
        return this.locator.getAstNodePath(this.source);
    }

    get targetPath(): string {
        return this.target.path;
    }

    get segment(): DocumentSegment {
        return CstUtils.toDocumentSegment(this.syntax);
    }
}
