import { formatIpv4, parseIpv4, type Ipv4 } from '../address/ipv4.js';
import type { PingTo } from '../model/topology.js';
import { resolveName, reverseName, type Lookup } from './name-resolution.js';
import type { Network } from './network.js';
import { simulatePing, type PingOptions, type PingResult } from './ping.js';

/** A name that did not resolve: ping prints its one line and exits (status 2) before sending anything. */
export interface NameFailure {
    readonly stage: 'resolve';
    readonly lookup: Extract<Lookup, { kind: 'unknown' | 'unanswered' }>;
}

/** `ping -c N NAME` of a name that resolved: how, then the ping of its address (senders printed as for a name). */
export interface ResolvedNamePing extends PingResult {
    readonly name: string;
    readonly lookup: Extract<Lookup, { kind: 'hosts' | 'dns' }>;
}

/** `ping -c N NAME` of a name that did not resolve: nothing was pinged. */
export interface UnresolvedName extends Omit<PingResult, 'target' | 'failure' | 'statistics'> {
    readonly name: string;
    readonly target?: undefined;
    readonly lookup: NameFailure['lookup'];
    readonly failure: NameFailure;
}

export type NamePingResult = ResolvedNamePing | UnresolvedName;

/** What a `ping` to an address or to a name did. */
export type AnyPingResult = PingResult | NamePingResult;

/** Whether an address was pinged (always, but for a name that did not resolve). */
export function pinged(result: AnyPingResult): result is PingResult {
    return result.target !== undefined;
}

/** Simulates `ping -c N [-b] [-I FROM]` of an address, or of a name that `source` resolves first. */
export function simulatePingTo(network: Network, source: string, to: PingTo): AnyPingResult {
    const options: PingOptions = { from: to.from, count: to.count, broadcast: to.broadcast };
    return to.name === undefined ? simulatePing(network, source, to.target, options) : simulateNamePing(network, source, to.name, options);
}

/**
 * `ping -c N NAME` on `source`: the lookup's DNS exchanges come first in the trace, then the ping's
 * packets. ping prints each sender through a reverse lookup (measured): `NAME (ADDR)` when the
 * address has a name, `ADDR (ADDR)` when the lookup says it has none, the bare `ADDR` when no
 * nameserver answers it.
 */
export function simulateNamePing(network: Network, source: string, name: string, options: PingOptions = {}): NamePingResult {
    const lookup = resolveName(network, source, name);
    const queried = lookup.queries.flatMap((query) => query.trace);
    if (lookup.kind === 'unknown' || lookup.kind === 'unanswered') {
        const why = lookup.kind === 'unknown' ? 'Name or service not known' : 'Temporary failure in name resolution';
        const failure: NameFailure = { stage: 'resolve', lookup };
        return { source, name, lookup, reply: false, lines: [`ping: ${name}: ${why}`], path: [], trace: queried, failure, count: options.count ?? 1 };
    }
    const ping = simulatePing(network, source, lookup.record.address, options);
    const lines = ping.lines.map((line) =>
        line.replace(SENDER, (_, before: string, address: string, after: string) => before + sender(network, source, address) + after)
    );
    return { ...ping, name, lookup, lines, trace: [...queried, ...ping.trace] };
}

/** The sender of a reply, error or redirect line, as ping prints it for an address target. */
const SENDER = /^(64 bytes from |From )(\d+\.\d+\.\d+\.\d+)([: ])/;

function sender(network: Network, source: string, text: string): string {
    // The line's sender is an address the engine printed: it parses.
    const reverse = reverseName(network, source, parseIpv4(text) as Ipv4);
    if (reverse.kind === 'unanswered') return text;
    return `${reverse.kind === 'unknown' ? text : reverse.record.name} (${text})`;
}

/** Whether a ping's outcome is that of a name target. */
export function isNamePing(result: AnyPingResult): result is NamePingResult {
    return 'name' in result && result.name !== undefined;
}

/** The target as ping's header names it: the name, or the address. */
export function pingedName(result: AnyPingResult): string {
    return isNamePing(result) ? result.name : formatIpv4(result.target);
}
