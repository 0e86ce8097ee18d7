import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/**
 * Child processes and lab namespaces, tracked so that nothing outlives the run: every namespace
 * whose name starts with an active run's prefix is deleted when the run ends, and also when the
 * process is interrupted (SIGINT, SIGTERM) or exits early.
 */

const children = new Set<ChildProcess>();
const activeRuns = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface CommandResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs a command (no shell unless `command` is one) with `input` on stdin, in the C locale. */
export function runCommand(command: string, args: readonly string[], input = '', timeoutMs = 60_000): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
        children.add(child);
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', chunk => { stdout += chunk; });
        child.stderr.setEncoding('utf8').on('data', chunk => { stderr += chunk; });
        // A hung command must not hang the run (its lab is torn down after it).
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', error => {
            clearTimeout(timer);
            children.delete(child);
            reject(new Error(`cannot run ${command}: ${error.message}`));
        });
        child.on('close', code => {
            clearTimeout(timer);
            children.delete(child);
            resolve({ code, stdout, stderr });
        });
        child.stdin.on('error', () => { /* the command exited without reading its input */ });
        child.stdin.end(input);
    });
}

/**
 * Runs `body` with `runPrefix` registered for cleanup; afterwards (however `body` ends) deletes
 * every namespace named `runPrefix-...` that is left.
 */
export async function withRunCleanup<T>(runPrefix: string, body: () => Promise<T>): Promise<T> {
    if (activeRuns.size === 0) installHandlers();
    activeRuns.add(runPrefix);
    try {
        return await body();
    } finally {
        activeRuns.delete(runPrefix);
        if (activeRuns.size === 0) removeHandlers();
        const left = (await runCommand('ip', ['netns', 'list'])).stdout;
        const script = deleteCommands(namespacesOf(left, runPrefix));
        if (script) await runCommand('ip', ['-force', '-batch', '-'], script);
    }
}

function namespacesOf(list: string, runPrefix: string): string[] {
    return list.split('\n').map(line => line.split(' ')[0]).filter(name => name.startsWith(`${runPrefix}-`));
}

function deleteCommands(namespaces: readonly string[]): string {
    return namespaces.map(ns => `netns del ${ns}\n`).join('');
}

/** Synchronous last-resort cleanup: the process is about to go. */
function cleanUpNow(): void {
    for (const child of children) child.kill('SIGKILL');
    try {
        const list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
        const script = deleteCommands([...activeRuns].flatMap(runPrefix => namespacesOf(list, runPrefix)));
        if (script) execFileSync('ip', ['-force', '-batch', '-'], { input: script, stdio: ['pipe', 'ignore', 'ignore'] });
    } catch {
        // Nothing more can be done while exiting; the run prefix names what is left.
    }
}

function onSignal(signal: NodeJS.Signals): void {
    cleanUpNow();
    activeRuns.clear();
    removeHandlers();
    // Die of the signal as the default handler would have.
    process.kill(process.pid, signal);
}

function installHandlers(): void {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('exit', cleanUpNow);
}

function removeHandlers(): void {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('exit', cleanUpNow);
}
