import { isHostShape } from '../shapes/docker-shapes.js';
import {
    AstUtils,
    CstUtils,
    DefaultReferences,
    stream,
    type AstNode,
    type AstNodeLocator,
    type CstNode,
    type FindReferencesOptions,
    type LangiumCoreServices,
    type ReferenceDescription,
    type Stream
} from 'langium';
import * as ast from '../generated/ast.js';
import { interfaceMentions, mentionedInterface, qualifiedParts, within } from './net-names.js';

/**
 * References as a network engineer reads them. Beyond Langium's cross-references, `dev IFNAME`
 * and the interface word of `sysctl net.ipv4.conf.IFNAME.KEY` name an interface of their node; and
 * `NODE.IFNAME` names the node with its first word and the interface with its second. Every
 * reference found has the range of exactly the word that spells the name, so go to definition,
 * highlights, find references and rename all agree.
 */
export class NetReferences extends DefaultReferences {
    private readonly locator: AstNodeLocator;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.locator = services.workspace.AstNodeLocator;
    }

    override findDeclarations(source: CstNode): AstNode[] {
        const mentioned = mentionedInterface(source);
        if (mentioned) return [mentioned];
        const owner = source.astNode;
        const reference = ast.isInterface(owner) ? owner.peer : ast.isPingTarget(owner) ? owner.node : undefined;
        const parts = qualifiedParts(reference);
        if (parts && within(source, parts.node)) {
            const target = reference?.ref;
            return ast.isInterface(target) || isHostShape(target) ? [target.$container] : [];
        }
        return super.findDeclarations(source);
    }

    override findReferences(target: AstNode, options: FindReferencesOptions): Stream<ReferenceDescription> {
        const found = super
            .findReferences(target, options)
            .map((reference) => this.narrowed(reference, target))
            .toArray();
        if (ast.isInterface(target)) {
            found.push(...interfaceMentions(target).map((mention) => this.describe(mention, target)));
        } else if (ast.isNode(target)) {
            // `NODE.IFNAME` references point at the interface (or the shape whose bridge it is); their first word names the node.
            for (const iface of target.members.filter((member) => ast.isInterface(member) || isHostShape(member))) {
                const references = super.findReferences(iface, { ...options, includeDeclaration: false });
                found.push(...references.map((reference) => this.narrowed(reference, target)).filter((reference) => reference !== undefined));
            }
        }
        return stream(found.filter((reference): reference is ReferenceDescription => reference !== undefined));
    }

    /** A `NODE.IFNAME` reference (in any file of the lab) cut down to the word naming `target` (the node or the interface). */
    private narrowed(reference: ReferenceDescription, target: AstNode): ReferenceDescription | undefined {
        if (reference.segment.length === 0) return reference;
        const root = this.documents.getDocument(reference.sourceUri)?.parseResult.value.$cstNode;
        const first = root && CstUtils.findLeafNodeAtOffset(root, reference.segment.offset);
        const last = root && CstUtils.findLeafNodeAtOffset(root, reference.segment.end - 1);
        if (!first || !last || first === last) return reference;
        const word = ast.isNode(target) ? first : last;
        // Field by field: a description's paths may be getters, which a spread would leave behind.
        const { sourceUri, sourcePath, targetUri, targetPath, local } = reference;
        return { sourceUri, sourcePath, targetUri, targetPath, local, segment: segmentOf(word) };
    }

    private describe(word: CstNode, target: AstNode): ReferenceDescription {
        const document = AstUtils.getDocument(target);
        return {
            sourceUri: document.uri,
            sourcePath: this.locator.getAstNodePath(word.astNode),
            targetUri: document.uri,
            targetPath: this.locator.getAstNodePath(target),
            segment: segmentOf(word),
            local: true
        };
    }
}

function segmentOf(node: CstNode): ReferenceDescription['segment'] {
    return { offset: node.offset, length: node.length, end: node.end, range: node.range };
}
