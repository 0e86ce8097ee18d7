import { readFile } from 'node:fs/promises';
import type { Diagnostic } from 'vscode-languageserver';
import { loadNetText, type LoadedFile } from '../load.js';

/** A problem with how the command was called or with its input: printed as one line, exit status 2. */
export class UsageError extends Error {}

/** Reads and loads a `.net` file, or throws a {@link UsageError} saying why it cannot be read. */
export async function loadFile(path: string): Promise<LoadedFile> {
    return loadNetText(await readText(path), path);
}

/** Reads a file as text, or throws a {@link UsageError} saying why it cannot be read. */
export async function readText(path: string): Promise<string> {
    try {
        return await readFile(path, 'utf8');
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
        throw new UsageError(`cannot read ${path}: ${reason}`);
    }
}

const SEVERITIES = ['error', 'error', 'warning', 'info', 'info'];

/** A diagnostic as `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]`. */
export function formatDiagnostic(path: string, diagnostic: Diagnostic): string {
    const { line, character } = diagnostic.range.start;
    const code = diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code;
    return `${path}:${line + 1}:${character + 1}: ${SEVERITIES[diagnostic.severity ?? 1]}: ${diagnostic.message}${code !== undefined ? ` [${code}]` : ''}`;
}

/**
 * The file's errors (not warnings), formatted; `ping` expectations are left to the ping command's
 * own report. `allow` lists further codes that are not in the way (verify compares refused routes
 * with the kernel's refusals, so `route-refused` is a prediction there, not an obstacle).
 */
export function errorLines(path: string, file: LoadedFile, allow: readonly string[] = []): string[] {
    return file.diagnostics
        .filter((diagnostic) => (diagnostic.severity ?? 1) === 1 && diagnostic.code !== 'ping-expectation' && !allow.includes(String(diagnostic.code)))
        .map((diagnostic) => formatDiagnostic(path, diagnostic));
}
