import { formatIpv4 } from '../address/ipv4.js';
import { formatDestination, formatIpRoutes, formatRouteN } from '../engine/route-format.js';
import type { RouteEntry } from '../engine/route-table.js';
import { displayName, errorLines, loadFile, UsageError } from './cli-support.js';

export const ROUTE_FORMATS = ['ip', 'route', 'json'] as const;
export type RouteFormat = (typeof ROUTE_FORMATS)[number];

/**
 * `nettopo routes FILE NODE`: the node's main table as `ip route`, `route -n` or JSON prints it.
 * The file's errors go to standard error first, as `ping` reports them: a table built from lines
 * with errors is not the one the file meant, and the user should not have to run `check` to know.
 */
export async function routesCommand(
    path: string,
    nodeName: string,
    format: RouteFormat,
    out: (text: string) => void,
    err: (line: string) => void
): Promise<number> {
    const file = await loadFile(path);
    const node = file.network.nodes.get(nodeName);
    if (!node) throw new UsageError(`${displayName(path)} has no host or router named '${nodeName}'`);
    errorLines(path, file).forEach(err);
    if (format === 'ip') out(formatIpRoutes(node.table));
    else if (format === 'route') out(formatRouteN(node.table));
    else out(`${JSON.stringify(node.table.sorted().map(routeJson))}\n`);
    return 0;
}

/** A route as JSON, with the names `ip -j route` uses (a multipath route's gateways and devices in its `nexthops`). */
function routeJson(entry: RouteEntry): Record<string, unknown> {
    const hop = (gateway: number | undefined, device: string | undefined) => ({
        ...(gateway !== undefined && { gateway: formatIpv4(gateway) }),
        ...(device !== undefined && { dev: device })
    });
    return {
        type: entry.type,
        dst: formatDestination(entry),
        ...(!entry.nexthops && hop(entry.gateway, entry.device)),
        ...(entry.proto !== 'boot' && { protocol: entry.proto }),
        scope: entry.scope === 'link' ? 'link' : 'global',
        ...(entry.source !== undefined && { prefsrc: formatIpv4(entry.source) }),
        metric: entry.metric,
        ...(entry.onlink && { flags: ['onlink'] }),
        ...(entry.nexthops && { nexthops: entry.nexthops.map((each) => ({ ...hop(each.gateway, each.device), weight: each.weight })) })
    };
}
