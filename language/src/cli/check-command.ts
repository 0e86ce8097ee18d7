import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';
import { diagnosticFixes, type DiagnosticFix } from '../fixes/diagnostic-fixes.js';
import { fixSource, type AppliedFix } from '../fixes/fix-text.js';
import type { LoadedFile, LoadedSource } from '../load.js';
import { writeFileAtomically } from './atomic-write.js';
import {
    displayName,
    formatDiagnostic,
    loadFile,
    loadFiles,
    loadTexts,
    pathName,
    readSource,
    sourceName,
    STDIN,
    systemReason,
    UsageError
} from './cli-support.js';

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
 * `nettopo check [--fix] [--json] FILE|FOLDER...`: every diagnostic of every file, and of every file
 * it imports (each in the file that holds it). A folder checks its `.net` files together, as an
 * editor holding them all open shows them: each file's diagnostics once, from the lab of each file
 * that no other file of the folder imports (a file imported by another is checked within its
 * importer's lab, where its names meet the others; checking it alone would report what the lab
 * resolves). A file that cannot be read (or, with --fix, written) is reported and the next one is
 * checked all the same. Exit 2 when any file could not be read or written, else 1 when any has an
 * error, else 0.
 */
export async function checkCommand(paths: string[], options: CheckOptions, io: Output): Promise<number> {
    let status = 0;
    /** Each file's diagnostics under its name; `names` holds every file of the labs, by URI, for the lines a diagnostic relates to. */
    const print = (files: ReadonlyMap<string, LoadedSource>, names: ReadonlyMap<string, string>) => {
        for (const [name, source] of files) {
            for (const diagnostic of source.diagnostics) {
                io.out(options.json ? JSON.stringify(diagnosticJson(name, diagnostic, names)) : formatDiagnostic(name, diagnostic));
                if ((diagnostic.severity ?? 1) === 1) status = Math.max(status, 1);
            }
        }
    };
    const byUri = (files: ReadonlyMap<string, LoadedSource>) => new Map([...files].map(([name, source]) => [source.document.uri.toString(), name]));
    for (const path of paths) {
        try {
            const folder = await folderFiles(path);
            if (folder) {
                if (options.fix) throw new UsageError(`cannot fix ${path}: it is a folder, and --fix rewrites the files it is given`);
                // Each file of every lab once (an imported file outside the folder too), by name.
                const sources = new Map((await loadFiles(folder)).flatMap((file) => file.files).map((source) => [pathName(source), source]));
                const sorted = new Map([...sources].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
                print(sorted, byUri(sorted));
                continue;
            }
            const file = options.fix ? await fixFile(path, options.json, io.out) : await loadFile(path);
            const sources = new Map(file.files.map((source) => [sourceName(path, file, source), source]));
            print(sources, byUri(sources));
            if (options.fix && !options.json) io.out(`${displayName(path)}: ${plural(file.diagnostics.length, 'problem')} left`);
        } catch (error) {
            if (!(error instanceof UsageError)) throw error;
            io.err(`nettopo: ${error.message}`);
            status = 2;
        }
    }
    return status;
}

/** The `.net` files of a folder, by name, or undefined when `path` is not a folder. */
async function folderFiles(path: string): Promise<string[] | undefined> {
    if (path === STDIN || !(await stat(path).catch(() => undefined))?.isDirectory()) return undefined;
    try {
        const entries = await readdir(path, { withFileTypes: true });
        return entries
            .filter((entry) => entry.isFile() && entry.name.endsWith('.net'))
            .map((entry) => join(path, entry.name))
            .sort();
    } catch (error) {
        throw new UsageError(`cannot read the folder ${path}: ${systemReason(error)}`);
    }
}

/**
 * Applies the fixes of `path` and writes it (atomically), then reports each fix applied: only once
 * the file is written. A file with syntax errors is not fixed, and says so.
 */
async function fixFile(path: string, json: boolean, out: (line: string) => void): Promise<LoadedFile> {
    const name = displayName(path);
    await checkFixable(path);
    const lab = await loadFile(path);
    if (lab.document.parseResult.value.statements.some(ast.isImport)) {
        const reason = 'it imports other files, and --fix rewrites one file alone (a fix may belong in another file of the lab): fix it in the editor';
        out(json ? JSON.stringify({ file: name, notFixed: reason }) : `${name}: not fixed: ${reason}`);
        return lab;
    }
    const original = await readSource(path);
    const fixed = await fixSource(original, name, async (text) => (await loadTexts([{ path, text }]))[0]);
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
function diagnosticJson(file: string, diagnostic: Diagnostic, names: ReadonlyMap<string, string>): Record<string, unknown> {
    const { start } = diagnostic.range;
    return {
        file,
        line: start.line + 1,
        column: start.character + 1,
        range: diagnostic.range,
        severity: SEVERITY_NAMES[diagnostic.severity ?? 1],
        code: diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code ?? null,
        message: diagnostic.message,
        related: (diagnostic.relatedInformation ?? []).map((related) => ({
            file: names.get(related.location.uri) ?? file,
            line: related.location.range.start.line + 1,
            column: related.location.range.start.character + 1,
            range: related.location.range,
            message: related.message
        })),
        fixes: diagnosticFixes(diagnostic)
    };
}
