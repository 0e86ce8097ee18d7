import { formatIpv4 } from '../address/ipv4.js';
import { describePingFailure } from '../engine/name-explain.js';
import { simulatePingTo, type AnyPingResult } from '../engine/name-ping.js';
import type { Network } from '../engine/network.js';
import type { PingModel } from '../model/topology.js';
import type { Finding } from './finding.js';
import { IssueCodes } from './issue-codes.js';

/** A `ping` statement with its simulated result. */
export interface PingRun {
    readonly ping: PingModel;
    readonly result: AnyPingResult;
    /** Whether the expectation (reply, or `fails`) holds. */
    readonly holds: boolean;
}

/** Simulates every `ping` statement, in file order (the editor keeps the runs per parse: `NetPingRuns`). */
export function runPings(network: Network): readonly PingRun[] {
    return network.topology.pings.map((ping) => {
        const result = simulatePingTo(network, ping.source, ping);
        return { ping, result, holds: result.reply === ping.expectReply };
    });
}

/** An error on each `ping` line whose expectation does not hold, saying why. */
export function checkPings(runs: readonly PingRun[]): Finding[] {
    return runs
        .filter((run) => !run.holds)
        .map(({ ping, result }) => ({
            severity: 'error' as const,
            code: IssueCodes.PingExpectation,
            subject: ping,
            message: ping.expectReply
                ? `ping ${ping.source} -> ${describeTarget(ping)} gets no reply: ${describePingFailure(result)}${printed(result)}`
                : `ping ${ping.source} -> ${describeTarget(ping)} is expected to fail, but it gets a reply (${result.lines[result.lines.length - 1]})`
        }));
}

function describeTarget(ping: PingModel): string {
    if (ping.target === undefined) return ping.targetText;
    const address = formatIpv4(ping.target);
    return ping.targetText === address ? address : `${ping.targetText} (${address})`;
}

function printed(result: AnyPingResult): string {
    return result.lines.length ? `. ping prints: ${result.lines.join(' / ')}` : '. ping prints nothing';
}
