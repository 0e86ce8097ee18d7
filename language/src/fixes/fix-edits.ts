import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix, FixChange } from '../checks/finding.js';
import * as ast from '../generated/ast.js';
import { isShape, isShapeNode } from '../shapes/docker-shapes.js';

/**
 * Fixes as text edits: each change of a {@link Fix} placed in the file the way a person would
 * write it (a new line after the node's other routes, with their indentation; a sysctl's value
 * rewritten in place), keeping every other character, comments included.
 */
export function fixEdits(fix: Fix, document: LangiumDocument<ast.Topology>, origins: ReadonlyMap<object, AstNode>): TextEdit[] {
    const source = new SourceText(document);
    return fix.changes.flatMap((change) => changeEdits(change, source, origins));
}

/** The document's text with the line arithmetic the edits need. */
class SourceText {
    readonly text: string;
    readonly eol: string;

    constructor(readonly document: LangiumDocument<ast.Topology>) {
        this.text = document.textDocument.getText();
        this.eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    }

    get root(): ast.Topology {
        return this.document.parseResult.value;
    }

    position(offset: number) {
        return this.document.textDocument.positionAt(offset);
    }

    range(start: number, end: number) {
        return { start: this.position(start), end: this.position(end) };
    }

    lineStart(offset: number): number {
        return this.text.lastIndexOf('\n', offset - 1) + 1;
    }

    /** The offset of the line break ending the line of `offset` (or the end of the text). */
    lineEnd(offset: number): number {
        const newline = this.text.indexOf('\n', offset);
        const end = newline < 0 ? this.text.length : newline;
        return end > 0 && this.text[end - 1] === '\r' ? end - 1 : end;
    }

    indentation(offset: number): string {
        return /^[ \t]*/.exec(this.text.slice(this.lineStart(offset)))![0];
    }
}

function changeEdits(change: FixChange, source: SourceText, origins: ReadonlyMap<object, AstNode>): TextEdit[] {
    switch (change.kind) {
        case 'add-route': {
            const node = nodeNamed(source, change.node);
            return node ? [addMember(source, node, `route ${change.route.text}`, ast.isRoute)] : [];
        }
        case 'set-sysctl': {
            const node = nodeNamed(source, change.node);
            if (!node) return [];
            const keys = [change.key, ...(change.aliases ?? [])];
            const existing = node.members
                .filter(ast.isSysctl)
                .filter((sysctl) => keys.includes(sysctl.key))
                .pop();
            const value = existing && GrammarUtils.findNodeForProperty(existing.$cstNode, 'value');
            if (value) return [{ range: value.range, newText: String(change.value) }];
            return [addMember(source, node, `sysctl ${change.key} = ${change.value}`, ast.isSysctl)];
        }
        case 'add-rule': {
            const node = nodeNamed(source, change.node);
            const before = change.before && origins.get(change.before);
            if (!node) return [];
            if (before?.$cstNode) return [insertBefore(source, node, before.$cstNode.offset, change.rule.text)];
            return [addMember(source, node, change.rule.text, 'chain' in change.rule ? ast.isFilter : ast.isNat)];
        }
        case 'remove': {
            const node = origins.get(change.subject);
            // A shape's core line is not written in the file: removing the shape would remove all of them; so is a route file's route.
            if (isShape(node) || ast.isRoutesFrom(node)) return [];
            return node?.$cstNode ? [removeStatement(source, node.$cstNode.offset, node.$cstNode.end)] : [];
        }
        case 'set-destination': {
            const destination = GrammarUtils.findNodeForProperty(origins.get(change.subject)?.$cstNode, 'destination');
            return destination ? [{ range: destination.range, newText: change.destination }] : [];
        }
        case 'bring-up': {
            const down = GrammarUtils.findNodeForProperty(origins.get(change.subject)?.$cstNode, 'down');
            if (!down) return [];
            // The blanks before `down` go with it: `eth0 10.0.0.1/24 -- lan down` becomes `eth0 10.0.0.1/24 -- lan`.
            let start = down.offset;
            while (start > 0 && (source.text[start - 1] === ' ' || source.text[start - 1] === '\t')) start--;
            return [{ range: source.range(start, down.end), newText: '' }];
        }
        case 'set-prefix-length': {
            const written = GrammarUtils.findNodesForProperty(origins.get(change.subject)?.$cstNode, 'addresses')[change.index];
            const slash = written?.text.indexOf('/') ?? -1;
            if (!written || slash < 0) return [];
            return [{ range: source.range(written.offset + slash + 1, written.end), newText: String(change.length) }];
        }
        case 'set-rule-out': {
            const nat = origins.get(change.subject);
            const out = ast.isNat(nat) ? nat.options.find((option) => ast.isDeviceMatch(option) && option.direction === 'out') : undefined;
            if (!out?.$cstNode) return [];
            return [{ range: out.$cstNode.range, newText: `out ${change.out.negated ? '!' : ''}${change.out.device}` }];
        }
    }
}

/** The first node of that name (a repeated name is an error; the model uses the first), if it has a block to add lines to (a container has none). */
function nodeNamed(source: SourceText, name: string): ast.Node | undefined {
    const node = source.root.statements.find((statement): statement is ast.Node => ast.isNode(statement) && statement.name === name);
    return node && isShapeNode(node) ? undefined : node;
}

/**
 * Inserts a member line into a node's block: after the last member of the same kind, else after
 * the last member, else as the block's first line, indented like its neighbours.
 */
function addMember(source: SourceText, node: ast.Node, line: string, sameKind: (member: ast.Member) => boolean): TextEdit {
    const members = node.members.filter((member) => member.$cstNode);
    const anchor = members.filter(sameKind).pop() ?? members.pop();
    const open = GrammarUtils.findNodeForKeyword(node.$cstNode, '{');
    const close = GrammarUtils.findNodeForKeyword(node.$cstNode, '}');
    const nodeIndent = source.indentation(node.$cstNode!.offset);
    // Members on the node's own line (`host A { eth0 ... }`) say nothing about indentation.
    const anchorOwnLine = anchor && source.lineStart(anchor.$cstNode!.offset) > (open?.offset ?? node.$cstNode!.offset);
    const indent = anchorOwnLine ? source.indentation(anchor.$cstNode!.offset) : `${nodeIndent}  `;
    const after = anchor?.$cstNode?.end ?? open?.end ?? node.$cstNode!.end;
    // A block written on one line (`host A { eth0 ... }`) is opened up; otherwise the line goes after the anchor's line, its comment included.
    if (close && source.lineStart(close.offset) <= after) {
        return { range: source.range(after, close.offset), newText: `${source.eol}${indent}${line}${source.eol}${nodeIndent}` };
    }
    const end = source.lineEnd(after);
    return { range: source.range(end, end), newText: `${source.eol}${indent}${line}` };
}

/**
 * Inserts a member line right before the member at `offset`, with its indentation; a member that
 * shares its line with the block's braces (`host A { filter ... }`) gets the block opened up.
 */
function insertBefore(source: SourceText, node: ast.Node, offset: number, line: string): TextEdit {
    const start = source.lineStart(offset);
    if (/^[ \t]*$/.test(source.text.slice(start, offset))) {
        return { range: source.range(start, start), newText: `${source.indentation(offset)}${line}${source.eol}` };
    }
    const indent = `${source.indentation(node.$cstNode!.offset)}  `;
    return { range: source.range(offset, offset), newText: `${source.eol}${indent}${line}${source.eol}${indent}` };
}

/** Removes a statement: its whole line when it stands alone there (a comment after it stays, on its own), else just its text. */
function removeStatement(source: SourceText, start: number, end: number): TextEdit {
    const lineStart = source.lineStart(start);
    const lineEnd = source.lineEnd(end);
    const alone = /^[ \t]*$/.test(source.text.slice(lineStart, start));
    const comment = /^[ \t]*#/.exec(source.text.slice(end, lineEnd));
    if (alone && comment) return { range: source.range(start, end + comment[0].length - 1), newText: '' };
    if (alone && /^[ \t]*$/.test(source.text.slice(end, lineEnd))) {
        const next = source.text.indexOf('\n', end);
        return { range: source.range(lineStart, next < 0 ? source.text.length : next + 1), newText: '' };
    }
    return { range: source.range(start, end), newText: '' };
}
