import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { startServer } from '../support/lsp-server.js';
import { REPO_ROOT, type FuzzCase } from './mutations.js';

/**
 * Runs fuzz cases through the real CLI process and a real language-server process, and returns
 * what went wrong (empty when nothing did): a crash (`internal error`, a stack trace, an exit status
 * outside the documented set), a hang (a deadline per case, generous), or, for `check --fix`, a
 * byte changed outside the edits the command reported.
 */

const bin = join(REPO_ROOT, 'bin/nettopo.js');
/** Per case and process: far beyond what any case takes, so that only a hang reaches it. */
export const CASE_DEADLINE_MS = 30_000;
/** Files per `check` process: starting Node is most of the cost of a small file. */
const BATCH = 40;
/** The exit statuses the spec documents. */
const STATUSES: Record<string, readonly number[]> = { check: [0, 1, 2], ping: [0, 1, 2], routes: [0, 2], export: [0, 2] };
const CRASH = /internal error|\n\s+at |TypeError|RangeError|ReferenceError|SyntaxError|Maximum call stack|heap out of memory/;

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly timedOut: boolean;
}

function nettopo(args: readonly string[], cwd: string, deadlineMs: number): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.setEncoding('utf8').on('data', (chunk) => {
            stdout += chunk;
        });
        child.stderr.setEncoding('utf8').on('data', (chunk) => {
            stderr += chunk;
        });
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, deadlineMs);
        child.on('close', (status) => {
            clearTimeout(timer);
            resolve({ status, stdout, stderr, timedOut });
        });
    });
}

function crashOf(command: string, run: Run): string | undefined {
    if (run.timedOut) return 'no answer before the deadline (a hang)';
    if (!STATUSES[command].includes(run.status ?? -1)) return `exit status ${run.status}`;
    const crash = CRASH.exec(run.stdout + run.stderr);
    return crash ? `crash: ${(run.stdout + run.stderr).slice(Math.max(0, crash.index - 200), crash.index + 300)}` : undefined;
}

const fileName = (fuzz: FuzzCase) => `case-${fuzz.seed}.net`;

/**
 * `check --json` and `check --fix --json` on every case (many files per process), and `ping`,
 * `routes` and `export` on every `everyNth` one. Writes the cases into `dir`.
 */
export async function fuzzCli(cases: readonly FuzzCase[], dir: string, everyNth = 1): Promise<{ failures: string[]; fixedFiles: number }> {
    const failures: string[] = [];
    let fixedFiles = 0;
    for (const fuzz of cases) {
        writeFileSync(join(dir, fileName(fuzz)), fuzz.bytes);
        copyFileSync(join(dir, fileName(fuzz)), join(dir, `fix-${fileName(fuzz)}`));
    }
    for (let start = 0; start < cases.length; start += BATCH) {
        const batch = cases.slice(start, start + BATCH);
        const deadline = CASE_DEADLINE_MS * batch.length;
        const checked = await nettopo(['check', '--json', ...batch.map(fileName)], dir, deadline);
        const crash = crashOf('check', checked);
        if (crash) failures.push(`check --json on seeds ${batch.map((fuzz) => fuzz.seed).join(' ')}: ${crash}`);
        const fixed = await nettopo(['check', '--fix', '--json', ...batch.map((fuzz) => `fix-${fileName(fuzz)}`)], dir, deadline);
        const fixCrash = crashOf('check', fixed);
        if (fixCrash) failures.push(`check --fix on seeds ${batch.map((fuzz) => fuzz.seed).join(' ')}: ${fixCrash}`);
        else {
            failures.push(...batch.flatMap((fuzz) => keptBytes(fuzz, fixed.stdout, readFileSync(join(dir, `fix-${fileName(fuzz)}`)))));
            fixedFiles += new Set(
                fixed.stdout
                    .split('\n')
                    .filter((line) => line.includes('"fixed":'))
                    .map((line) => JSON.parse(line).file)
            ).size;
        }
    }
    for (const fuzz of cases.filter((_, index) => index % everyNth === 0)) {
        const node = /^\s*(?:host|router)\s+([A-Za-z_][\w-]*)/m.exec(fuzz.bytes.toString('latin1'))?.[1] ?? 'nobody';
        for (const args of [
            ['ping', fileName(fuzz)],
            ['routes', fileName(fuzz), node],
            ['export', fileName(fuzz)]
        ]) {
            const run = await nettopo(args, dir, CASE_DEADLINE_MS);
            const crash = crashOf(args[0], run);
            if (crash) failures.push(`${args.join(' ')} (seed ${fuzz.seed}, ${fuzz.description}): ${crash}`);
        }
    }
    return { failures, fixedFiles };
}

/**
 * For `check --fix`: the file is the original with the reported edits applied round by round, and
 * nothing else changed. The edits are mapped onto the bytes here by the definition of an LSP
 * position (UTF-16 units of the decoded line), independently of the CLI's own mapping.
 */
function keptBytes(fuzz: FuzzCase, output: string, after: Buffer): string[] {
    const name = `fix-${fileName(fuzz)}`;
    const reports = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((report) => report.file === name && typeof report.fixed === 'string') as unknown as { round: number; edits: TextEdit[] }[];
    let expected: Buffer = fuzz.bytes;
    for (const round of [...new Set(reports.map((report) => report.round))].sort((a, b) => a - b)) {
        expected = applyByDefinition(
            expected,
            reports.filter((report) => report.round === round).flatMap((report) => report.edits)
        );
    }
    if (after.equals(expected)) return [];
    return [
        `check --fix (seed ${fuzz.seed}, ${fuzz.description}): the file is not the original with the reported edits (${reports.length} fixes):\n` +
            `expected ${JSON.stringify(expected.toString('latin1'))}\ngot      ${JSON.stringify(after.toString('latin1'))}`
    ];
}

function applyByDefinition(bytes: Buffer, edits: readonly TextEdit[]): Buffer {
    const placed = edits
        .map((edit, order) => ({ start: offsetOf(bytes, edit.range.start), end: offsetOf(bytes, edit.range.end), text: edit.newText, order }))
        .sort((a, b) => a.start - b.start || a.order - b.order);
    const parts: Buffer[] = [];
    let at = 0;
    for (const edit of placed) {
        parts.push(bytes.subarray(at, edit.start), Buffer.from(edit.text));
        at = edit.end;
    }
    return Buffer.concat([...parts, bytes.subarray(at)]);
}

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

/** The byte offset of an LSP position: the smallest split of its line whose decoded prefix has `character` units and decodes apart as together. */
function offsetOf(bytes: Buffer, position: TextEdit['range']['start']): number {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    let start = bom;
    for (let line = 0; line < position.line; line++) {
        const lf = bytes.indexOf(0x0a, start);
        const cr = bytes.indexOf(0x0d, start);
        if (cr >= 0 && (lf < 0 || cr < lf)) start = bytes[cr + 1] === 0x0a ? cr + 2 : cr + 1;
        else if (lf >= 0) start = lf + 1;
        else return bytes.length;
    }
    let end = start;
    while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
    const line = bytes.subarray(start, end);
    const whole = decode(line);
    for (let split = 0; split <= line.length; split++) {
        const prefix = decode(line.subarray(0, split));
        if (prefix.length === position.character && prefix + decode(line.subarray(split)) === whole) return start + split;
    }
    return end;
}

/**
 * Every case through one language server: open (under a name ending in .net, another name, or an
 * untitled URI), hover and code lenses, a change to the next case's text, close. The server must
 * answer each case before the deadline and stay up; no request may fail.
 */
export async function fuzzServer(cases: readonly FuzzCase[]): Promise<string[]> {
    const failures: string[] = [];
    const server = await startServer(join(REPO_ROOT, 'out/server.js'));
    try {
        for (const [index, fuzz] of cases.entries()) {
            const uri = [`file:///fuzz/case-${fuzz.seed}.net`, `file:///fuzz/CASE-${fuzz.seed}.txt`, `untitled:Untitled-${fuzz.seed}`][index % 3];
            const text = decode(fuzz.bytes).replace(/^\uFEFF/, '');
            const next = decode(cases[(index + 1) % cases.length].bytes).replace(/^\uFEFF/, '');
            const lines = text.split('\n');
            const line = fuzz.seed % Math.max(lines.length, 1);
            const position = { line, character: (fuzz.seed * 7) % Math.max((lines[line] ?? '').length, 1) };
            let timer: NodeJS.Timeout | undefined;
            const deadline = new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new Error('no answer before the deadline (a hang)')), CASE_DEADLINE_MS);
            });
            try {
                await Promise.race([
                    deadline,
                    (async () => {
                        await server.open(uri, text);
                        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
                        await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
                        await server.change(uri, next);
                        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
                        await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
                    })()
                ]);
            } catch (error) {
                failures.push(`server (seed ${fuzz.seed}, ${uri}, ${fuzz.description}): ${(error as Error).message}`);
            } finally {
                clearTimeout(timer);
            }
            if (server.process.exitCode !== null || server.process.signalCode !== null) {
                failures.push(`server (seed ${fuzz.seed}, ${uri}): the server process ended (${server.process.exitCode ?? server.process.signalCode})`);
                break;
            }
        }
    } finally {
        await server.stop();
    }
    return failures;
}
