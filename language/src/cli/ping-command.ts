import { formatIpv4 } from '../address/ipv4.js';
import { describePingFailure } from '../engine/name-explain.js';
import { isNamePing, simulatePingTo, type AnyPingResult } from '../engine/name-ping.js';
import { formatPingFrom, resolvePingFrom, resolvePingTarget } from '../engine/ping-target.js';
import type { LoadedFile } from '../load.js';
import type { PingModel } from '../model/topology.js';
import { displayName, errorLines, loadFile, UsageError } from './cli-support.js';

interface Output {
    out(line: string): void;
    err(line: string): void;
}

/**
 * `nettopo ping FILE SOURCE TARGET [--from ADDR|IF] [--count N] [--broadcast]`: one simulated
 * `ping -c N [-b] [-I ADDR|IF]`; exit 0 on a reply (to any of its packets), 1 without, and 1 when
 * the file's errors mean the reply cannot be trusted (see {@link trusted}).
 */
export async function pingOneCommand(
    path: string,
    source: string,
    targetText: string,
    options: { readonly json: boolean; readonly from?: string; readonly count?: number; readonly broadcast: boolean },
    io: Output
): Promise<number> {
    const { json } = options;
    const file = await loadFile(path);
    if (!file.network.nodes.has(source)) throw new UsageError(`${displayName(path)} has no host or router named '${source}'`);
    const target = resolvePingTarget(file.network, targetText);
    if ('error' in target) throw new UsageError(`${displayName(path)}: ${target.error}`);
    const from = options.from === undefined ? undefined : resolvePingFrom(options.from);
    if (from && 'error' in from) throw new UsageError(`--from ${options.from}: ${from.error}`);
    errorLines(path, file).forEach(io.err);
    const result = simulatePingTo(file.network, source, { ...target, from, count: options.count, ...(options.broadcast && { broadcast: true as const }) });
    report(result, null, json, io);
    return result.reply && trusted(path, file, io) ? 0 : 1;
}

/** `nettopo ping FILE`: every `ping` statement in order; exit 0 when all expectations hold and can be trusted. */
export async function pingAllCommand(path: string, json: boolean, io: Output): Promise<number> {
    const file = await loadFile(path);
    errorLines(path, file).forEach(io.err);
    const runs = file.pingRuns;
    const holds = runs.every((run) => run.holds);
    for (const run of runs) {
        if (!json) {
            const expectation = run.ping.expectReply ? 'expects a reply' : 'expects no reply';
            io.out(
                `ping ${run.ping.source} -> ${run.ping.targetText}${aimedAt(run.result, run.ping.targetText)}${lineOptions(run.ping)}: ${expectation}, ${run.holds ? 'holds' : 'DOES NOT HOLD'}`
            );
        }
        report(run.result, run.ping.expectReply, json, io, '  ');
    }
    return holds && trusted(path, file, io) ? 0 : 1;
}

/**
 * Whether the pings of a file with errors say anything about the network it means. Pings still run
 * (the spec: errors do not stop the pings of valid nodes), but a user who scripts `ping && ...`
 * must not be told "yes" about a file whose syntax was guessed at, whose names are given twice, or
 * whose addresses or settings are invalid: the network simulated is not the one written. Refused
 * routes are the exception: the kernel refuses them too, and the simulation leaves them out as it does.
 */
function trusted(path: string, file: LoadedFile, io: Output): boolean {
    if (errorLines(path, file, ['route-refused']).length === 0) return true;
    io.err(`nettopo: ${displayName(path)} has errors (above), so the simulated network may not be the one written: fix them, then trust the result (exit 1)`);
    return false;
}

/** A ping line's options as written (` from eth0 count 3 broadcast`). */
function lineOptions(ping: PingModel): string {
    const from = ping.from ? ` from ${formatPingFrom(ping.from)}` : '';
    return `${from}${ping.count === undefined ? '' : ` count ${ping.count}`}${ping.broadcast ? ' broadcast' : ''}`;
}

/** ` (ADDR)` after a target written as a node, interface or name: the address pinged. */
function aimedAt(result: AnyPingResult, targetText: string): string {
    const address = result.target === undefined ? undefined : formatIpv4(result.target);
    return address === undefined || address === targetText ? '' : ` (${address})`;
}

function report(result: AnyPingResult, expected: boolean | null, json: boolean, io: Output, indent = ''): void {
    const why = describePingFailure(result);
    if (json) {
        io.out(
            JSON.stringify({
                source: result.source,
                // The address pinged: null for a name that did not resolve.
                target: result.target === undefined ? null : formatIpv4(result.target),
                ...(isNamePing(result) && { name: result.name }),
                reply: result.reply,
                lines: result.lines,
                expected,
                path: result.path,
                ...(why && { why })
            })
        );
        return;
    }
    for (const line of result.lines) io.out(`${indent}${line}`);
    if (why) (expected === null ? io.err : io.out)(`${indent}# no reply: ${why}`);
}
