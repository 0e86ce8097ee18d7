import { formatIpv4 } from '../address/ipv4.js';
import { describeFailure } from '../engine/explain.js';
import { simulatePing, type PingResult } from '../engine/ping.js';
import { resolvePingTarget } from '../engine/ping-target.js';
import { errorLines, loadFile, UsageError } from './cli-support.js';

interface Output {
    out(line: string): void;
    err(line: string): void;
}

/** `nettopo ping FILE SOURCE TARGET`: one simulated `ping -c 1`; exit 0 on a reply, 1 without. */
export async function pingOneCommand(path: string, source: string, targetText: string, json: boolean, io: Output): Promise<number> {
    const file = await loadFile(path);
    if (!file.network.nodes.has(source)) throw new UsageError(`${path} has no host or router named '${source}'`);
    const target = resolvePingTarget(file.network, targetText);
    if (typeof target !== 'number') throw new UsageError(`${path}: ${target.error}`);
    errorLines(path, file).forEach(io.err);
    const result = simulatePing(file.network, source, target);
    report(result, null, json, io);
    return result.reply ? 0 : 1;
}

/** `nettopo ping FILE`: every `ping` statement in order; exit 0 when all expectations hold. */
export async function pingAllCommand(path: string, json: boolean, io: Output): Promise<number> {
    const file = await loadFile(path);
    errorLines(path, file).forEach(io.err);
    const runs = file.pingRuns;
    for (const run of runs) {
        if (!json) {
            const expectation = run.ping.expectReply ? 'expects a reply' : 'expects no reply';
            io.out(`ping ${run.ping.source} -> ${run.ping.targetText}${run.ping.targetText === formatIpv4(run.ping.target) ? '' : ` (${formatIpv4(run.ping.target)})`}: ${expectation}, ${run.holds ? 'holds' : 'DOES NOT HOLD'}`);
        }
        report(run.result, run.ping.expectReply, json, io, '  ');
    }
    return runs.every((run) => run.holds) ? 0 : 1;
}

function report(result: PingResult, expected: boolean | null, json: boolean, io: Output, indent = ''): void {
    const why = result.failure && describeFailure(result.failure, result);
    if (json) {
        io.out(JSON.stringify({
            source: result.source, target: formatIpv4(result.target), reply: result.reply, lines: result.lines,
            expected, path: result.path, ...(why && { why })
        }));
        return;
    }
    for (const line of result.lines) io.out(`${indent}${line}`);
    if (why) (expected === null ? io.err : io.out)(`${indent}# no reply: ${why}`);
}
