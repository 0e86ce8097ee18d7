import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
    createProtocolConnection,
    PublishDiagnosticsNotification,
    StreamMessageReader,
    StreamMessageWriter,
    type Diagnostic,
    type ProtocolConnection,
    type Range
} from 'vscode-languageserver-protocol/node.js';
import { VALIDATED_NOTIFICATION, type ValidatedParams } from '../../language/src/lsp/net-protocol.js';

/** The built language server (out/server.js), as an editor starts it. */
export const SERVER_PATH = join(import.meta.dirname, '../../out/server.js');

/** A running language server process over stdio, and what it published. */
export interface ServerProcess {
    readonly connection: ProtocolConnection;
    readonly process: ChildProcess;
    /** What the server answered to `initialize`. */
    readonly capabilities: Record<string, unknown>;
    /** Every diagnostics notification, per document uri, in arrival order. */
    readonly published: Map<string, Diagnostic[][]>;
    /** Opens a document and waits for its first diagnostics. */
    open(uri: string, text: string): Promise<Diagnostic[]>;
    /** Replaces a document's whole text and waits for the diagnostics of that version. */
    change(uri: string, text: string): Promise<Diagnostic[]>;
    /** Closes a document (the editor's tab closed); nothing to wait for. */
    close(uri: string): Promise<void>;
    /**
     * Sends a request and waits for its answer; rejects if the server process ends first (a crash
     * would otherwise leave the request waiting forever).
     */
    request<T = unknown>(method: string, params: unknown): Promise<T>;
    /** Settles with the exit code once the server process has ended. */
    readonly exited: Promise<number | null>;
    /** Sends an incremental edit (no waiting); `next` then waits for the diagnostics that follow. */
    edit(uri: string, range: Range, text: string): Promise<void>;
    /** The next diagnostics published for a document. */
    next(uri: string): Promise<Diagnostic[]>;
    /**
     * Resolves once the server has announced (`nettopo/validated`) that it validated `version` of
     * the document, or a later one; without `version`, the last one sent. Its diagnostics were
     * published before that, on the same connection.
     */
    validation(uri: string, version?: number): Promise<void>;
    /** Shuts the server down and waits for its process to end. */
    stop(): Promise<void>;
}

/**
 * Starts out/server.js and initializes it as a client with the usual capabilities would (for the
 * protocol tests and `npm run bench:lsp`), with no workspace folder or with `workspaceFolder` (a URI).
 * `published` collects diagnostics; `open` and `change` wait for the next round for their document.
 */
export async function startServer(serverPath = SERVER_PATH, workspaceFolder?: string): Promise<ServerProcess> {
    if (!existsSync(serverPath)) throw new Error(`run \`npm run build\` first: ${serverPath} is missing`);
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const published = new Map<string, Diagnostic[][]>();
    const waiting = new Map<string, ((diagnostics: Diagnostic[]) => void)[]>();
    connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
        published.set(uri, [...(published.get(uri) ?? []), diagnostics]);
        const waiters = waiting.get(uri) ?? [];
        waiting.delete(uri);
        waiters.forEach((resolve) => resolve(diagnostics));
    });
    const validated = new Map<string, number>();
    const validations: { uri: string; version: number; resolve: () => void }[] = [];
    connection.onNotification(VALIDATED_NOTIFICATION, ({ uri, version }: ValidatedParams) => {
        validated.set(uri, Math.max(version, validated.get(uri) ?? 0));
        for (const waiter of validations.filter((entry) => entry.uri === uri && entry.version <= version)) {
            validations.splice(validations.indexOf(waiter), 1);
            waiter.resolve();
        }
    });
    connection.listen();
    const { capabilities } = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        rootUri: workspaceFolder ?? null,
        workspaceFolders: workspaceFolder === undefined ? null : [{ uri: workspaceFolder, name: 'workspace' }],
        capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } } } }
    });
    await connection.sendNotification('initialized', {});
    const versions = new Map<string, number>();
    const ended = (what: string) =>
        exited.then((code): never => {
            throw new Error(`the server process ended (exit code ${code}) before ${what}`);
        });
    const next = (uri: string) =>
        Promise.race([
            ended(`it published diagnostics for ${uri}`),
            new Promise<Diagnostic[]>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no diagnostics were published for ${uri} within 60 s`)), 60_000);
                waiting.set(uri, [
                    ...(waiting.get(uri) ?? []),
                    (diagnostics) => {
                        clearTimeout(timer);
                        resolve(diagnostics);
                    }
                ]);
            })
        ]);
    return {
        connection,
        process: child,
        published,
        capabilities,
        exited,
        async open(uri, text) {
            const diagnostics = next(uri);
            versions.set(uri, 1);
            await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nettopo', version: 1, text } });
            return diagnostics;
        },
        async change(uri, text) {
            const diagnostics = next(uri);
            const version = (versions.get(uri) ?? 1) + 1;
            versions.set(uri, version);
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
            return diagnostics;
        },
        async close(uri) {
            versions.delete(uri);
            await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        },
        request<T>(method: string, params: unknown) {
            return Promise.race([connection.sendRequest<T>(method, params), ended(`it answered ${method}`)]);
        },
        async edit(uri, range, text) {
            const version = (versions.get(uri) ?? 1) + 1;
            versions.set(uri, version);
            await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
        },
        next,
        validation(uri, version = versions.get(uri) ?? 1) {
            if ((validated.get(uri) ?? 0) >= version) return Promise.resolve();
            return Promise.race([
                ended(`it validated version ${version} of ${uri}`),
                new Promise<void>((resolve) => validations.push({ uri, version, resolve }))
            ]);
        },
        async stop() {
            await connection.sendRequest('shutdown').catch(() => undefined);
            await connection.sendNotification('exit').catch(() => undefined);
            connection.dispose();
            // A server that does not exit on `exit` is killed; the test files must not leave processes behind.
            const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
            await exited;
            clearTimeout(timer);
        }
    };
}
