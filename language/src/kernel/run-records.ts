import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A record per lab run in progress (`/run/nettopo/runs/PREFIX`: the process and when it started),
 * written before the run creates any namespace and removed after its final sweep. A run killed
 * where no handler runs (SIGKILL, a power cut) leaves its record, and so `verify --cleanup` knows,
 * by name, exactly which namespaces were ours: those starting with a recorded prefix whose process
 * is gone. Nothing else is ever touched.
 */

/** In /run: root's tmpfs, emptied at boot, like the namespaces themselves (/run/netns). */
const RECORDS = '/run/nettopo/runs';

interface RunRecord {
    readonly pid: number;
    /** The process's start time (/proc/PID/stat, field 22), so that a reused pid is not taken for the run. */
    readonly started: string;
}

/** Records the run `runPrefix` of this process. Best effort: a run that cannot record still cleans up after itself. */
export function recordRun(runPrefix: string): void {
    try {
        mkdirSync(RECORDS, { recursive: true, mode: 0o700 });
        writeFileSync(join(RECORDS, runPrefix), JSON.stringify({ pid: process.pid, started: processStart(process.pid) } satisfies RunRecord));
    } catch {
        // Without the record only `verify --cleanup` is lost, for this run.
    }
}

/** Forgets the run `runPrefix` (its namespaces are gone). */
export function forgetRun(runPrefix: string): void {
    rmSync(join(RECORDS, runPrefix), { force: true });
}

/** The prefixes of recorded runs whose process no longer exists. */
export function crashedRuns(): string[] {
    let names: string[];
    try {
        names = readdirSync(RECORDS);
    } catch {
        return [];
    }
    // Only names a run could have (see the lab prefixes of netns-script.ts): the rest is not ours.
    return names
        .filter((runPrefix) => /^[a-z][a-z0-9-]{0,23}$/.test(runPrefix))
        .filter((runPrefix) => {
            const record = readRecord(runPrefix);
            return record === undefined || processStart(record.pid) !== record.started;
        });
}

function readRecord(runPrefix: string): RunRecord | undefined {
    try {
        const record = JSON.parse(readFileSync(join(RECORDS, runPrefix), 'utf8')) as Partial<RunRecord>;
        return typeof record.pid === 'number' && typeof record.started === 'string' ? { pid: record.pid, started: record.started } : undefined;
    } catch {
        return undefined;
    }
}

/** Field 22 of /proc/PID/stat (after the command name, which may hold spaces and parentheses), or '' when there is no such process. */
function processStart(pid: number): string {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
    } catch {
        return '';
    }
}
