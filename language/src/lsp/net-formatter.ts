import type { LangiumDocument, Lexer } from 'langium';
import type { Formatter, LangiumServices } from 'langium/lsp';
import type {
    DocumentFormattingParams,
    DocumentOnTypeFormattingOptions,
    DocumentRangeFormattingParams,
    FormattingOptions,
    Range,
    TextEdit
} from 'vscode-languageserver';

interface Token {
    readonly image: string;
    readonly type: string;
    readonly offset: number;
}

/**
 * The formatter. In this language a line is a statement, so it formats line by line and never
 * joins or splits lines: each line is indented by its brace depth and its tokens are separated by
 * one space (none before `,` or around the `.` of `NODE.IFNAME` and sysctl keys, one before a
 * comment). Runs of blank lines shrink to one, and trailing blank lines go. Every comment is kept
 * as written. A reformatted line must lex into exactly the tokens it had, or it is left alone; so
 * is a line the lexer cannot read.
 */
export class NetFormatter implements Formatter {
    private readonly lexer: Lexer;

    constructor(services: LangiumServices) {
        this.lexer = services.parser.Lexer;
    }

    formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
        return this.format(document, params.options, undefined);
    }

    formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        return this.format(document, params.options, params.range);
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }

    private format(document: LangiumDocument, options: FormattingOptions, range: Range | undefined): TextEdit[] {
        const text = document.textDocument.getText();
        const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
        const { byLine, unreadable } = this.tokensByLine(text);
        const indent = options.insertSpaces === false ? '\t' : ' '.repeat(options.tabSize || 2);
        const first = range?.start.line ?? 0;
        const last = range ? Math.min(range.end.line, lines.length - 1) : lines.length - 1;
        const lastContent = lines.reduce((found, line, index) => (line.trim() ? index : found), -1);
        const edits: TextEdit[] = [];
        let depth = 0;
        for (let line = 0; line < lines.length; line++) {
            const tokens = byLine.get(line) ?? [];
            const closes = tokens[0]?.image === '}' ? 1 : 0;
            if (line >= first && line <= last) {
                const blank = lines[line].trim() === '';
                const extraBlank = blank && (line > lastContent || line === 0 || lines[line - 1].trim() === '');
                if (extraBlank && line < lines.length - 1) {
                    edits.push({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' });
                } else {
                    const formatted = blank
                        ? ''
                        : unreadable.has(line)
                          ? lines[line]
                          : this.formatLine(lines[line], tokens, indent.repeat(Math.max(0, depth - closes)));
                    if (formatted !== lines[line])
                        edits.push({ range: { start: { line, character: 0 }, end: { line, character: lines[line].length } }, newText: formatted });
                }
            }
            for (const token of tokens) depth += token.image === '{' ? 1 : token.image === '}' ? -1 : 0;
            depth = Math.max(0, depth);
        }
        return edits;
    }

    /** The tokens of each line (comments included, line ends not), and the lines with characters the lexer cannot read. */
    private tokensByLine(text: string): { byLine: Map<number, Token[]>; unreadable: Set<number> } {
        const lexed = this.lexer.tokenize(text);
        const byLine = new Map<number, Token[]>();
        for (const token of [...lexed.tokens, ...lexed.hidden]) {
            if (token.tokenType.name === 'NL') continue;
            const line = (token.startLine ?? 1) - 1;
            const list = byLine.get(line) ?? [];
            list.push({ image: token.image, type: token.tokenType.name, offset: token.startOffset });
            byLine.set(line, list);
        }
        for (const list of byLine.values()) list.sort((a, b) => a.offset - b.offset);
        const unreadable = new Set(lexed.errors.map((error) => (error.line ?? 1) - 1));
        return { byLine, unreadable };
    }

    private formatLine(original: string, tokens: readonly Token[], indent: string): string {
        let line = indent;
        tokens.forEach((token, index) => {
            const previous = tokens[index - 1];
            const tight = !previous || token.image === ',' || token.image === '.' || previous.image === '.';
            line += (tight ? '' : ' ') + (token.type === 'COMMENT' ? token.image.trimEnd() : token.image);
        });
        return line === original || this.sameTokens(line, tokens) ? line : original;
    }

    /** Whether `line` lexes into `tokens` again (comments compared without their trailing spaces). */
    private sameTokens(line: string, tokens: readonly Token[]): boolean {
        const lexed = this.lexer.tokenize(line);
        if (lexed.errors.length) return false;
        const again = [...lexed.tokens, ...lexed.hidden].sort((a, b) => a.startOffset - b.startOffset);
        const key = (type: string, image: string) => `${type}:${type === 'COMMENT' ? image.trimEnd() : image}`;
        return (
            again.length === tokens.length &&
            again.every((token, index) => key(token.tokenType.name, token.image) === key(tokens[index].type, tokens[index].image))
        );
    }
}
