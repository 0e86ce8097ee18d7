import { formatIpv4 } from '../../language/src/address/ipv4.js';

/**
 * Labs of many routers cabled point to point, small files with long paths: the shapes that made
 * the route analysis quadratic (issue 17). Every address is in 198.18.0.0/15, so any of them can
 * also be built on the kernel; a lab too large for that plan is refused.
 *
 * Shapes:
 * - `ring`: router i's eth0 is cabled to router i+1's eth1 (link i, a /30), the last back to the first.
 * - `chain`: the same without the link that closes the ring.
 * - `mesh`: a grid, `columns` wide; each router cabled to its east (eth0 to eth1) and south (eth2 to
 *   eth3) neighbours.
 * With `lans`, each router also has a LAN (eth9, a /29) with one host on it, whose default route
 * is its router.
 *
 * Routing: a ring's routers route `clockwise` (each one's only route is `default via` its
 * clockwise neighbour, so a packet for the router just behind goes the long way round, and the
 * replies the rest of the way) or by the `shortest` way (the clockwise half, as a few covering
 * prefixes, via the clockwise neighbour; `default via` the counter-clockwise one). A chain's
 * routers route the routers after them (covering prefixes) via the next one, `default via` the
 * previous one. A mesh routes rows first (north or south), then along the row (west or east).
 * `missing`: the router (by index) that lacks its `default` route (a mesh's: its first route).
 */
export interface RouterLabOptions {
    readonly shape: 'ring' | 'chain' | 'mesh';
    readonly routers: number;
    /** A ring's routing (default `clockwise`). */
    readonly routing?: 'clockwise' | 'shortest';
    readonly lans?: boolean;
    /** For a mesh: routers per row (default: the square root, rounded; the routers fill whole rows). */
    readonly columns?: number;
    readonly missing?: number;
    /** `ping` statements: from each of these routers (by index) to the router halfway round. */
    readonly pingsFrom?: readonly number[];
}

export interface RouterLab {
    readonly text: string;
    /** Each router's name, by index. */
    readonly names: readonly string[];
    /** The address of each router's first interface, by index (what a ping to the router targets). */
    readonly addresses: readonly number[];
}

const BASE = ((198 << 24) | (18 << 16)) >>> 0;
const PLAN_SIZE = 1 << 17;
const ip = (address: number) => formatIpv4(address >>> 0);

/** The fewest prefixes that cover exactly the addresses first..last (plain 32-bit arithmetic: a generator, not the engine). */
function coveringPrefixes(first: number, last: number): string[] {
    const prefixes: string[] = [];
    let address = first;
    while (address <= last) {
        let size = 1;
        while (size < 2 ** 16 && address % (size * 2) === 0 && address + size * 2 - 1 <= last) size *= 2;
        prefixes.push(`${ip(address)}/${32 - Math.log2(size)}`);
        address += size;
    }
    return prefixes;
}

export function routerLab(options: RouterLabOptions): RouterLab {
    const { shape, routers } = options;
    if (routers < 2) throw new Error('a lab needs two routers');
    const columns = shape === 'mesh' ? (options.columns ?? Math.round(Math.sqrt(routers))) : routers;
    if (routers % columns !== 0) throw new Error('a mesh is a full grid: its routers a multiple of its columns');
    // Each router owns a block: its links' /30s (two in a mesh), then, with LANs, a /29 at +8.
    const linkBlock = shape === 'mesh' ? 8 : 4;
    const block = options.lans ? 16 : linkBlock;
    if (routers * block > PLAN_SIZE) throw new Error(`${routers} routers do not fit in 198.18.0.0/15`);
    const blockOf = (router: number) => BASE + block * router;
    const name = (router: number) => `r${router}`;
    const lanOf = (router: number) => blockOf(router) + 8;
    const lines: string[] = [
        `# ${shape} of ${routers} routers${options.lans ? ', each with a LAN' : ''}${shape === 'ring' ? ` (routing: ${options.routing ?? 'clockwise'})` : ''}`,
        ''
    ];
    const addresses: number[] = [];
    const cabled = (interfaces: string[], text: string, address: number) => {
        if (interfaces.length === 0) addresses.push(address);
        interfaces.push(text);
    };
    const rangeRoutes = (first: number, last: number, gateway: number) =>
        first > last ? [] : coveringPrefixes(blockOf(first), blockOf(last) + block - 1).map((prefix) => `  route ${prefix} via ${ip(gateway)}`);

    for (let router = 0; router < routers; router++) {
        const here = blockOf(router);
        const interfaces: string[] = [];
        let routes: string[];
        if (shape === 'mesh') {
            const row = Math.floor(router / columns);
            const column = router % columns;
            const east = column + 1 < columns && router + 1 < routers ? router + 1 : undefined;
            const south = router + columns < routers ? router + columns : undefined;
            const west = column > 0 ? router - 1 : undefined;
            const north = row > 0 ? router - columns : undefined;
            if (east !== undefined) cabled(interfaces, `  eth0 ${ip(here + 1)}/30 -- ${name(east)}.eth1`, here + 1);
            if (west !== undefined) cabled(interfaces, `  eth1 ${ip(blockOf(west) + 2)}/30`, blockOf(west) + 2);
            if (south !== undefined) cabled(interfaces, `  eth2 ${ip(here + 5)}/30 -- ${name(south)}.eth3`, here + 5);
            if (north !== undefined) cabled(interfaces, `  eth3 ${ip(blockOf(north) + 6)}/30`, blockOf(north) + 6);
            const rowStart = row * columns;
            const rowEnd = Math.min(routers, rowStart + columns) - 1;
            routes = [
                ...(north !== undefined ? rangeRoutes(0, rowStart - 1, blockOf(north) + 5) : []),
                ...(south !== undefined ? rangeRoutes(rowEnd + 1, routers - 1, here + 6) : []),
                ...(west !== undefined ? rangeRoutes(rowStart, router - 1, blockOf(west) + 1) : []),
                ...(east !== undefined ? rangeRoutes(router + 1, rowEnd, here + 2) : [])
            ];
            if (router === options.missing) routes.shift();
        } else {
            const next = router + 1 < routers ? router + 1 : shape === 'ring' ? 0 : undefined;
            const previous = router > 0 ? router - 1 : shape === 'ring' ? routers - 1 : undefined;
            if (next !== undefined) cabled(interfaces, `  eth0 ${ip(here + 1)}/30 -- ${name(next)}.eth1`, here + 1);
            if (previous !== undefined) cabled(interfaces, `  eth1 ${ip(blockOf(previous) + 2)}/30`, blockOf(previous) + 2);
            const clockwise = next !== undefined ? here + 2 : undefined;
            const counter = previous !== undefined ? blockOf(previous) + 1 : undefined;
            routes = ringRoutes(options, router, clockwise, counter, rangeRoutes);
        }
        if (options.lans) interfaces.push(`  eth9 ${ip(lanOf(router) + 1)}/29 -- lan${router}`);
        if (options.lans) lines.push(`switch lan${router} ${ip(lanOf(router))}/29`);
        lines.push(`router ${name(router)} {`, ...interfaces, ...routes, '}');
        if (options.lans)
            lines.push(`host h${router} {`, `  eth0 ${ip(lanOf(router) + 2)}/29 -- lan${router}`, `  route default via ${ip(lanOf(router) + 1)}`, '}');
    }
    for (const from of options.pingsFrom ?? []) lines.push(`ping ${name(from)} -> ${name((from + Math.floor(routers / 2)) % routers)}`);
    return { text: `${lines.join('\n')}\n`, names: Array.from({ length: routers }, (_, router) => name(router)), addresses };
}

/** A ring's or chain's routes for one router (see {@link RouterLabOptions}); `missing` drops the default. */
function ringRoutes(
    options: RouterLabOptions,
    router: number,
    clockwise: number | undefined,
    counter: number | undefined,
    rangeRoutes: (first: number, last: number, gateway: number) => string[]
): string[] {
    const { routers } = options;
    const withDefault = (gateway: number | undefined, rest: string[]) =>
        router === options.missing || gateway === undefined ? rest : [`  route default via ${ip(gateway)}`, ...rest];
    if (options.shape === 'ring' && options.routing !== 'shortest') return withDefault(clockwise, []);
    // The routers ahead: a ring's up to half way round, a chain's all those after this one.
    const ahead = options.shape === 'chain' ? routers - 1 - router : Math.floor((routers - 1) / 2);
    if (clockwise === undefined || ahead === 0) return withDefault(counter, []);
    // A ring's half may wrap past the last router; the part after the wrap starts again at 0.
    const last = router + ahead;
    const spans =
        last < routers
            ? [[router + 1, last]]
            : [
                  [router + 1, routers - 1],
                  [0, last - routers]
              ];
    return withDefault(
        counter,
        spans.flatMap(([first, end]) => rangeRoutes(first, end, clockwise))
    );
}
