import { formatIpv4 } from '../address/ipv4.js';
import { describeFailure, describeStop, pingVerdict } from './explain.js';
import { pinged, type AnyPingResult } from './name-ping.js';
import { DEFAULT_NAMESERVER, type DnsQuery, type Lookup } from './name-resolution.js';

/** Plain words for how `source` resolved `name`: the hosts line, or each nameserver asked and what became of the query. */
export function describeLookup(lookup: Lookup, source: string, name: string): string {
    if (lookup.kind === 'hosts')
        return `${source}'s hosts line \`hosts ${name} ${formatIpv4(lookup.record.address)}\` names ${formatIpv4(lookup.record.address)}`;
    const asked = lookup.queries.map((query) => describeQuery(query, name));
    const intro = `${source} has no hosts line for ${name}`;
    switch (lookup.kind) {
        case 'dns':
            return `${intro}; ${asked.join('; ')}`;
        case 'unknown':
            return `${intro}; ${asked.join('; ')}: no such name`;
        case 'unanswered':
            return `${intro}, and no nameserver answers: ${asked.join('; ')}`;
    }
}

/** What became of one query, in words: `nameserver 198.18.1.53 (ns) answers web is 198.18.1.5`. */
export function describeQuery(query: DnsQuery, name: string): string {
    const server = `nameserver ${formatIpv4(query.server)}`;
    const outcome = query.outcome;
    switch (outcome.kind) {
        case 'answered':
            return outcome.record
                ? `${server} (${outcome.node}) answers ${name} is ${formatIpv4(outcome.record.address)}`
                : `${server} (${outcome.node}) answers NXDOMAIN (it has no dns record for ${name})`;
        case 'unsent':
            return `${server}: the query cannot be sent (${UNSENT[outcome.reason]})`;
        case 'closed':
            return `${server}: ${outcome.node} serves no names there (nothing listens on UDP port 53${query.server === DEFAULT_NAMESERVER ? " of 127.0.0.1, glibc's nameserver when resolv.conf names none" : ''})`;
        case 'lost':
            return `${server}: the ${outcome.leg === 'query' ? 'query' : 'answer'} is lost: ${describeStop(outcome.stop)}`;
    }
}

const UNSENT = {
    'no-route': 'no route to it',
    'reject-route': 'a reject route to it',
    broadcast: 'it is a broadcast address',
    'no-source': 'no source address for it'
} as const;

/** Why a ping (to an address or a name) got no reply, in one sentence. */
export function describePingFailure(result: AnyPingResult): string | undefined {
    if (!pinged(result)) return describeLookup(result.lookup, result.source, result.name);
    return result.failure && describeFailure(result.failure, result);
}

/** One line for a code lens: the ping's verdict, or the line ping printed for a name that did not resolve. */
export function outcomeVerdict(result: AnyPingResult): string {
    return pinged(result) ? pingVerdict(result) : `✗ ${result.lines[0]}`;
}
