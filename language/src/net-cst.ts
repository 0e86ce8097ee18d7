import { LeafCstNodeImpl, RootCstNodeImpl } from 'langium';
import type { Range } from 'vscode-languageserver';
import type { TokenType } from 'chevrotain';

/**
 * The root of a parse's CST, which answers where an offset is (line and character) from the start
 * offset of each line, found once, when a range is first asked for. Chevrotain counts a line break
 * at each `\n` (a lone `\r` is no token of the grammar, so it never breaks a line).
 */
export class NetRootCstNode extends RootCstNodeImpl {
    private lineStarts?: Uint32Array;

    /** The range `length` characters long from `offset`, on one line, as Chevrotain gives a token's. */
    rangeAt(offset: number, length: number): Range {
        const starts = (this.lineStarts ??= lineStarts(this.fullText));
        let low = 0;
        let high = starts.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (starts[middle] <= offset) low = middle;
            else high = middle - 1;
        }
        const character = offset - starts[low];
        return { start: { line: low, character }, end: { line: low, character: character + length } };
    }
}

function lineStarts(text: string): Uint32Array {
    let count = 1;
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
    const starts = new Uint32Array(count);
    let line = 1;
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts[line++] = index + 1;
    return starts;
}

/**
 * A CST leaf (a token's place in the text) that computes its range from its offset when asked,
 * instead of holding three objects for it: most leaves' ranges are never read (only those a
 * diagnostic, a hover or an edit lands on), and at 10,000 hosts the held ones took 35 MiB.
 */
export class NetLeafCstNode extends LeafCstNodeImpl {
    constructor(offset: number, length: number, tokenType: TokenType, hidden: boolean) {
        super(offset, length, undefined as unknown as Range, tokenType, hidden);
    }

    override get range(): Range {
        return (this.root as NetRootCstNode).rangeAt(this.offset, this.length);
    }
}
