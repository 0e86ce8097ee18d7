import { formatIpv4 } from '../address/ipv4.js';
import { describePingFailure } from '../engine/name-explain.js';
import { pinged, simulatePingTo, type AnyPingResult } from '../engine/name-ping.js';
import type { Network } from '../engine/network.js';
import type { PingModel } from '../model/topology.js';
import { withFix } from './cause-fixes.js';
import { causeKey, causeOf } from './causes.js';
import type { Finding, Fix } from './finding.js';
import { IssueCodes } from './issue-codes.js';

/** How many further causes a ping's message names after the first (each found with the ones before it fixed). */
const LATER_CAUSES = 3;

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

/**
 * An error on each `ping` line whose expectation does not hold, saying why: the cause that stops it
 * first, then what would stop it next once that is fixed, and so on (see {@link laterCauses}).
 * `fixes` are the preferred fixes of the causes the report found, by cause key.
 */
export function checkPings(runs: readonly PingRun[], network: Network, fixes: ReadonlyMap<string, Fix>): Finding[] {
    return runs
        .filter((run) => !run.holds)
        .map(({ ping, result }) => ({
            severity: 'error' as const,
            code: IssueCodes.PingExpectation,
            subject: ping,
            message: ping.expectReply
                ? `ping ${ping.source} -> ${describeTarget(ping)} gets no reply: ${describePingFailure(result)}${printed(result)}` +
                  laterCauses(network, ping, result, fixes)
                      .map((later) => `; once that is fixed, ${later}`)
                      .join('')
                : `ping ${ping.source} -> ${describeTarget(ping)} is expected to fail, but it gets a reply (${result.lines[result.lines.length - 1]})`
        }));
}

/**
 * A lost packet's causes after the first, in the order the packet meets them: the ping simulated
 * again with each cause's fix applied, while it still fails for a cause with a fix. Without this
 * a user fixes the named cause and only then learns of the next one.
 */
function laterCauses(network: Network, ping: PingModel, result: AnyPingResult, fixes: ReadonlyMap<string, Fix>): string[] {
    const later: string[] = [];
    const seen = new Set<string>();
    let current = network;
    let last = result;
    while (later.length < LATER_CAUSES && pinged(last) && !last.reply) {
        const found = causeOf(last, current);
        if (!found) break;
        const key = causeKey(found.cause);
        const fix = fixes.get(key);
        if (!fix || seen.has(key)) break;
        seen.add(key);
        current = withFix(current, found.cause.node, fix);
        last = simulatePingTo(current, ping.source, ping);
        if (last.reply) break;
        later.push(describePingFailure(last) ?? 'it still gets no reply');
    }
    return later;
}

function describeTarget(ping: PingModel): string {
    if (ping.target === undefined) return ping.targetText;
    const address = formatIpv4(ping.target);
    return ping.targetText === address ? address : `${ping.targetText} (${address})`;
}

function printed(result: AnyPingResult): string {
    return result.lines.length ? `. ping prints: ${result.lines.join(' / ')}` : '. ping prints nothing';
}
