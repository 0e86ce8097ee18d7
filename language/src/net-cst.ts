import { AbstractCstNode, RootCstNodeImpl, type LeafCstNode } from 'langium';
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
 * A CST leaf (a token's place in the text), as Langium's but for two things. It computes its
 * range from its offset when asked, instead of holding three objects for it: most leaves' ranges
 * are never read (only those a diagnostic, a hover or an edit lands on), and at 10,000 hosts the
 * held ones took 35 MiB. And its offset and length are kept as small integers: Chevrotain's
 * tokens hold theirs as doubles (its end-of-file token has NaN for them), which copied as they
 * are would box each leaf's offset in a heap number of its own.
 */
export class NetLeafCstNode extends AbstractCstNode implements LeafCstNode {
    private readonly start: number;
    private readonly size: number;

    constructor(
        offset: number,
        length: number,
        readonly tokenType: TokenType,
        private readonly isHidden: boolean
    ) {
        super();
        this.start = offset | 0;
        this.size = length | 0;
    }

    get offset(): number {
        return this.start;
    }

    get length(): number {
        return this.size;
    }

    get end(): number {
        return this.start + this.size;
    }

    override get hidden(): boolean {
        return this.isHidden;
    }

    get range(): Range {
        return (this.root as NetRootCstNode).rangeAt(this.start, this.size);
    }
}
