import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { crashedRuns, forgetRun, recordRun } from './run-records.js';

/**
 * Child processes and lab namespaces, tracked so that nothing outlives the run: every namespace
 * whose name starts with an active run's prefix is deleted when the run ends, and also when the
 * process gets any signal that can be caught and ends a process (Ctrl-C, `kill`, a closed terminal
 * or ssh session, Ctrl-\\) or exits early. What a SIGKILL leaves, `cleanUpCrashedRuns` removes.
 */

/** Each running child, and the promise of its end. */
const children = new Map<ChildProcess, Promise<void>>();
const activeRuns = new Set<string>();
/** Set once a signal came: no command starts any more, so no lab grows while it is being removed. */
let stopping = false;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

export interface CommandResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs a command (no shell unless `command` is one) with `input` on stdin, in the C locale. */
export function runCommand(command: string, args: readonly string[], input = '', timeoutMs = 60_000): Promise<CommandResult> {
    // The run is being torn down and the process ends: the caller waits for a result that never comes.
    if (stopping) return new Promise(() => undefined);
    return new Promise((resolve, reject) => {
        // Its own process group, so that killing it kills the `ip` commands a script started too.
        const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, detached: true });
        children.set(
            child,
            new Promise((ended) => {
                child.once('close', () => ended());
                child.once('error', () => ended());
            })
        );
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk) => {
            stdout += chunk;
        });
        child.stderr.setEncoding('utf8').on('data', (chunk) => {
            stderr += chunk;
        });
        // A hung command must not hang the run (its lab is torn down after it).
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', (error) => {
            clearTimeout(timer);
            children.delete(child);
            reject(new Error(`cannot run ${command}: ${error.message}`));
        });
        child.on('close', (code) => {
            clearTimeout(timer);
            children.delete(child);
            resolve({ code, stdout, stderr });
        });
        child.stdin.on('error', () => {
            /* the command exited without reading its input */
        });
        child.stdin.end(input);
    });
}

/**
 * Starts a long-running command (a lab's server), tracked like `runCommand`'s children so that a
 * signal kills it too; the caller stops it by its process id (`stopProcess`).
 */
export function startProcess(command: string, args: readonly string[]): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, detached: true });
    children.set(
        child,
        new Promise((ended) => {
            child.once('close', () => ended());
            child.once('error', () => ended());
        })
    );
    child.once('close', () => children.delete(child));
    child.once('error', () => children.delete(child));
    return child;
}

/** Stops a process `startProcess` started (its whole group, by id) and waits until it is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
    const ended = children.get(child);
    if (!ended) return;
    try {
        process.kill(-child.pid!, 'SIGTERM');
    } catch {
        // It is gone already.
    }
    await ended;
}

/**
 * Runs `body` with `runPrefix` registered for cleanup; afterwards (however `body` ends) deletes
 * every namespace named `runPrefix-...` that is left.
 */
export async function withRunCleanup<T>(runPrefix: string, body: () => Promise<T>): Promise<T> {
    if (activeRuns.size === 0) installHandlers();
    activeRuns.add(runPrefix);
    recordRun(runPrefix);
    try {
        return await body();
    } finally {
        activeRuns.delete(runPrefix);
        if (activeRuns.size === 0) removeHandlers();
        await deleteNamespaces(namespacesOf((await runCommand('ip', ['netns', 'list'])).stdout, runPrefix));
        forgetRun(runPrefix);
    }
}

/**
 * Removes what runs that died without cleaning up (SIGKILL, a crash) left behind: the namespaces
 * (and /etc/netns entries) named after their recorded prefixes, only those. Returns their names.
 */
export async function cleanUpCrashedRuns(): Promise<string[]> {
    const runs = crashedRuns();
    if (runs.length === 0) return [];
    const list = (await runCommand('ip', ['netns', 'list'])).stdout;
    const left = runs.flatMap((runPrefix) => namespacesOf(list, runPrefix));
    await deleteNamespaces(left);
    for (const runPrefix of runs) forgetRun(runPrefix);
    return left;
}

async function deleteNamespaces(namespaces: readonly string[]): Promise<void> {
    const script = deleteCommands(namespaces);
    if (script) await runCommand('ip', ['-force', '-batch', '-'], script);
    removeEtcEntries(namespaces);
}

/** `ip netns exec` bind-mounts /etc/netns/NS/*: a lab has none, but one added by hand to a lab namespace goes with it. */
function removeEtcEntries(namespaces: readonly string[]): void {
    for (const ns of namespaces) rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
}

function namespacesOf(list: string, runPrefix: string): string[] {
    return list
        .split('\n')
        .map((line) => line.split(' ')[0])
        .filter((name) => name.startsWith(`${runPrefix}-`));
}

function deleteCommands(namespaces: readonly string[]): string {
    return namespaces.map((ns) => `netns del ${ns}\n`).join('');
}

function killChildren(): void {
    for (const child of children.keys()) {
        try {
            process.kill(-child.pid!, 'SIGKILL');
        } catch {
            // The group is gone already.
        }
    }
}

/** Synchronous last-resort cleanup: the process is about to go. */
function cleanUpNow(): void {
    killChildren();
    sweepNow();
}

/** Deletes the active runs' namespaces, synchronously (no other code runs meanwhile). */
function sweepNow(): void {
    try {
        const list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
        const left = [...activeRuns].flatMap((runPrefix) => namespacesOf(list, runPrefix));
        const script = deleteCommands(left);
        if (script) execFileSync('ip', ['-force', '-batch', '-'], { input: script, stdio: ['pipe', 'ignore', 'ignore'] });
        removeEtcEntries(left);
        for (const runPrefix of activeRuns) forgetRun(runPrefix);
    } catch {
        // Nothing more can be done while exiting; the run prefix names what is left.
    }
}

/**
 * The first signal: stop starting commands, kill the running ones and wait until they are gone
 * (an `ip netns add` still running could add a namespace after the sweep), sweep, then die of the
 * signal as the default handler would have. Signals that come meanwhile are ignored.
 */
async function onSignal(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return;
    stopping = true;
    const ended = [...children.values()];
    killChildren();
    await Promise.all(ended);
    sweepNow();
    activeRuns.clear();
    removeHandlers();
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
