import { writeFile } from 'node:fs/promises';
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnosticFixes, type DiagnosticFix } from '../fixes/diagnostic-fixes.js';
import { fixText } from '../fixes/fix-text.js';
import type { LoadedFile } from '../load.js';
import { formatDiagnostic, loadFile, readText, UsageError } from './cli-support.js';

export interface CheckOptions {
    /** Apply every fix the diagnostics carry, write the file, check again. */
    readonly fix: boolean;
    /** One JSON object per diagnostic (and per applied fix), one per line. */
    readonly json: boolean;
}

/** `nettopo check [--fix] [--json] FILE...`: every diagnostic of every file; exit 1 when any is an error. */
export async function checkCommand(paths: string[], options: CheckOptions, out: (line: string) => void): Promise<number> {
    let errors = 0;
    for (const path of paths) {
        const file = options.fix ? await fixFile(path, options.json, out) : await loadFile(path);
        for (const diagnostic of file.diagnostics) {
            out(options.json ? JSON.stringify(diagnosticJson(path, diagnostic)) : formatDiagnostic(path, diagnostic));
            if ((diagnostic.severity ?? 1) === 1) errors++;
        }
        if (options.fix && !options.json) out(`${path}: ${plural(file.diagnostics.length, 'problem')} left`);
    }
    return errors > 0 ? 1 : 0;
}

/** Applies the fixes of `path`, writes it, and reports each fix applied. */
async function fixFile(path: string, json: boolean, out: (line: string) => void): Promise<LoadedFile> {
    const original = await readText(path);
    const { text, applied, file } = await fixText(original, path);
    for (const fix of applied) out(json ? JSON.stringify({ file: path, fixed: fix.title, edits: fix.edits }) : `${path}: fixed: ${describeFix(fix)}`);
    if (text !== original) {
        try {
            await writeFile(path, text);
        } catch (error) {
            throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
        }
    }
    return file;
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
    return {
        file: path,
        line: start.line + 1,
        column: start.character + 1,
        range: diagnostic.range,
        severity: SEVERITY_NAMES[diagnostic.severity ?? 1],
        code: diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code ?? null,
        message: diagnostic.message,
        related: (diagnostic.relatedInformation ?? []).map((related) => ({
            file: path, line: related.location.range.start.line + 1, column: related.location.range.start.character + 1,
            range: related.location.range, message: related.message
        })),
        fixes: diagnosticFixes(diagnostic)
    };
}
