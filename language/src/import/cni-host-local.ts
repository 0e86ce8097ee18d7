import { formatIpv4, formatPrefix, maskOf, networkOf, parseCidr, parseIpv4, prefixContains, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { CniFields } from './cni-fields.js';
import type { JsonValue } from './json-source.js';

/**
 * The `host-local` IPAM plugin (containernetworking/plugins, plugins/ipam/host-local): its ranges
 * read as its config.go and range.go canonicalize them, and its allocator's order on a fresh store.
 */

export interface HostLocalRange {
    readonly subnet: Prefix;
    readonly start: Ipv4;
    readonly end: Ipv4;
    readonly gateway: Ipv4;
}

/** A route of the `routes` list; without `gw` the container's first gateway is used (pkg/ipam ConfigureIface). */
export interface HostLocalRoute {
    readonly destination: Prefix;
    readonly gateway?: Ipv4;
    readonly line: number;
}

/** One address of the IPAM result: the container's address (with its subnet's length) and its range's gateway. */
export interface IpamAddress {
    readonly address: Prefix;
    readonly gateway: Ipv4;
}

/** A range set and what the allocator remembers of it: the addresses it handed out and the last one. */
export interface RangeSet {
    readonly ranges: readonly HostLocalRange[];
    readonly reserved: Set<Ipv4>;
    last?: { readonly range: number; readonly address: Ipv4 };
}

export interface HostLocal {
    readonly sets: readonly RangeSet[];
    readonly routes: readonly HostLocalRoute[];
}

const RANGE_FIELDS = { subnet: 'string', rangeStart: 'string', rangeEnd: 'string', gateway: 'string' } as const;

/** The `ipam` object of a `host-local` plugin, or undefined after an error. */
export function readHostLocal(fields: CniFields, ipam: JsonValue & { kind: 'object' }): HostLocal | undefined {
    const read = fields.read(ipam, 'host-local', {
        type: 'string',
        ...RANGE_FIELDS,
        ranges: 'array',
        routes: 'array',
        dataDir: 'string',
        resolvConf: 'string'
    });
    if (!read) return undefined;
    for (const key of ['dataDir', 'resolvConf'] as const) {
        const field = read.fields.get(key);
        if (field)
            fields.warn(
                field,
                key === 'dataDir'
                    ? 'not modelled: where host-local keeps its leases changes no address of a fresh host'
                    : 'not modelled: the host file it names is not read (no nameserver lines are written)'
            );
    }
    const specs: { value: JsonValue; line: number; set: number }[][] = [];
    // config.go: a range given at the top (the old style) comes first, ahead of `ranges`.
    if (read.fields.has('subnet')) specs.push([{ value: ipam, line: read.fields.get('subnet')!.line, set: 0 }]);
    else
        for (const key of ['rangeStart', 'rangeEnd', 'gateway'] as const)
            if (read.fields.has(key)) fields.error(read.fields.get(key)!, 'goes with subnet (the old single range)');
    for (const set of read.fields.get('ranges')?.value.kind === 'array' ? (read.fields.get('ranges')!.value as JsonValue & { kind: 'array' }).items : []) {
        if (set.kind !== 'array' || set.items.length === 0) {
            fields.errorAt(set.line, 'ranges', 'each item of ranges is a non-empty list of ranges ({ "subnet": ... })');
            return undefined;
        }
        specs.push(set.items.map((value) => ({ value, line: value.line, set: specs.length })));
    }
    if (specs.length === 0) {
        fields.errorAt(ipam.line, 'ipam', 'host-local needs a subnet or ranges');
        return undefined;
    }
    const sets: RangeSet[] = [];
    for (const spec of specs) {
        const ranges: HostLocalRange[] = [];
        let ipv6 = 0;
        for (const { value, line } of spec) {
            if (value.kind !== 'object') return void fields.errorAt(line, 'ranges', 'a range is an object ({ "subnet": ... })');
            const range = spec.length === 1 && value === ipam ? readRange(fields, value, read.fields, line) : readRangeObject(fields, value, line);
            if (range === 'ipv6') ipv6++;
            else if (range === undefined) return undefined;
            else ranges.push(range);
        }
        if (ipv6 > 0 && ranges.length > 0)
            return void fields.errorAt(spec[0].line, 'ranges', 'a range set mixes IPv4 and IPv6 subnets (host-local refuses it)');
        if (ipv6 > 0) {
            fields.warnAt(spec[0].line, 'ranges', 'not modelled: an IPv6 range set (the language is IPv4): the containers get no address from it');
            continue;
        }
        sets.push({ ranges, reserved: new Set() });
    }
    const all = sets.flatMap((set) => set.ranges);
    for (const [index, one] of all.entries()) {
        for (const other of all.slice(index + 1)) {
            if (overlaps(one, other))
                return void fields.errorAt(
                    ipam.line,
                    'ranges',
                    `the ranges ${formatIpv4(one.start)}-${formatIpv4(one.end)} and ${formatIpv4(other.start)}-${formatIpv4(other.end)} overlap (host-local refuses it)`
                );
        }
    }
    const routes = readRoutes(fields, read.fields.get('routes')?.value);
    return routes && { sets, routes };
}

function readRangeObject(fields: CniFields, value: JsonValue & { kind: 'object' }, line: number): HostLocalRange | 'ipv6' | undefined {
    const read = fields.read(value, 'range', RANGE_FIELDS);
    return read && readRange(fields, value, read.fields, line);
}

/** range.go's Canonicalize: the subnet's network address, room for two hosts, start and end inside, the defaults .1, last but broadcast, .1. */
function readRange(
    fields: CniFields,
    value: JsonValue,
    read: ReadonlyMap<string, { line: number; value: JsonValue }>,
    line: number
): HostLocalRange | 'ipv6' | undefined {
    const text = (key: string) => {
        const field = read.get(key);
        return field?.value.kind === 'string' ? field.value.value : undefined;
    };
    const where = (key: string) => read.get(key)?.line ?? line;
    const subnetText = text('subnet');
    if (subnetText === undefined) return void fields.errorAt(value.line, 'subnet', 'a range needs a subnet');
    if (subnetText.includes(':')) return 'ipv6';
    const subnet = parseCidr(subnetText);
    if ('error' in subnet) return void fields.errorAt(where('subnet'), 'subnet', subnet.error);
    if (subnet.length > 30)
        return void fields.errorAt(where('subnet'), 'subnet', `${subnetText} is too small to allocate from (host-local needs /30 or wider)`);
    if (networkOf(subnet.address, subnet.length) !== subnet.address)
        return void fields.errorAt(
            where('subnet'),
            'subnet',
            `${subnetText} has host bits set: write ${formatPrefix({ address: networkOf(subnet.address, subnet.length), length: subnet.length })}`
        );
    const address = (key: string, fallback: Ipv4, inside: boolean): Ipv4 | undefined => {
        const given = text(key);
        if (given === undefined) return fallback;
        const parsed = parseIpv4(given);
        if (typeof parsed !== 'number') return void fields.errorAt(where(key), key, parsed.error);
        if (inside && !prefixContains(subnet, parsed)) return void fields.errorAt(where(key), key, `${given} is not in ${subnetText}`);
        return parsed;
    };
    const last = (subnet.address | ~maskOf(subnet.length)) >>> 0;
    const gateway = address('gateway', subnet.address + 1, false);
    const start = address('rangeStart', subnet.address + 1, true);
    const end = address('rangeEnd', last - 1, true);
    if (gateway === undefined || start === undefined || end === undefined) return undefined;
    if (end < start) return void fields.errorAt(where('rangeEnd'), 'rangeEnd', `${formatIpv4(end)} comes before rangeStart ${formatIpv4(start)}`);
    return { subnet, start, end, gateway };
}

function overlaps(one: HostLocalRange, other: HostLocalRange): boolean {
    return one.start <= other.end && other.start <= one.end;
}

function readRoutes(fields: CniFields, list: JsonValue | undefined): HostLocalRoute[] | undefined {
    const routes: HostLocalRoute[] = [];
    for (const item of list?.kind === 'array' ? list.items : []) {
        if (item.kind !== 'object') return void fields.errorAt(item.line, 'routes', 'a route is an object ({ "dst": ..., "gw": ... })');
        const read = fields.read(item, 'route', { dst: 'string', gw: 'string', priority: 'number' });
        if (!read) return undefined;
        const dst = read.fields.get('dst');
        if (dst?.value.kind !== 'string') return void fields.errorAt(item.line, 'routes', 'a route needs a dst');
        if (dst.value.value.includes(':')) {
            fields.warn(dst, 'not modelled: an IPv6 route (the language is IPv4)');
            continue;
        }
        const destination = parseCidr(dst.value.value);
        if ('error' in destination) return void fields.error(dst, destination.error);
        const gw = read.fields.get('gw');
        const gateway = gw?.value.kind === 'string' ? parseIpv4(gw.value.value) : undefined;
        if (gateway !== undefined && typeof gateway !== 'number') return void fields.error(gw!, gateway.error);
        const priority = read.fields.get('priority');
        if (priority) fields.warn(priority, 'not modelled: a route priority (the route is written with metric 0)');
        routes.push({ destination: { address: networkOf(destination.address, destination.length), length: destination.length }, gateway, line: dst.line });
    }
    return routes;
}

/**
 * The next address of a range set, as the allocator hands it out on a store holding only this
 * import's leases (allocator.go, GetIter and Next): from the one after the last reserved (round
 * robin), else from the first range's start; inclusive ends, the next range after an end, the
 * gateway skipped; undefined once it has gone round.
 */
export function allocate(set: RangeSet): IpamAddress | undefined {
    const { ranges } = set;
    let index = set.last?.range ?? 0;
    let current = set.last?.address;
    let first: Ipv4 | undefined;
    for (;;) {
        let range = ranges[index];
        if (current === undefined) current = range.start;
        else if (current === range.end) {
            index = (index + 1) % ranges.length;
            range = ranges[index];
            current = range.start;
        } else current++;
        if (first === undefined) first = current;
        else if (current === first) return undefined;
        if (current === range.gateway || set.reserved.has(current)) continue;
        set.reserved.add(current);
        set.last = { range: index, address: current };
        return { address: { address: current, length: range.subnet.length }, gateway: range.gateway };
    }
}
