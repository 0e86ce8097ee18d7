import { stat } from 'node:fs/promises';
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnosticFixes, type DiagnosticFix } from '../fixes/diagnostic-fixes.js';
import { fixSource, type AppliedFix } from '../fixes/fix-text.js';
import type { LoadedFile } from '../load.js';
import { writeFileAtomically } from './atomic-write.js';
import { diskPath, displayName, formatDiagnostic, loadFile, readSource, STDIN, systemReason, UsageError } from './cli-support.js';

export interface CheckOptions {
    /** Apply every fix the diagnostics carry, write the file, check again. */
    readonly fix: boolean;
    /** One JSON object per diagnostic (and per applied fix), one per line. */
    readonly json: boolean;
}

interface Output {
    out(line: string): void;
    err(line: string): void;
}

/**
 * `nettopo check [--fix] [--json] FILE...`: every diagnostic of every file. A file that cannot be
 * read (or, with --fix, written) is reported and the next one is checked all the same. Exit 2 when
 * any file could not be read or written, else 1 when any has an error, else 0.
 */
export async function checkCommand(paths: string[], options: CheckOptions, io: Output): Promise<number> {
    let status = 0;
    for (const path of paths) {
        try {
            const file = options.fix ? await fixFile(path, options.json, io.out) : await loadFile(path);
            for (const diagnostic of file.diagnostics) {
                io.out(options.json ? JSON.stringify(diagnosticJson(path, diagnostic)) : formatDiagnostic(path, diagnostic));
                if ((diagnostic.severity ?? 1) === 1) status = Math.max(status, 1);
            }
            if (options.fix && !options.json) io.out(`${displayName(path)}: ${plural(file.diagnostics.length, 'problem')} left`);
        } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            io.err(`nettopo: ${error.message}`);
            status = 2;
        }
    }
    return status;
}

/**
 * Applies the fixes of `path` and writes it (atomically), then reports each fix applied: only once
 * the file is written. A file with syntax errors is not fixed, and says so.
 */
async function fixFile(path: string, json: boolean, out: (line: string) => void): Promise<LoadedFile> {
    const name = displayName(path);
    await checkFixable(path);
    const original = await readSource(path);
    const fixed = await fixSource(original, name, diskPath(path));
    if (fixed.syntaxErrors) {
        const reason = "it has syntax errors, and a fix placed after the parser's guess at a broken line could delete valid text: correct the syntax first";
        out(json ? JSON.stringify({ file: name, notFixed: reason }) : `${name}: not fixed: ${reason}`);
        return fixed.file;
    }
    if (fixed.applied.length > 0) {
        try {
            await writeFileAtomically(path, fixed.bytes);
        } catch (error) {
            throw new UsageError(`cannot write ${name}: ${systemReason(error)}; the file is unchanged`);
        }
    }
    for (const fix of fixed.applied) out(json ? JSON.stringify(fixJson(name, fix)) : `${name}: fixed: ${describeFix(fix)}`);
    return fixed.file;
}

/** --fix rewrites files in place: standard input, a pipe or a device cannot be rewritten. */
async function checkFixable(path: string): Promise<void> {
    if (path === STDIN) throw new UsageError('cannot fix standard input: --fix rewrites files in place; check it without --fix');
    let regular: boolean;
    try {
        regular = (await stat(path)).isFile();
    } catch (error) {
        throw new UsageError(`cannot read ${path}: ${systemReason(error)}`);
    }
    if (!regular) throw new UsageError(`cannot fix ${path}: it is not a regular file, and --fix rewrites files in place; check it without --fix`);
}

function fixJson(name: string, fix: AppliedFix): Record<string, unknown> {
    return { file: name, fixed: fix.title, round: fix.round, edits: fix.edits };
}

function describeFix(fix: DiagnosticFix): string {
    return fix.title[0].toLowerCase() + fix.title.slice(1);
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const SEVERITY_NAMES = ['error', 'error', 'warning', 'info', 'hint'];

/** A diagnostic for tools: 1-based line and column as `check` prints them, and the LSP range (0-based). */
function diagnosticJson(path: string, diagnostic: Diagnostic): Record<string, unknown> {
    const { start } = diagnostic.range;
    const file = displayName(path);
    return {
        file,
        line: start.line + 1,
        column: start.character + 1,
        range: diagnostic.range,
        severity: SEVERITY_NAMES[diagnostic.severity ?? 1],
        code: diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code ?? null,
        message: diagnostic.message,
        related: (diagnostic.relatedInformation ?? []).map((related) => ({
            file,
            line: related.location.range.start.line + 1,
            column: related.location.range.start.character + 1,
            range: related.location.range,
            message: related.message
        })),
        fixes: diagnosticFixes(diagnostic)
    };
}
