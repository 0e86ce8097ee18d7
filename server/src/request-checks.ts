/**
 * What is wrong with a request's parameters, in our words, before any provider sees them: a
 * provider given a position without a line, formatting options with a negative tab size or a
 * closed document would fail with a JavaScript message (`Invalid count value: -1`) or Langium's.
 * The checks go by the names of the parameters the LSP gives every request that has them
 * (`textDocument`, `position`, `range`, `options`, `context`, `newName`, `query`).
 */

/** The widest indentation formatting accepts (VS Code's own limit for `editor.tabSize` is lower). */
const MAX_TAB_SIZE = 100;

type Params = Record<string, unknown>;

const isObject = (value: unknown): value is Params => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function positionProblem(position: unknown, name: string): string | undefined {
    if (isObject(position) && isCount(position.line) && isCount(position.character)) return undefined;
    return `${name} needs a line and a character, each a whole number from 0 (got ${JSON.stringify(position) ?? 'nothing'})`;
}

function rangeProblem(range: unknown, name: string): string | undefined {
    if (!isObject(range)) return `${name} needs a start and an end position (got ${JSON.stringify(range) ?? 'nothing'})`;
    return positionProblem(range.start, `${name}'s start`) ?? positionProblem(range.end, `${name}'s end`);
}

function optionsProblem(options: unknown): string | undefined {
    if (!isObject(options)) return 'formatting needs its options: tabSize and insertSpaces';
    if (!Number.isSafeInteger(options.tabSize) || (options.tabSize as number) < 1 || (options.tabSize as number) > MAX_TAB_SIZE) {
        return `the tab size is a whole number from 1 to ${MAX_TAB_SIZE} (got ${JSON.stringify(options.tabSize) ?? 'nothing'})`;
    }
    return typeof options.insertSpaces === 'boolean' ? undefined : 'formatting needs insertSpaces: true or false';
}

/**
 * The problem with request `method`'s parameters, or undefined when a provider may answer it.
 * `isOpen` says whether the server holds a document (the editor has it open).
 */
export function requestProblem(method: string, params: unknown, isOpen: (uri: string) => boolean): string | undefined {
    // nettopo's own requests check theirs (lsp/net-requests.ts); `shutdown` has none.
    if (params === undefined || method.startsWith('nettopo/')) return undefined;
    if (!isObject(params)) return `${method} needs its parameters, by name (got ${JSON.stringify(params)})`;
    if ('textDocument' in params || method.startsWith('textDocument/')) {
        const uri = isObject(params.textDocument) ? params.textDocument.uri : undefined;
        if (typeof uri !== 'string') return `${method} needs textDocument.uri, the URI of an open nettopo document`;
        if (!isOpen(uri)) return `${uri} is not open in the nettopo language server`;
    }
    return (
        ('position' in params ? positionProblem(params.position, 'the position') : undefined) ??
        ('range' in params ? rangeProblem(params.range, 'the range') : undefined) ??
        ('options' in params && method.includes('ormatting') ? optionsProblem(params.options) : undefined) ??
        ('context' in params && !isObject(params.context) ? `${method} needs its context (got ${JSON.stringify(params.context)})` : undefined) ??
        ('newName' in params && typeof params.newName !== 'string' ? 'a rename needs the new name' : undefined) ??
        ('query' in params && typeof params.query !== 'string' ? 'a symbol search needs a query (text)' : undefined)
    );
}
