import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CstNode, type Reference } from 'langium';
import * as ast from '../generated/ast.js';

/**
 * Where the language names things outside Langium's cross-references, so that navigation,
 * references and rename treat them alike: `dev IFNAME` in a route, the interface word of
 * `sysctl net.ipv4.conf.IFNAME.KEY`, and the two parts of a `NODE.IFNAME` reference.
 */

/** The first interface of `node` with this name (later ones are duplicates the validator reports). */
export function interfaceOf(node: ast.Node | undefined, name: string | undefined): ast.Interface | undefined {
    if (!node || !name) return undefined;
    return node.members.find((member): member is ast.Interface => ast.isInterface(member) && member.name === name);
}

/** The word tokens of a CST node, without the dots between them. */
export function words(node: CstNode | undefined): CstNode[] {
    if (!node) return [];
    return CstUtils.flattenCst(node)
        .filter((leaf) => !leaf.hidden && leaf.text !== '.')
        .toArray();
}

/** The leaf naming the interface in `net.ipv4.conf.IFNAME.KEY`, if the key has that shape. */
export function sysctlInterfaceLeaf(sysctl: ast.Sysctl): CstNode | undefined {
    const parts = words(GrammarUtils.findNodeForProperty(sysctl.$cstNode, 'key'));
    if (parts.length !== 5 || parts[0].text !== 'net' || parts[1].text !== 'ipv4' || parts[2].text !== 'conf') return undefined;
    return parts[3];
}

/** The syntax of the interface name in `dev IFNAME`. */
export function devLeaf(dev: ast.Dev): CstNode | undefined {
    return GrammarUtils.findNodeForProperty(dev.$cstNode, 'device');
}

/** The two parts of a `NODE.IFNAME` reference, or undefined for a one-word reference. */
export function qualifiedParts(reference: Reference | undefined): { node: CstNode; iface: CstNode } | undefined {
    const parts = words(reference?.$refNode);
    return parts.length === 2 ? { node: parts[0], iface: parts[1] } : undefined;
}

/** Whether `leaf` lies inside `node` (or is it). */
export function within(leaf: CstNode, node: CstNode | undefined): boolean {
    return node !== undefined && leaf.offset >= node.offset && leaf.end <= node.end;
}

/** `dev` uses and `sysctl net.ipv4.conf.IF.*` keys naming `iface` in its node: the syntax that spells its name. */
export function interfaceMentions(iface: ast.Interface): CstNode[] {
    const mentions: CstNode[] = [];
    for (const member of iface.$container.members) {
        if (ast.isRoute(member)) {
            for (const option of member.options) {
                if (ast.isDev(option) && option.device === iface.name) {
                    const leaf = devLeaf(option);
                    if (leaf) mentions.push(leaf);
                }
            }
        } else if (ast.isSysctl(member)) {
            const leaf = sysctlInterfaceLeaf(member);
            if (leaf?.text === iface.name) mentions.push(leaf);
        }
    }
    return mentions;
}

/** The interface a leaf names outside cross-references (`dev IF`, a sysctl key), if any. */
export function mentionedInterface(leaf: CstNode): ast.Interface | undefined {
    const owner = leaf.astNode;
    if (ast.isDev(owner) && within(leaf, devLeaf(owner)) && ast.isRoute(owner.$container)) return interfaceOf(owner.$container.$container, owner.device);
    if (ast.isSysctl(owner) && ast.isNode(owner.$container) && within(leaf, sysctlInterfaceLeaf(owner))) return interfaceOf(owner.$container, leaf.text);
    return undefined;
}

/** Names a node, switch or interface may take: the grammar's ID, and not a keyword. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The syntax of a switch's, node's or interface's name: among the direct children of its syntax
 * (Langium's findNodeForProperty searches the whole subtree, a whole node block for a node).
 */
export function nameSyntax(node: AstNode): CstNode | undefined {
    let syntax = node.$cstNode;
    while (isCompositeCstNode(syntax)) {
        const name = syntax.content.find(
            (child) => !child.hidden && AstUtils.getContainerOfType(child.grammarSource, GrammarAST.isAssignment)?.feature === 'name'
        );
        if (name) return name;
        // A statement's syntax may wrap the rule's own (`Statement: Switch | Node | Ping`).
        const inner = syntax.content.filter((child) => !child.hidden);
        syntax = inner.length === 1 && inner[0].astNode === node ? inner[0] : undefined;
    }
    return undefined;
}
