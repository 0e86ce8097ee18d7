import { formatIpv4, maskOf } from '../address/ipv4.js';
import { routeOrder, type RouteEntry, type RouteTable } from './route-table.js';

/**
 * One route as `ip route show` prints it (iproute2 ends every line with a space): a multipath
 * route's nexthops on lines of their own under it, each indented by a tab. The order is
 * iproute2's: type, destination, gateway, device, proto, scope, src, metric, flags, then the words
 * a dumped route kept (`mtu 1400`).
 */
export function formatIpRoute(entry: RouteEntry): string {
    const words: string[] = [];
    if (entry.type !== 'unicast') words.push(entry.type);
    words.push(formatDestination(entry));
    if (!entry.nexthops) words.push(...nexthopWords(entry));
    if (entry.proto !== 'boot') words.push('proto', entry.proto);
    if (entry.scope === 'link') words.push('scope', 'link');
    if (entry.source !== undefined) words.push('src', formatIpv4(entry.source));
    if (entry.metric !== 0) words.push('metric', String(entry.metric));
    if (!entry.nexthops) words.push(...flagWords(entry));
    if (entry.spec?.dumped?.extra) words.push(entry.spec.dumped.extra);
    const hops = (entry.nexthops ?? []).map((hop) => `\n\t${['nexthop', ...nexthopWords(hop), 'weight', String(hop.weight), ...flagWords(hop)].join(' ')} `);
    return `${words.join(' ')} ${hops.join('')}`;
}

function nexthopWords(hop: { readonly gateway?: number; readonly device?: string }): string[] {
    const words: string[] = [];
    if (hop.gateway !== undefined) words.push('via', formatIpv4(hop.gateway));
    if (hop.device !== undefined) words.push('dev', hop.device);
    return words;
}

function flagWords(hop: { readonly onlink?: true; readonly linkdown?: true }): string[] {
    return [...(hop.onlink ? ['onlink'] : []), ...(hop.linkdown ? ['linkdown'] : [])];
}

/** A route's destination as iproute2 writes it: `default`, a bare address for /32, else `ADDR/LEN`. */
export function formatDestination(entry: Pick<RouteEntry, 'destination' | 'length'>): string {
    if (entry.length === 0) return 'default';
    if (entry.length === 32) return formatIpv4(entry.destination);
    return `${formatIpv4(entry.destination)}/${entry.length}`;
}

/** How many routes of a summarized table are printed besides its connected and default routes: the first ones in `ip route` order. */
export const SUMMARY_FIRST = 10;

/**
 * The routes of a table to print, in `ip route` order: all of them, or, for a table of more than
 * `max` (a route file's hundreds of thousands, in a hover), its connected routes, its default
 * routes and its first few, with the count of the others. One pass, no sort of the whole table.
 */
function printedRoutes(table: RouteTable, max: number | undefined): { readonly entries: readonly RouteEntry[]; readonly more: number } {
    if (max === undefined || table.entries.length <= max) return { entries: table.sorted(), more: 0 };
    const kept: RouteEntry[] = [];
    const first: RouteEntry[] = [];
    for (const entry of table.entries) {
        if (entry.proto === 'kernel' || entry.length === 0) {
            kept.push(entry);
            continue;
        }
        if (first.length === SUMMARY_FIRST && routeOrder(entry, first[SUMMARY_FIRST - 1]) >= 0) continue;
        const at = first.findIndex((other) => routeOrder(entry, other) < 0);
        first.splice(at < 0 ? first.length : at, 0, entry);
        if (first.length > SUMMARY_FIRST) first.pop();
    }
    const entries = [...kept, ...first].sort(routeOrder);
    return { entries, more: table.entries.length - entries.length };
}

/** The line that stands for the routes a summary leaves out. */
function moreLine(more: number): string {
    return more ? `… ${more} more route${more === 1 ? '' : 's'}\n` : '';
}

/** The main table as `ip route show` prints it; with `max`, a table bigger than that summarized (see {@link printedRoutes}). */
export function formatIpRoutes(table: RouteTable, max?: number): string {
    const { entries, more } = printedRoutes(table, max);
    return entries.map((entry) => `${formatIpRoute(entry)}\n`).join('') + moreLine(more);
}

const ROUTE_N_HEADER = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';

/** The main table as net-tools' `route -n` prints it; with `max`, as {@link formatIpRoutes}. */
export function formatRouteN(table: RouteTable, max?: number): string {
    const { entries, more } = printedRoutes(table, max);
    return ROUTE_N_HEADER + entries.map((entry) => `${formatRouteNRow(entry)}\n`).join('') + moreLine(more);
}

/** One `route -n` row: reject routes (unreachable, prohibit) show `!` and dashes; blackhole shows `*`. */
export function formatRouteNRow(entry: RouteEntry): string {
    const reject = entry.type === 'unreachable' || entry.type === 'prohibit';
    // net-tools builds the flags in this order: a reject route's `!` replaces `UG`, `H` still follows.
    let flags = entry.gateway !== undefined ? 'UG' : 'U';
    if (reject) flags = '!';
    if (entry.length === 32) flags += 'H';
    const gateway = reject ? '-' : formatIpv4(entry.gateway ?? 0);
    const columns = [
        formatIpv4(entry.destination).padEnd(15),
        gateway.padEnd(15),
        formatIpv4(maskOf(entry.length)).padEnd(15),
        flags.padEnd(5),
        String(entry.metric).padEnd(6),
        (reject ? '-' : '0').padEnd(2),
        '0'.padStart(7)
    ];
    return `${columns.join(' ')} ${reject ? '-' : (entry.device ?? '*')}`;
}
