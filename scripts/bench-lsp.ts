/**
 * `npm run bench:lsp`: how the language server feels in an editor on big labs. Starts the built
 * server (out/server.js) over stdio, opens a generated lab of 1,000 and of 10,000 hosts (see
 * bench-topology.ts), and measures over LSP, as an editor would see it:
 * - from the last keystroke of a burst (didChange) to that text's diagnostics;
 * - hover on a router's name (both route tables) when the server is idle;
 * - hover and completion asked while the server rebuilds: right behind a keystroke, and at a
 *   quarter, half, three quarters and nine tenths of the keystroke-to-diagnostics time (parsing
 *   and linking come first, validation last).
 * Prints medians and worst cases. Not a test: it asserts nothing about time and exits 0.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type ServerProcess } from '../test/support/lsp-server.js';
import { generateTopology } from './bench-topology.js';

/** Host counts to measure; `BENCH_SIZES=10000 npm run bench:lsp` measures others. */
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000')
    .split(',')
    .map(Number)
    .filter((size) => size > 0);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** A burst of keystrokes, this far apart: a user typing a word. */
const BURST = 4;
const KEYSTROKE_MS = 40;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

interface Figures {
    readonly median: number;
    readonly worst: number;
}

function figures(samples: readonly number[]): Figures {
    const sorted = [...samples].sort((a, b) => a - b);
    return { median: sorted[Math.floor((sorted.length - 1) / 2)], worst: sorted[sorted.length - 1] };
}

const show = ({ median, worst }: Figures) => `${ms(median)} (worst ${ms(worst)})`;

async function timed<T>(run: () => Promise<T>): Promise<number> {
    const start = performance.now();
    await run();
    return performance.now() - start;
}

/** One lab in one fresh server process. */
async function measure(hosts: number): Promise<Record<string, string>> {
    const lab = generateTopology({ hosts, seed: 0x5eed + hosts });
    const uri = `file:///bench/lab-${hosts}.net`;
    // This script runs bundled, from out/, beside the server.
    const server = await startServer(join(import.meta.dirname, 'server.js'));
    try {
        const opened = await timed(() => server.open(uri, lab.text));
        const document = TextDocument.create(uri, 'nettopo', 1, lab.text);
        // The keystrokes go into a comment at the end of the first router's block: every one changes the text, none its meaning.
        const anchor = lab.text.indexOf('\n}', lab.text.indexOf('router r0 {'));
        const typing = document.positionAt(anchor);
        const nodeName = document.positionAt(lab.text.indexOf('router r0 {') + 'router '.length + 1);
        const completionAt = document.positionAt(lab.text.indexOf('route default via ') + 'route default via '.length);
        let column = 0;
        const keystroke = async () => {
            const at = { line: typing.line, character: typing.character + column };
            await server.edit(uri, { start: at, end: at }, column === 0 ? ' # typing' : 'x');
            column += column === 0 ? ' # typing'.length : 1;
        };
        const hover = () => server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: nodeName });
        const complete = () => server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: completionAt });

        // Warm up once: the first build of every code path is slower.
        await hover();
        const keystrokeToDiagnostics: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
            for (let key = 0; key < BURST - 1; key++) {
                await keystroke();
                await sleep(KEYSTROKE_MS);
            }
            const published = server.next(uri);
            const start = performance.now();
            await keystroke();
            await published;
            keystrokeToDiagnostics.push(performance.now() - start);
            await settle(server, uri);
        }
        const idle: number[] = [];
        for (let round = 0; round < ROUNDS * 4; round++) idle.push(await timed(hover));

        const during = async (request: () => Promise<unknown>, delay: number) => {
            const samples: number[] = [];
            for (let round = 0; round < ROUNDS; round++) {
                const published = server.next(uri);
                await keystroke();
                if (delay > 0) await sleep(delay);
                samples.push(await timed(request));
                await published;
                await settle(server, uri);
            }
            return figures(samples);
        };
        // Parsing and linking come first (a hover waits for the new text's syntax), validation last.
        const build = figures(keystrokeToDiagnostics).median;
        const at = (share: number) => `${Math.round(share * 100)}% (${ms(share * build)})`;
        return {
            file: `${lab.lines.toLocaleString('en-US')} lines`,
            'open to first diagnostics': ms(opened),
            'last keystroke to diagnostics': show(figures(keystrokeToDiagnostics)),
            'hover (node tables), idle': show(figures(idle)),
            'hover right behind a keystroke': show(await during(hover, 0)),
            [`hover sent ${at(0.25)} of the way to the diagnostics`]: show(await during(hover, 0.25 * build)),
            [`hover sent ${at(0.5)} of the way`]: show(await during(hover, 0.5 * build)),
            [`hover sent ${at(0.75)} of the way`]: show(await during(hover, 0.75 * build)),
            [`hover sent ${at(0.9)} of the way`]: show(await during(hover, 0.9 * build)),
            'completion right behind a keystroke': show(await during(complete, 0)),
            [`completion sent ${at(0.5)} of the way`]: show(await during(complete, 0.5 * build)),
            [`completion sent ${at(0.9)} of the way`]: show(await during(complete, 0.9 * build))
        };
    } finally {
        await server.stop();
    }
}

/** Waits until no diagnostics have arrived for a while: the build of the last edit is done. */
async function settle(server: ServerProcess, uri: string): Promise<void> {
    let count = -1;
    while (count !== (server.published.get(uri)?.length ?? 0)) {
        count = server.published.get(uri)?.length ?? 0;
        await sleep(150);
    }
}

const results: Record<string, Record<string, string>> = {};
for (const hosts of SIZES) {
    process.stderr.write(`measuring ${hosts.toLocaleString('en-US')} hosts...\n`);
    results[`${hosts.toLocaleString('en-US')} hosts`] = await measure(hosts);
}
const columns = Object.keys(results);
console.log(`nettopo language server over LSP (out/server.js, stdio), Node ${process.versions.node}, medians of ${ROUNDS} rounds\n`);
console.log(`| | ${columns.join(' | ')} |`);
console.log(`|---|${columns.map(() => '--:').join('|')}|`);
// Rows by position: the delays in their names differ by size.
const rows = columns.map((column) => Object.entries(results[column]));
rows[0].forEach(([name], index) =>
    console.log(
        `| ${name.replace(/ \(\d[^)]*\)/, '')} | ${rows
            .map((entries) => {
                const [key, value] = entries[index];
                const delay = / \((\d[^)]*)\)/.exec(key)?.[1];
                return delay ? `${value}, sent at +${delay}` : value;
            })
            .join(' | ')} |`
    )
);
