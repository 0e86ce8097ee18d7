import { randomBytes } from 'node:crypto';
import { formatIpv4, parseIpv4 } from '../address/ipv4.js';
import { MAX_PING_COUNT, validPingCount, type PingFrom, type PingTo, type Topology } from '../model/topology.js';
import { HOST_NAME } from '../model/host-names.js';
import { formatPingFrom, resolvePingFrom } from '../engine/ping-target.js';
import { startDnsServers } from './dns-servers.js';
import { loadNetText } from '../load.js';
import { checkLabAddresses } from './address-guard.js';
import { measureRules, type MeasuredRules } from './iptables-script.js';
import { LabInputError, netnsScript, netnsTeardownScript, nodeNamespace, parseRefusals, refusedSetting, type Refusal } from './netns-script.js';
import { pingPacketLines } from './ping-output.js';
import { runCommand, withRunCleanup } from './processes.js';

/**
 * The kernel lab runner: builds a topology out of network namespaces, measures what the real
 * kernel does with it (route tables, refused routes, `ping -c N`), and tears it down. The result
 * has the shape of the `*.truth.json` kernel samples.
 */

/** A node's main routing table as `ip route show` and `route -n` print it, verbatim. */
export interface MeasuredRoutes {
    readonly ip: string;
    readonly route: string;
}

export interface MeasuredPing {
    readonly source: string;
    /** The dotted-quad address pinged, or the host name (`ping NAME`). */
    readonly target: string;
    /** `ping -I FROM`: an address or an interface of the source; absent without `-I`. */
    readonly from?: string;
    /** `ping -c N`; absent for 1. */
    readonly count?: number;
    /** `ping -b`; absent without it. */
    readonly broadcast?: true;
    /** True when `ping` exited with status 0 (it got an echo reply). */
    readonly reply: boolean;
    /** The lines ping printed about its packets, without ` time=...` (see `pingPacketLines`). */
    readonly lines: string[];
}

/** What the kernel did with a topology: the shape of a `*.truth.json` file. */
export interface KernelTruth {
    /** Per node, in declaration order. */
    readonly routes: Record<string, MeasuredRoutes>;
    readonly pings: MeasuredPing[];
    /** Routes `ip route add` refused, in node and route order. */
    readonly refused: Refusal[];
    /** `iptables -S` and `-t nat -S` of each node with `nat` or `filter` lines; absent when there are none. */
    readonly rules?: Record<string, MeasuredRules>;
}

export interface MeasureOptions {
    /** The pings to measure, each on a lab of its own; default: the topology's `ping` statements. */
    readonly pings?: readonly {
        readonly source: string;
        readonly target: string;
        readonly from?: string;
        readonly count?: number;
        readonly broadcast?: true;
    }[];
    /** `ping -W`: how long ping waits for an answer. Default 4. */
    readonly timeoutSeconds?: number;
    /** Starts every namespace name of the run; default `nt` and 6 random base36 characters. */
    readonly prefix?: string;
    /** Allows addresses outside 198.18.0.0/15 (never needed by tests). */
    readonly allowAnyAddress?: boolean;
}

/** How many labs may exist at once in this process, over all runs. */
const LAB_CONCURRENCY = 8;
let labsRunning = 0;
const waitingLabs: (() => void)[] = [];

/** Measures `topology` on the real kernel: one lab for the route tables, one per ping. */
export async function measureTopology(topology: Topology, options: MeasureOptions = {}): Promise<KernelTruth> {
    const pings = (
        options.pings ??
        topology.pings.map((ping) => ({
            source: ping.source,
            target: ping.name ?? formatIpv4(ping.target),
            from: ping.from && formatPingFrom(ping.from),
            count: ping.count,
            broadcast: ping.broadcast
        }))
    ).map((ping) => {
        if (ping.count !== undefined && !validPingCount(ping.count)) throw new LabInputError(`ping count ${ping.count}: 1 to ${MAX_PING_COUNT}`);
        return { source: ping.source, target: parsePingTarget(ping.target, ping.from, ping) };
    });
    for (const ping of pings) {
        if (!topology.nodes.some((node) => node.name === ping.source)) throw new LabInputError(`ping source "${ping.source}" is not a host or router`);
    }
    if (!options.allowAnyAddress)
        checkLabAddresses(
            topology,
            pings.flatMap((ping) => [
                ...(ping.target.name === undefined ? [ping.target.target] : []),
                ...(ping.target.from?.address === undefined ? [] : [ping.target.from.address])
            ])
        );
    const runPrefix = options.prefix ?? `nt${randomBase36(6)}`;
    // Fails early, before anything is built, on names the lab cannot use.
    netnsScript(topology, { prefix: `${runPrefix}-0` });
    const timeoutSeconds = options.timeoutSeconds ?? 4;
    if (!(timeoutSeconds > 0 && timeoutSeconds <= 60)) throw new LabInputError(`ping timeout ${timeoutSeconds} s: it must be more than 0 and at most 60`);

    return withRunCleanup(runPrefix, async () => {
        const labs: Promise<unknown>[] = [
            inLab(topology, `${runPrefix}-0`, async (refused) => {
                const [routes, rules] = await Promise.all([
                    measureRoutes(topology, `${runPrefix}-0`),
                    measureRules(topology, (node) => nodeNamespace(`${runPrefix}-0`, node))
                ]);
                return { routes, refused, ...(rules && { rules }) };
            }),
            ...pings.map((ping, index) =>
                inLab(topology, `${runPrefix}-${index + 1}`, () =>
                    measurePing(nodeNamespace(`${runPrefix}-${index + 1}`, ping.source), ping.source, ping.target, timeoutSeconds)
                )
            )
        ];
        // Every lab must be finished before the run's final sweep, even when one of them failed.
        const settled = await Promise.allSettled(labs);
        const failed = settled.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
        const values = settled.map((result) => (result as PromiseFulfilledResult<unknown>).value);
        const { routes, refused, rules } = values[0] as Omit<KernelTruth, 'pings'>;
        return { routes, pings: values.slice(1) as MeasuredPing[], refused, ...(rules && { rules }) };
    });
}

/**
 * Parses `.net` text and measures it (see `measureTopology`); the pings are the file's `ping`
 * statements unless `options.pings` says otherwise. Throws `LabInputError` for text that does not parse.
 */
export async function measureNetText(text: string, options: MeasureOptions = {}): Promise<KernelTruth> {
    const { topology, diagnostics } = await loadNetText(text);
    const broken = diagnostics.find((diagnostic) => ['lexing-error', 'parsing-error', 'linking-error'].includes(codeOf(diagnostic.data)));
    if (broken) throw new LabInputError(`line ${broken.range.start.line + 1}: ${broken.message}`);
    return measureTopology(topology, options);
}

function codeOf(data: unknown): string {
    return typeof data === 'object' && data !== null && 'code' in data ? String(data.code) : '';
}

/** An address, or a host name (which `ping` resolves in the namespace); `from` as `ping -I` takes it; `-c N` and `-b`. */
export function parsePingTarget(target: string, from?: string, options: { readonly count?: number; readonly broadcast?: true } = {}): PingTo {
    const bound = {
        ...(from !== undefined && { from: parsePingFrom(from) }),
        ...(options.count !== undefined && { count: options.count }),
        ...(options.broadcast && { broadcast: true as const })
    };
    if (HOST_NAME.test(target)) return { name: target, ...bound };
    const address = parseIpv4(target);
    if (typeof address !== 'number') throw new LabInputError(`ping target: ${address.error}`);
    return { target: address, ...bound };
}

/** `ping -I`'s argument (see resolvePingFrom). */
function parsePingFrom(text: string): PingFrom {
    const from = resolvePingFrom(text);
    if ('error' in from) throw new LabInputError(`ping from: ${from.error}`);
    return from;
}

function randomBase36(length: number): string {
    return [...randomBytes(length)].map((byte) => (byte % 36).toString(36)).join('');
}

/**
 * Builds the topology under `prefix`, runs `body` with the routes the kernel refused, and tears
 * the lab down whatever happens; at most LAB_CONCURRENCY labs exist at once.
 */
async function inLab<T>(topology: Topology, prefix: string, body: (refused: Refusal[]) => Promise<T>): Promise<T> {
    await acquireLabSlot();
    try {
        const built = await runCommand('bash', ['-s'], netnsScript(topology, { prefix }));
        try {
            if (built.code !== 0) {
                const refused = refusedSetting(built.stderr);
                if (refused) throw new LabInputError(refused);
                throw new Error(`building the lab failed: ${(built.stderr || built.stdout).trim()}`);
            }
            const stopDnsServers = await startDnsServers(topology, prefix);
            try {
                return await body(parseRefusals(topology, built.stdout));
            } finally {
                await stopDnsServers();
            }
        } finally {
            await runCommand('bash', ['-s'], netnsTeardownScript(topology, { prefix }));
        }
    } finally {
        releaseLabSlot();
    }
}

async function acquireLabSlot(): Promise<void> {
    if (labsRunning < LAB_CONCURRENCY) {
        labsRunning++;
        return;
    }
    // The slot is handed over by releaseLabSlot, so `labsRunning` stays as it is.
    await new Promise<void>((resolve) => waitingLabs.push(resolve));
}

function releaseLabSlot(): void {
    const next = waitingLabs.shift();
    if (next) next();
    else labsRunning--;
}

async function measureRoutes(topology: Topology, prefix: string): Promise<Record<string, MeasuredRoutes>> {
    const tables = await Promise.all(
        topology.nodes.map(async (node) => {
            const ns = nodeNamespace(prefix, node.name);
            const [ip, route] = await Promise.all([runCommand('ip', ['-n', ns, 'route', 'show']), runCommand('ip', ['netns', 'exec', ns, 'route', '-n'])]);
            for (const result of [ip, route]) {
                if (result.code !== 0) throw new Error(`reading the routes of ${node.name} failed: ${result.stderr.trim()}`);
            }
            return [node.name, { ip: ip.stdout, route: route.stdout }] as const;
        })
    );
    return Object.fromEntries(tables);
}

async function measurePing(ns: string, source: string, to: PingTo, timeoutSeconds: number): Promise<MeasuredPing> {
    // An address with -n (no reverse lookups); a name as typed, so that ping resolves it and names its senders.
    const target = to.name ?? formatIpv4(to.target);
    const count = to.count ?? 1;
    const ping = [...(to.name === undefined ? ['ping', '-n'] : ['ping']), ...(to.from ? ['-I', formatPingFrom(to.from)] : []), ...(to.broadcast ? ['-b'] : [])];
    // One stream for stdout and stderr, in the order a terminal would show them; ping sends a packet a second.
    const result = await runCommand(
        'sh',
        ['-c', 'exec "$@" 2>&1', 'sh', 'ip', 'netns', 'exec', ns, ...ping, '-c', String(count), '-W', String(timeoutSeconds), target],
        '',
        (timeoutSeconds + count + 10) * 1000
    );
    return {
        source,
        target,
        ...(to.from && { from: formatPingFrom(to.from) }),
        ...(to.count !== undefined && { count: to.count }),
        ...(to.broadcast && { broadcast: true as const }),
        reply: result.code === 0,
        lines: pingPacketLines(result.stdout)
    };
}
