import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { decodeSource } from '../fixes/source-bytes.js';
import { loadNetText, type LoadedFile } from '../load.js';

/**
 * A problem with how the command was called or with its input: printed as one line, exit status 2.
 * `usage` adds the usage text (the command line itself was wrong).
 */
export class UsageError extends Error {
    constructor(
        message: string,
        readonly usage = false
    ) {
        super(message);
    }
}

/** How FILE `-` is shown in messages: standard input. */
export const STDIN = '-';

/** The name a FILE argument goes by in diagnostics and messages. */
export function displayName(path: string): string {
    return path === STDIN ? '<stdin>' : path;
}

/** Reads and loads a `.net` file (any name; `-` is standard input), or throws a {@link UsageError} saying why it cannot be read. */
export async function loadFile(path: string): Promise<LoadedFile> {
    return loadNetText(decodeSource(await readSource(path)), displayName(path), diskPath(path));
}

/** Where FILE's `routes from` paths are relative to: its folder, the current directory for standard input. */
export function diskPath(path: string): string {
    return STDIN_PATHS.has(path) ? join(process.cwd(), '<stdin>') : path;
}

/**
 * Names of standard input. Opening /dev/stdin fails when it is a socket (a parent process's
 * stdio, as Node's child_process makes it), so these are read from the open descriptor.
 */
const STDIN_PATHS = new Set([STDIN, '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** The bytes of FILE (`-`: all of standard input), or a {@link UsageError} saying why they cannot be read. */
export async function readSource(path: string): Promise<Uint8Array> {
    try {
        return STDIN_PATHS.has(path) ? await readAll(process.stdin) : await readFile(path);
    } catch (error) {
        throw new UsageError(`cannot read ${displayName(path)}: ${systemReason(error)}`);
    }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return Buffer.concat(chunks);
}

const REASONS: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'the disk quota is exhausted',
    EROFS: 'the file system is read-only',
    EIO: 'input/output error',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    ENXIO: 'no such device',
    EFBIG: 'the file is too large',
    EPIPE: 'the reader has gone away'
};

/** Why a system call failed, in our words (never Node's message, which names the call). */
export function systemReason(error: unknown): string {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return (code && REASONS[code]) ?? `the system refused it${code ? ` (${code})` : ''}`;
}

const SEVERITIES = ['error', 'error', 'warning', 'info', 'info'];

/** A diagnostic as `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]`. */
export function formatDiagnostic(path: string, diagnostic: Diagnostic): string {
    const { line, character } = diagnostic.range.start;
    const code = diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code;
    return `${displayName(path)}:${line + 1}:${character + 1}: ${SEVERITIES[diagnostic.severity ?? 1]}: ${diagnostic.message}${code !== undefined ? ` [${code}]` : ''}`;
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
