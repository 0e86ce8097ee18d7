import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { formatIpv4, formatPrefix } from '../../language/src/address/ipv4.js';
import { importCommands } from '../../language/src/import/commands-import.js';
import { runCommand, withRunCleanup } from '../../language/src/kernel/processes.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * net-tools' `ifconfig` and `route` as `import commands` (and so `import kathara`) reads them,
 * against the real commands on the kernel: the same lines run in a namespace of the test's own,
 * one after the other; the commands the import refuses are those the kernel refuses, and the
 * interface's addresses, its up flag and the routes the lines leave are the ones the import has.
 */
const LINES = [
    // no length: class C's /24; with it, the interface is set up although `up` is not written
    'ifconfig va 198.18.5.1',
    // a second address replaces the first (SIOCSIFADDR), and netmask changes its length
    'ifconfig va 198.18.5.2 netmask 255.255.255.252',
    'ifconfig va down',
    // down, then an address alone: up again
    'ifconfig va 198.18.6.1/30',
    'route add -net 198.19.0.0 netmask 255.255.0.0 gw 198.18.6.2 dev va',
    'route add -net 198.19.1.0/24 gw 198.18.6.2',
    'route add default gw 198.18.6.2',
    'route add -host 198.19.9.9 gw 198.18.6.2 metric 3',
    // neither -net nor -host: a host route
    'route add 198.19.7.0 gw 198.18.6.2',
    'route add -net 198.19.4.0 netmask 255.255.255.0 dev va',
    // -net without a netmask: the kernel refuses it
    'route add -net 198.19.128.0 gw 198.18.6.2'
];

interface State {
    readonly refused: readonly string[];
    readonly addresses: readonly string[];
    readonly up: boolean;
    /** Routes that are not the interface's own subnet: DEST via GW metric M. */
    readonly routes: readonly string[];
}

const routeKey = (destination: string, gateway: string | undefined, metric: number) => `${destination}${gateway ? ` via ${gateway}` : ''} metric ${metric}`;

function imported(): State {
    const script = ['ip netns add b', 'ip link add va type veth peer name vb netns b', ...LINES].join('\n');
    const { topology, problems } = importCommands(script, 'lines.sh');
    const va = topology.nodes.find((node) => node.name === 'host')!;
    const iface = va.interfaces.find((entry) => entry.name === 'va')!;
    return {
        refused: problems.filter((problem) => problem.severity === 'error').map((problem) => problem.command),
        addresses: iface.addresses.map(formatPrefix),
        up: !iface.down,
        routes: va.routes
            .map((route) =>
                routeKey(
                    route.destination.length === 0 ? 'default' : formatPrefix(route.destination),
                    route.gateway === undefined ? undefined : formatIpv4(route.gateway),
                    route.metric
                )
            )
            .sort()
    };
}

async function measured(prefix: string): Promise<State> {
    const [a, b] = [`${prefix}-a`, `${prefix}-b`];
    const run = (args: string[]) => runCommand(args[0], args.slice(1));
    for (const ns of [a, b]) expect((await run(['ip', 'netns', 'add', ns])).code).toBe(0);
    expect((await run(['ip', '-n', a, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', b])).code).toBe(0);
    const refused: string[] = [];
    for (const line of LINES) if ((await run(['ip', 'netns', 'exec', a, ...line.split(' ')])).code !== 0) refused.push(line);
    const addressJson = JSON.parse((await run(['ip', '-n', a, '-j', 'address', 'show', 'dev', 'va'])).stdout) as {
        flags: string[];
        addr_info: { family: string; local: string; prefixlen: number }[];
    }[];
    const routes = JSON.parse((await run(['ip', '-n', a, '-j', 'route', 'show'])).stdout) as {
        dst: string;
        gateway?: string;
        metric?: number;
        protocol?: string;
    }[];
    return {
        refused,
        addresses: addressJson[0].addr_info.filter((info) => info.family === 'inet').map((info) => `${info.local}/${info.prefixlen}`),
        up: addressJson[0].flags.includes('UP'),
        routes: routes
            .filter((route) => route.protocol !== 'kernel')
            .map((route) => routeKey(route.dst === 'default' || route.dst.includes('/') ? route.dst : `${route.dst}/32`, route.gateway, route.metric ?? 0))
            .sort()
    };
}

describe.skipIf(skipKernel)(kernelTitle('net-tools on the kernel: ifconfig and route as the import reads them'), () => {
    test('every line: refused or not, and the addresses, up flag and routes they leave', async () => {
        requireKernel();
        const prefix = `nt${randomBytes(4).toString('hex').slice(0, 6)}`;
        const kernel = await withRunCleanup(prefix, () => measured(prefix));
        expect(kernel.refused).toEqual(['route add -net 198.19.128.0 gw 198.18.6.2']);
        expect(imported()).toEqual(kernel);
    });
});
