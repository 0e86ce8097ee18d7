import {
    AstUtils,
    createLangiumParser,
    GrammarAST,
    isLeafCstNode,
    type LeafCstNode,
    type CompositeCstNode,
    type RootCstNodeImpl,
    type CstNode,
    type LangiumCoreServices,
    type LangiumParser,
    type AstNode,
    type ParseResult,
    type ParserOptions
} from 'langium';
import type { IToken } from 'chevrotain';
import { NetLeafCstNode, NetRootCstNode } from './net-cst.js';
import { exactList } from './model/exact-lists.js';

/** The parts of Langium 4.2's parser and CST builder this file replaces (private there, hence the cast). */
interface ParserInternals {
    lexerResult?: { hidden: IToken[] };
    extractHiddenTokens(token: IToken): IToken[];
    doParse(rule: unknown): unknown;
    wrapper: { input: IToken[] };
    nodeBuilder: {
        readonly current: CompositeCstNode;
        rootNode: RootCstNodeImpl | undefined;
        nodeStack: CompositeCstNode[];
        addHiddenNodes(tokens: readonly IToken[]): void;
        buildRootNode(input: string): RootCstNodeImpl;
        buildLeafNode(token: IToken, feature?: GrammarAST.AbstractElement): LeafCstNode;
        construct(item: { $type: string | symbol | undefined; $cstNode: CstNode }): void;
    };
}

/**
 * The Langium parser, with its hidden-token (comment) work made linear in the file. Langium 4.2
 * puts a file's comments into the CST in two quadratic steps (upstream eclipse-langium/langium#1790):
 * before each token it removes the comments that precede it from the front of the array of all
 * comments (`splice(0, i)` moves every later one), and it finds the node they go before by
 * searching its parent's children from the first one, although that node is always the last child
 * (it was just created). 200,000 comment lines took 32 s. Here the comments are read with a cursor,
 * and the node is searched for from the end; large batches are inserted without spreading them
 * into arguments. The CST is the same: the same leaves, in the same places.
 */
export function createNetParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const internals = parser as unknown as ParserInternals;
    const builder = internals.nodeBuilder;
    // The comments of the parse in progress, and how many of them the CST has taken so far.
    let comments: IToken[] = [];
    let taken = 0;

    internals.extractHiddenTokens = (token) => {
        const hidden = internals.lexerResult!.hidden;
        if (hidden !== comments) {
            comments = hidden;
            taken = 0;
        }
        const first = taken;
        while (taken < hidden.length && hidden[taken].startOffset <= token.startOffset) taken++;
        return hidden.slice(first, taken);
    };

    // After the rules, Langium adds the comments still in its array (the trailing ones) to the CST:
    // drop those already taken, once.
    const doParse = internals.doParse.bind(parser);
    internals.doParse = (rule) => {
        const result = doParse(rule);
        if (comments === internals.lexerResult!.hidden) comments.splice(0, taken);
        comments = [];
        taken = 0;
        return result;
    };

    // Chevrotain keeps the token vector it was given, and the CST builder the root it built, until the
    // next parse: the last document's tokens (a third of its parse's memory) and, once that document
    // is closed, its whole tree. Neither is read after the parse, so both are let go of here. The
    // AST's lists, built by pushing, are made exact (model/exact-lists.ts).
    const parse = parser.parse.bind(parser);
    parser.parse = <T extends AstNode>(input: string, options?: ParserOptions): ParseResult<T> => {
        const result = parse<T>(input, options);
        internals.wrapper.input = [];
        builder.rootNode = undefined;
        builder.nodeStack = [];
        for (const node of AstUtils.streamAst(result.value)) {
            const properties = node as unknown as Record<string, unknown>;
            for (const key of Object.keys(node)) {
                const value = properties[key];
                if (Array.isArray(value)) properties[key] = exactList(value);
            }
        }
        return result;
    };

    // Leaves whose range is computed from their offset (net-cst.ts), under a root that knows the lines.
    builder.buildRootNode = (input) => {
        builder.rootNode = new NetRootCstNode(input);
        builder.rootNode.root = builder.rootNode;
        builder.nodeStack = [builder.rootNode];
        return builder.rootNode;
    };
    builder.buildLeafNode = (token, feature) => {
        const leaf = new NetLeafCstNode(token.startOffset, token.image.length, token.tokenType, !feature);
        leaf.grammarSource = feature;
        leaf.root = builder.rootNode!;
        builder.current.content.push(leaf);
        return leaf;
    };

    // A datatype rule's node whose only child is one token (`name=InterfaceName`, `Cidr`, a route's
    // destination) gives its place to that token, which takes the rule call as its grammar source:
    // the same text and range, the same assignment found above it, one node fewer (two in five of a
    // lab's rule nodes are such; at 10,000 hosts they took 11 MiB). The rule's value is converted
    // from the node before it is let go of. A cross-reference's node stays: the reference points at it.
    const construct = builder.construct.bind(builder);
    builder.construct = (item) => {
        const node = builder.current;
        construct(item);
        if (typeof item.$type === 'string' || node.content.length !== 1 || !GrammarAST.isRuleCall(node.grammarSource)) return;
        const [only] = node.content;
        const parent = node.container;
        if (!isLeafCstNode(only) || only.hidden || !parent || parent.content[parent.content.length - 1] !== node) return;
        (only as { grammarSource?: GrammarAST.AbstractElement }).grammarSource = node.grammarSource;
        parent.content.pop();
        parent.content.push(only);
    };

    builder.addHiddenNodes = (tokens) => {
        if (tokens.length === 0) return;
        const root = builder.rootNode!;
        const leaves = tokens.map((token) => {
            const leaf = new NetLeafCstNode(token.startOffset, token.image.length, token.tokenType, true);
            leaf.root = root;
            return leaf;
        });
        // Inside a node that has content, comments follow it; a node just created has none, so they go
        // before it, in the first ancestor where something precedes it (else at the file's start).
        let current = builder.current;
        if (current.content.length > 0) return insert(current.content, current.content.length, leaves);
        while (current.container) {
            const index = current.container.content.lastIndexOf(current);
            if (index > 0) return insert(current.container.content, index, leaves);
            current = current.container;
        }
        insert(root.content, 0, leaves);
    };
    return parser;
}

/**
 * Inserts `items` at `index`, in time linear in the items and in what follows the index (often
 * nothing). A CST node's children are Langium's own array, whose `push` and `splice` also set each
 * item's container (and whose `splice` needs its count).
 */
function insert(children: CstNode[], index: number, items: readonly CstNode[]): void {
    const after = children.splice(index, children.length - index);
    for (const item of items) children.push(item);
    for (const item of after) children.push(item);
}
