import type { LangiumDocument } from 'langium';
import type { FoldingRangeProvider } from 'langium/lsp';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import * as ast from '../generated/ast.js';

/** Folding: every node block (`host X {` to `}`) and every run of two or more comment lines. */
export class NetFoldingRangeProvider implements FoldingRangeProvider {
    getFoldingRanges(document: LangiumDocument): FoldingRange[] {
        const ranges: FoldingRange[] = [];
        for (const statement of (document.parseResult.value as ast.Topology).statements) {
            const range = statement.$cstNode?.range;
            // The closing brace stays visible, as editors fold blocks.
            if (ast.isNode(statement) && range && range.end.line > range.start.line) ranges.push({ startLine: range.start.line, endLine: range.end.line - 1 });
        }
        const lines = document.textDocument.getText().split('\n');
        for (let line = 0; line < lines.length; line++) {
            if (!isComment(lines[line])) continue;
            const start = line;
            while (line + 1 < lines.length && isComment(lines[line + 1])) line++;
            if (line > start) ranges.push({ startLine: start, endLine: line, kind: FoldingRangeKind.Comment });
        }
        return ranges;
    }
}

function isComment(line: string): boolean {
    return /^\s*#/.test(line);
}
