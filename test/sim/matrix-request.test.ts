import { afterAll, beforeAll, expect, test } from 'vitest';
import { CancellationTokenSource, LSPErrorCodes, ResponseError, WorkDoneProgress, type WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import { MATRIX_REQUEST, VALIDATED_NOTIFICATION, type MatrixView, type ValidatedParams } from '../../language/src/lsp/net-protocol.js';
import { startServer, type ServerProcess } from '../support/lsp-server.js';

/**
 * The reachability matrix is a long request on the real server process (out/server.js): on a lab
 * of 1,000 hosts (a million pings) it reports its progress, lets other requests through, and stops
 * when it is cancelled, asked again, or the file changes. Asserted by the order of events.
 */

let server: ServerProcess;
const HOSTS = 1_000;

/** `hosts` hosts on one switch: cheap to check, a matrix of hosts² pings. */
function bigLab(hosts: number): string {
    const lines = ['switch lan 198.18.0.0/16', ''];
    for (let index = 0; index < hosts; index++) lines.push(`host h${index} {`, `  eth0 198.18.${Math.floor(index / 250)}.${(index % 250) + 1}/16 -- lan`, '}');
    return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
    server = await startServer();
});

afterAll(async () => {
    await server?.stop();
});

/** What happened, in order: `progress`, `hover`, `matrix: …` (its answer or its error code). */
interface Run {
    readonly events: string[];
    /** The first progress report (the matrix is computing), or the matrix's end if it never reports. */
    readonly reporting: Promise<void>;
    readonly settled: Promise<unknown>;
    readonly source: CancellationTokenSource;
}

function askMatrix(uri: string, name: string, events: string[] = []): Run {
    const source = new CancellationTokenSource();
    let reported!: () => void;
    const reporting = new Promise<void>((resolve) => (reported = resolve));
    const progress = server.connection.onProgress(WorkDoneProgress.type, name, (value) => {
        if (value.kind !== 'report') return;
        if (!events.includes(`${name} progress`)) events.push(`${name} progress`);
        if ((value as WorkDoneProgressReport).percentage! < 100) reported();
    });
    const settled = server.connection
        .sendRequest<MatrixView>(MATRIX_REQUEST, { uri, workDoneToken: name }, source.token)
        .then(
            (view) => events.push(`${name}: ${view.sources.length}x${view.targets.length}`),
            (error: unknown) =>
                events.push(`${name}: ${error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : String(error)}`)
        )
        .finally(() => {
            progress.dispose();
            reported();
        });
    return { events, reporting, settled, source };
}

test('a matrix on 1,000 hosts reports progress, a hover sent meanwhile is answered while it runs, and $/cancelRequest stops it', async () => {
    const uri = 'file:///matrix/cancel.net';
    await server.open(uri, bigLab(HOSTS));
    const run = askMatrix(uri, 'matrix');
    await run.reporting;
    const hover = await server.connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 2, character: 6 }
    });
    run.events.push('hover');
    expect(hover?.contents).toBeDefined();
    run.source.cancel();
    await run.settled;
    expect(run.events).toEqual(['matrix progress', 'hover', 'matrix: cancelled']);
});

test('a newer matrix request for the same file cancels the older one, and is answered', async () => {
    const uri = 'file:///matrix/again.net';
    await server.open(uri, bigLab(HOSTS));
    const events: string[] = [];
    const first = askMatrix(uri, 'first', events);
    await first.reporting;
    const second = askMatrix(uri, 'second', events);
    await first.settled;
    // The first was stopped by the second's arrival (its own token was never cancelled); the second then computes.
    expect(events[0]).toBe('first progress');
    expect(events).toContain('first: cancelled');
    await second.reporting;
    expect(events).toContain('second progress');
    second.source.cancel();
    await second.settled;
    expect(events.at(-1)).toBe('second: cancelled');
});

test('an edit cancels the matrix computing over the old text; the next one is of the new text', async () => {
    const uri = 'file:///matrix/edit.net';
    const text = bigLab(HOSTS);
    await server.open(uri, text);
    const run = askMatrix(uri, 'old');
    await run.reporting;
    const validated = new Promise<ValidatedParams>((resolve) => {
        const listener = server.connection.onNotification(VALIDATED_NOTIFICATION, (params: ValidatedParams) => {
            if (params.uri !== uri || params.version !== 2) return;
            listener.dispose();
            resolve(params);
        });
    });
    await server.change(uri, `${text}host extra {\n  eth0 198.18.200.1/16 -- lan\n}\n`);
    await run.settled;
    expect(run.events).toEqual(['old progress', 'old: cancelled']);
    expect(await validated).toEqual({ uri, version: 2 });
    // Small enough to finish: the same request on a small file answers in full.
    const small = 'file:///matrix/small.net';
    await server.open(small, bigLab(3));
    const done = askMatrix(small, 'small');
    await done.settled;
    expect(done.events.at(-1)).toBe('small: 3x3');
});
