import { DefaultLexer, type LexerResult, type TokenizeOptions } from 'langium';
import { sizeBudgetProblem } from './net-size-budget.js';

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Langium's lexer, before which two things are settled. A text over the size budget is not read
 * at all: it lexes to no tokens and one error on its first line that says why (net-size-budget.ts),
 * so the parser, linker and checks have nothing to do. A leading byte order mark is blank, as it
 * is for an editor (which strips it before the server sees the text) and for the CLI: it is lexed
 * as a space, so every offset stays that of the text.
 */
export class NetLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const problem = sizeBudgetProblem(text);
        if (problem !== undefined) {
            const firstLine = text.search(/\r?\n/);
            return {
                tokens: [],
                hidden: [],
                errors: [{ offset: 0, line: 1, column: 1, length: firstLine < 0 ? 1 : Math.max(1, firstLine), message: problem }]
            };
        }
        return super.tokenize(text.startsWith(BYTE_ORDER_MARK) ? ` ${text.slice(1)}` : text, options);
    }
}
