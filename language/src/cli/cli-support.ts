import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Diagnostic } from 'vscode-languageserver';
import { decodeSource } from '../fixes/source-bytes.js';
import { systemReason } from '../file-reasons.js';
import type { Topology } from '../generated/ast.js';
import { loadNetDocuments, type LoadedFile, type LoadedSource, type NetServiceSet } from '../load.js';
import { createNetServices } from '../net-module.js';

export { systemReason };

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

let services: NetServiceSet | undefined;

/**
 * Reads and loads a `.net` file (any name; `-` is standard input) with every file it imports, read
 * from the disk relative to it (standard input's imports: relative to the working directory), or
 * throws a {@link UsageError} saying why it cannot be read. A file imports through its real path, so
 * the CLI's services have the real file system.
 */
export async function loadFile(path: string): Promise<LoadedFile> {
    const [file] = await loadFiles([path]);
    return file;
}

/** Loads files together (as an editor holding them all open would), each with its lab: a file another of them imports is not an entry of its own. */
export async function loadFiles(paths: readonly string[]): Promise<LoadedFile[]> {
    return loadTexts(await Promise.all(paths.map(async (path) => ({ path, text: decodeSource(await readSource(path)) }))));
}

/** Loads files already read (`text`: the file at `path`, decoded), with what they import read from disk. */
export async function loadTexts(files: readonly { readonly path: string; readonly text: string }[]): Promise<LoadedFile[]> {
    services ??= createNetServices(NodeFileSystem);
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = files.map(({ path, text }) => factory.fromString<Topology>(text, URI.file(resolve(STDIN_PATHS.has(path) ? '<stdin>' : path))));
    return loadNetDocuments(services, documents);
}

/** The name a file of a loaded lab goes by: the FILE argument for the file given, a path from the working directory for the files it imports. */
export function sourceName(path: string, file: LoadedFile, source: LoadedSource): string {
    return source.document === file.document ? displayName(path) : pathName(source);
}

/** A loaded file's path from the working directory. */
export function pathName(source: LoadedSource): string {
    return relative(process.cwd(), source.document.uri.fsPath);
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

const SEVERITIES = ['error', 'error', 'warning', 'info', 'info'];

/** A diagnostic as `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]` (`name`: the file's, as shown). */
export function formatDiagnostic(name: string, diagnostic: Diagnostic): string {
    const { line, character } = diagnostic.range.start;
    const code = diagnostic.code ?? (diagnostic.data as { code?: string } | undefined)?.code;
    return `${name}:${line + 1}:${character + 1}: ${SEVERITIES[diagnostic.severity ?? 1]}: ${diagnostic.message}${code !== undefined ? ` [${code}]` : ''}`;
}

/**
 * The errors (not warnings) of the file and of every file it imports, formatted, each with the name of
 * the file that holds it; `ping` expectations are left to the ping command's own report. `allow`
 * lists further codes that are not in the way (verify compares refused routes with the kernel's
 * refusals, so `route-refused` is a prediction there, not an obstacle).
 */
export function errorLines(path: string, file: LoadedFile, allow: readonly string[] = []): string[] {
    return file.files.flatMap((source) =>
        source.diagnostics
            .filter((diagnostic) => (diagnostic.severity ?? 1) === 1 && diagnostic.code !== 'ping-expectation' && !allow.includes(String(diagnostic.code)))
            .map((diagnostic) => formatDiagnostic(sourceName(path, file, source), diagnostic))
    );
}
