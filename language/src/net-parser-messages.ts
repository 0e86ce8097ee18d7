import { AstUtils, DefaultLexerErrorMessageProvider, GrammarAST, LangiumParserErrorMessageProvider } from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import { NetGrammar } from './generated/grammar.js';

/** What each terminal is, in the words of an error message. */
const TERMINALS: Record<string, string> = {
    ADDRESS: 'an IPv4 address',
    PREFIX: 'a prefix such as 192.168.1.0/24',
    INT: 'a number',
    ID: 'a name',
    NL: 'the end of the line'
};

/** A terminal's description, or a keyword in backquotes. */
function expected(type: TokenType): string {
    return TERMINALS[type.name] ?? `\`${type.name.replace(/:KW$/, '')}\``;
}

function found(token: IToken): string {
    if (token.tokenType?.name === 'EOF') return 'the end of the file';
    if (/^\r?\n$/.test(token.image)) return 'the end of the line';
    return `\`${token.image}\``;
}

/** The keywords a name may also be (`in`, `filter`...): where a name is expected, "a name" says it for them. */
function nameKeywords(): Set<string> {
    const rules = NetGrammar().rules.filter((entry) => entry.name === 'Name' || entry.name === 'InterfaceName');
    return new Set(
        rules.flatMap((rule) =>
            AstUtils.streamAllContents(rule)
                .filter(GrammarAST.isKeyword)
                .map((keyword) => keyword.value)
                .toArray()
        )
    );
}

function oneOf(types: TokenType[], names: ReadonlySet<string>): string {
    const anyName = types.some((type) => type.name === 'ID');
    const words = [...new Set(types.filter((type) => !(anyName && names.has(type.name.replace(/:KW$/, '')))).map(expected))];
    return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Syntax errors that say, in a user's words, what was expected where. */
export class NetParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    private readonly names = nameKeywords();

    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken }): string {
        return `expected ${expected(options.expected)}, found ${found(options.actual)}`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken }): string {
        return `unexpected ${found(options.firstRedundant)}: a statement starts with \`switch\`, \`host\`, \`router\`, \`defaults\` or \`ping\`, one per line`;
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[] }): string {
        const first = options.expectedPathsPerAlt
            .flat()
            .map((path) => path[0])
            .filter((type) => type !== undefined);
        return `expected ${oneOf(first, this.names)}, found ${found(options.actual[0])}`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[] }): string {
        const first = options.expectedIterationPaths.map((path) => path[0]).filter((type) => type !== undefined);
        return `expected ${oneOf(first, this.names)}, found ${found(options.actual[0])}`;
    }
}

/** Control and space characters are shown by their code point; others as themselves. */
const INVISIBLE = /[\p{C}\p{Z}]/u;

function showCharacters(text: string): string {
    const chars = [...text];
    if (!chars.some((char) => INVISIBLE.test(char))) return `'${text}'`;
    return chars.map((char) => (INVISIBLE.test(char) ? `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `'${char}'`)).join(' ');
}

/** Lexer errors in a user's words: which characters cannot start anything here. */
export class NetLexerErrorMessageProvider extends DefaultLexerErrorMessageProvider {
    override buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
        const text = fullText.slice(startOffset, startOffset + length);
        return `unexpected character${[...text].length > 1 ? 's' : ''} ${showCharacters(text)}: names are letters, digits, \`_\` and \`-\`, addresses are dotted quads, comments start with \`#\``;
    }
}
