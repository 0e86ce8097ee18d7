import type { Diagnostic } from 'vscode-languageserver-types';
import { loadNetText, type LoadedFile } from '../load.js';
import { preferredFixes, type DiagnosticFix } from './diagnostic-fixes.js';
import { applyEditsToBytes, decodeSource, withLineEnding } from './source-bytes.js';

/** Rounds of fixing: a fix can reveal a problem the one before hid (one router fixed, the next one's missing route shows). */
const FIX_ROUNDS = 5;

/** Diagnostics of text the parser had to guess at: fixes are placed by the syntax, so none is applied then. */
const SYNTAX_CODES = new Set(['lexing-error', 'parsing-error']);

/** A fix as `check --fix` applied it: in which round (its ranges are in the text of that round), its edits as written. */
export interface AppliedFix extends DiagnosticFix {
    readonly round: number;
}

/** A file after `nettopo check --fix`: its bytes, the fixes applied in order, and the file as it then checks. */
export interface FixedSource {
    readonly bytes: Uint8Array;
    readonly applied: readonly AppliedFix[];
    readonly file: LoadedFile;
    /** True when nothing was fixed because the file has syntax errors. */
    readonly syntaxErrors: boolean;
}

/**
 * Applies every fix the diagnostics of a `.net` file carry, round by round (each round the fixes
 * that do not overlap, then a fresh check), until none is left or nothing changes. A file with
 * syntax errors is left as it is: after the parser's recovery a fix's place (the end of a node, say)
 * may be a guess, and applying it could delete valid lines. Every byte no edit touches is kept as
 * it was (invalid UTF-8 in comments, CRLF line breaks, a BOM); see source-bytes.ts.
 */
export async function fixSource(
    bytes: Uint8Array,
    name: string,
    /** How a version of the text is loaded: in memory by default; the CLI's from the file's place on disk (its route files). */
    load: (text: string) => Promise<LoadedFile> = (text) => loadNetText(text, name)
): Promise<FixedSource> {
    let file = await load(decodeSource(bytes));
    if (hasSyntaxErrors(file.diagnostics)) return { bytes, applied: [], file, syntaxErrors: true };
    const applied: AppliedFix[] = [];
    for (let round = 1; round <= FIX_ROUNDS; round++) {
        const fixes = preferredFixes(file.diagnostics).map((fix) => ({
            title: fix.title,
            edits: withLineEnding(bytes, fix.edits),
            round
        }));
        if (fixes.length === 0) break;
        const next = applyEditsToBytes(
            bytes,
            fixes.flatMap((fix) => fix.edits)
        );
        if (Buffer.compare(next, bytes) === 0) break;
        const nextFile = await load(decodeSource(next));
        // A fix never breaks the syntax; should one ever do it, the file stays as the last good round left it.
        if (hasSyntaxErrors(nextFile.diagnostics)) break;
        applied.push(...fixes);
        bytes = next;
        file = nextFile;
    }
    return { bytes, applied, file, syntaxErrors: false };
}

/** {@link fixSource} for text (tests, benchmarks): the fixed text, the fixes applied, the file as it then checks. */
export async function fixText(text: string, name: string): Promise<{ text: string; applied: readonly AppliedFix[]; file: LoadedFile }> {
    const fixed = await fixSource(Buffer.from(text, 'utf8'), name);
    return { text: decodeSource(fixed.bytes), applied: fixed.applied, file: fixed.file };
}

function hasSyntaxErrors(diagnostics: readonly Diagnostic[]): boolean {
    return diagnostics.some((diagnostic) => SYNTAX_CODES.has(String((diagnostic.data as { code?: unknown } | undefined)?.code ?? diagnostic.code)));
}
