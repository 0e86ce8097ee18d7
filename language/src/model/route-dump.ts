import { formatIpv4, parseCidr, parseIpv4, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { DumpedRoute, Nexthop, RouteSpec, RouteType } from './topology.js';

/**
 * `ip route show` output, as dumped from a real machine, read back into routes (`routes from
 * "FILE"`). A line is a route; a multipath route's `nexthop` lines follow it, indented. Every word
 * is understood, kept as printed because it changes no lookup (`mtu 1400`, `realm 3`), or an error
 * naming the line: a word that would change a lookup the model cannot make (`tos`, `table 100`,
 * `throw`, `scope host`) is never dropped unsaid.
 *
 * What the model does with the routes is the engine's business (route-table.ts): `ip route add`'s
 * refusals (a gateway on no connected subnet, a duplicate), and a connected route (`proto kernel`),
 * which the node's interfaces already add, checked against them and not added twice.
 */

/** A line that does not read as a route, and why. */
export interface DumpProblem {
    /** 1-based. */
    readonly line: number;
    readonly message: string;
}

export interface RouteDump {
    /** In file order. */
    readonly routes: readonly RouteSpec[];
    readonly problems: readonly DumpProblem[];
}

/** Words that take a value and change no lookup: route metrics of TCP and PMTU, realms, IPv6's preference, an expiry. */
const VALUE_WORDS = new Set([
    'mtu',
    'advmss',
    'rtt',
    'rttvar',
    'reordering',
    'window',
    'cwnd',
    'initcwnd',
    'initrwnd',
    'ssthresh',
    'quickack',
    'features',
    'congctl',
    'hoplimit',
    'rto_min',
    'fastopen_no_cookie',
    'realm',
    'realms',
    'pref',
    'expires'
]);

/** Flags that change no lookup: offload state, and multicast's. */
const FLAG_WORDS = new Set(['pervasive', 'offload', 'trap', 'rt_offload', 'rt_trap', 'rt_offload_failed', 'notify', 'unresolved']);

/** A dumped route's kept words as `ip route add` takes them: the flags (offload state) are the kernel's to set, not a command's. */
export function addableWords(extra: string): string[] {
    return extra.split(' ').filter((word) => !FLAG_WORDS.has(word));
}

/** The state of a device (its carrier, up or down), which the model has from the node's interfaces: not read from the dump. */
const STATE_WORDS = new Set(['linkdown', 'dead']);

/** Why a word that changes the lookup is not taken. */
const UNMODELLED: Readonly<Record<string, string>> = {
    tos: 'a route for one TOS value changes which packets it takes, and nettopo does not model TOS',
    dsfield: 'a route for one TOS value changes which packets it takes, and nettopo does not model TOS',
    nhid: 'nexthop objects (ip nexthop) are not modelled: dump with their nexthops written out',
    from: 'source-specific routes are not modelled',
    encap: 'encapsulating routes (lwtunnel) are not modelled',
    as: 'address translating routes (as ADDR) are not modelled'
};

const OTHER_TYPES: Readonly<Record<string, string>> = {
    local: "a route of the local table: dump the main table only (ip route show), the node's addresses make the local table",
    broadcast: "a route of the local table: dump the main table only (ip route show), the node's addresses make the local table",
    anycast: 'a route of the local table: dump the main table only (ip route show)',
    multicast: 'multicast routes are not modelled',
    throw: 'throw routes send the lookup on to the next policy rule, and nettopo models the main table only',
    nat: 'nat routes are not modelled'
};

const REJECT_TYPES = new Set<string>(['blackhole', 'unreachable', 'prohibit']);

const MAX_METRIC = 0xffffffff;

class LineError extends Error {}

/** The routes of a dump, and each line that does not read as one. */
export function parseRouteDump(text: string): RouteDump {
    const routes: RouteSpec[] = [];
    const problems: DumpProblem[] = [];
    // A multipath route's first line, waiting for its nexthop lines; broken by a nexthop line that does not read (then left out whole).
    let open: { route: RouteLine; line: number; broken?: true } | undefined;
    const close = () => {
        if (!open) return;
        const { route, line, broken } = open;
        open = undefined;
        if (broken) return;
        if (route.nexthops.length === 0) problems.push({ line, message: 'a route needs a gateway (via), a device (dev) or nexthop lines' });
        else routes.push(routeSpec(route, line));
    };
    const lines = text.split('\n');
    for (let index = 0; index < lines.length; index++) {
        const raw = lines[index];
        const line = index + 1;
        // `ip -oneline` joins a multipath route's lines with a backslash.
        const words = raw.split(/[ \t\r\\]+/).filter((word) => word !== '');
        if (words.length === 0 || words[0].startsWith('#')) continue;
        try {
            if (words[0] === 'nexthop') {
                if (!open) throw new LineError('a nexthop line belongs under a multipath route, and none comes before it');
                readNexthops(words, 0, open.route);
                continue;
            }
            close();
            const route = readRoute(words, raw.trim());
            if (route.type === 'unicast' && route.gateway === undefined && route.device === undefined) open = { route, line };
            else routes.push(routeSpec(route, line));
        } catch (error) {
            if (!(error instanceof LineError)) throw error;
            if (open && words[0] === 'nexthop') open.broken = true;
            problems.push({ line, message: error.message });
        }
    }
    close();
    return { routes, problems };
}

interface RouteLine {
    type: RouteType;
    destination: Prefix;
    destinationText: string;
    gateway?: Ipv4;
    device?: string;
    metric?: number;
    proto?: string;
    source?: Ipv4;
    onlink?: true;
    scope?: string;
    extra: string[];
    nexthops: Nexthop[];
    /** The fields given so far, as bits of {@link FIELDS} (a field is given once). */
    seen: number;
    /** The line as the file has it, blanks trimmed. */
    written: string;
}

/** The fields a route line gives at most once, each a bit. */
const FIELDS: Readonly<Record<string, number>> = { via: 1, dev: 2, proto: 4, scope: 8, src: 16, metric: 32, priority: 32, table: 64 };

function readRoute(words: readonly string[], written: string): RouteLine {
    let at = 0;
    let type: RouteType = 'unicast';
    if (words[at] === 'unicast') at++;
    else if (REJECT_TYPES.has(words[at])) type = words[at++] as RouteType;
    else if (words[at] in OTHER_TYPES) throw new LineError(`${words[at]}: ${OTHER_TYPES[words[at]]}`);
    const destinationText = words[at++];
    if (destinationText === undefined) throw new LineError(`${type} needs a destination`);
    const route: RouteLine = { type, destination: destination(destinationText), destinationText, extra: [], nexthops: [], seen: 0, written };
    while (at < words.length) {
        if (words[at] === 'nexthop') {
            readNexthops(words, at, route);
            break;
        }
        at = readField(words, at, route);
    }
    if (route.scope !== undefined && !(route.scope === 'link' && route.gateway === undefined) && route.scope !== 'global' && route.scope !== 'universe') {
        throw new LineError(`scope ${route.scope} changes how the kernel uses the route, and nettopo models scope link on routes without a gateway only`);
    }
    return route;
}

function destination(text: string): Prefix {
    if (text === 'default') return { address: 0, length: 0 };
    if (text.includes(':')) throw new LineError(`${text} is an IPv6 destination: nettopo models IPv4 (ip -4 route show)`);
    const parsed = parseCidr(text.includes('/') ? text : `${text}/32`);
    if ('error' in parsed) throw new LineError(`${text} is not a destination: ${parsed.error}`);
    return parsed;
}

function address(word: string | undefined, what: string): Ipv4 {
    const parsed = parseIpv4(word);
    if (typeof parsed !== 'number') throw new LineError(`${what} needs an IPv4 address${word === undefined ? '' : `, not ${word}`}`);
    return parsed;
}

/** The gateway after the `via` at `at`: iproute2 may name its family first (`via inet 10.0.0.1`). */
function gatewayWord(words: readonly string[], at: number): string | undefined {
    return words[at + 1] === 'inet' ? words[at + 2] : words[at + 1];
}

/** Reads the field at `at`, returns where the next one starts. */
function readField(words: readonly string[], at: number, route: RouteLine): number {
    const word = words[at];
    const value = words[at + 1];
    const once = () => {
        if (route.seen & FIELDS[word]) throw new LineError(`${word} is given twice`);
        route.seen |= FIELDS[word];
        if (value === undefined) throw new LineError(`${word} needs a value`);
    };
    switch (word) {
        case 'via':
            once();
            route.gateway = address(gatewayWord(words, at), 'via');
            return at + (value === 'inet' ? 3 : 2);
        case 'dev':
            once();
            route.device = value;
            return at + 2;
        case 'proto':
            once();
            route.proto = value;
            return at + 2;
        case 'scope':
            once();
            route.scope = value;
            return at + 2;
        case 'src':
            once();
            route.source = address(value, 'src');
            return at + 2;
        case 'metric':
        case 'priority':
            once();
            if (!/^\d+$/.test(value) || Number(value) > MAX_METRIC) throw new LineError(`metric takes a whole number from 0 to ${MAX_METRIC}, not ${value}`);
            route.metric = Number(value);
            return at + 2;
        case 'table':
            once();
            if (value !== 'main' && value !== '254') throw new LineError(`a route of table ${value}: nettopo models the main table only (ip route show)`);
            return at + 2;
        case 'onlink':
            route.onlink = true;
            return at + 1;
    }
    if (STATE_WORDS.has(word)) return at + 1;
    if (FLAG_WORDS.has(word)) {
        route.extra.push(word);
        return at + 1;
    }
    if (VALUE_WORDS.has(word)) {
        // `mtu lock 1400`: the value is fixed against path MTU discovery.
        const end = value === 'lock' ? at + 3 : at + 2;
        if (end > words.length) throw new LineError(`${word} needs a value`);
        route.extra.push(...words.slice(at, end));
        return end;
    }
    if (word in UNMODELLED) throw new LineError(`${word}: ${UNMODELLED[word]}`);
    throw new LineError(`nettopo does not know "${word}", so cannot tell whether it changes the route's lookups`);
}

/** Reads `nexthop via G dev D weight W [onlink]` groups from `at` to the end of the words. */
function readNexthops(words: readonly string[], at: number, route: RouteLine): void {
    if (route.type !== 'unicast' || route.gateway !== undefined || route.device !== undefined) {
        throw new LineError('a route with nexthops has no gateway or device of its own');
    }
    while (at < words.length) {
        if (words[at] !== 'nexthop') throw new LineError(`a nexthop starts with "nexthop", not ${words[at]}`);
        at++;
        const hop: { gateway?: Ipv4; device?: string; weight: number; onlink?: true } = { weight: 1 };
        const seen = new Set<string>();
        while (at < words.length && words[at] !== 'nexthop') {
            const word = words[at];
            const value = words[at + 1];
            if (word === 'onlink') {
                hop.onlink = true;
                at++;
                continue;
            }
            if (STATE_WORDS.has(word)) {
                at++;
                continue;
            }
            if (seen.has(word)) throw new LineError(`${word} is given twice in a nexthop`);
            seen.add(word);
            if (word === 'via') {
                hop.gateway = address(gatewayWord(words, at), 'via');
                if (value === 'inet') at++;
            } else if (word === 'dev') {
                if (value === undefined) throw new LineError('dev needs a device');
                hop.device = value;
            } else if (word === 'weight') {
                if (!/^\d+$/.test(value ?? '') || Number(value) < 1 || Number(value) > 256)
                    throw new LineError(`weight takes 1 to 256, not ${value ?? 'nothing'}`);
                hop.weight = Number(value);
            } else throw new LineError(`nettopo does not know "${word}" in a nexthop, so cannot tell whether it changes the route's lookups`);
            at += 2;
        }
        if (hop.gateway === undefined && hop.device === undefined) throw new LineError('a nexthop needs a gateway (via) or a device (dev)');
        route.nexthops.push(hop);
    }
}

function routeSpec(route: RouteLine, line: number): RouteSpec {
    // One nexthop is a plain route (the kernel prints it so).
    const hops = route.nexthops;
    const first = hops[0];
    const gateway = route.gateway ?? first?.gateway;
    const device = route.device ?? first?.device;
    const onlink = route.onlink ?? (hops.length === 1 ? first.onlink : undefined);
    const dumped: DumpedRoute = {
        line,
        ...(route.proto !== undefined && route.proto !== 'boot' && { proto: route.proto }),
        ...(route.source !== undefined && { source: route.source }),
        ...(onlink && { onlink }),
        ...(hops.length > 1 && { nexthops: hops }),
        ...(route.extra.length > 0 && { extra: route.extra.join(' ') })
    };
    const metric = route.metric ?? 0;
    return { destination: route.destination, type: route.type, gateway, device, metric, text: routeText(route), dumped };
}

/** The route for messages: its line as written, with a multipath route's nexthop lines joined to it. */
function routeText(route: RouteLine): string {
    if (route.nexthops.length === 0 || route.written.includes('nexthop')) return route.written;
    const hops = route.nexthops.map((hop) =>
        [
            'nexthop',
            ...(hop.gateway !== undefined ? ['via', formatIpv4(hop.gateway)] : []),
            ...(hop.device !== undefined ? ['dev', hop.device] : []),
            'weight',
            hop.weight
        ].join(' ')
    );
    return [route.written, ...hops].join(' ');
}
