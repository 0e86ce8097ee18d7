/**
 * Seeded, in-memory `.net` topologies for the benchmark: LANs of hosts behind routers, the routers
 * joined by one core switch, and static routes everywhere, with a few deliberate mistakes.
 *
 * Design (for `hosts` hosts and `perLan` hosts per LAN, L = ceil(hosts / perLan) LANs):
 * - LAN i is switch `lanI` 10.(i>>8).(i&255).0/24; its router `rI` has eth0 .1 on the LAN and
 *   eth1 172.16.0.0+i+1/16 on switch `core`; hosts `hN` have eth0 .2, .3, ... and `route default via .1`.
 * - Each router has `route <LAN j> via <rJ core address>` for every other LAN j, except for a few
 *   seeded (a, b) pairs: router a then lacks the route to LAN b (`missing`).
 * - A couple of seeded hosts have no default route (`noDefault`).
 *
 * Every `ping` expectation is derived from that design by {@link expectReply}, never from the
 * simulator; then a handful are deliberately flipped (`wrong`), so the check has errors to report.
 */

import { formatIpv4 } from '../language/src/address/ipv4.js';
import { prng } from '../test/support/prng.js';

export interface BenchTopology {
    readonly text: string;
    readonly lines: number;
    readonly hostCount: number;
    readonly lanCount: number;
    readonly routeStatements: number;
    readonly pingCount: number;
    /** How many `ping` lines carry a deliberately wrong expectation. */
    readonly wrongCount: number;
    /** How many `ping` lines (correctly) expect `fails`. */
    readonly expectedFailures: number;
    readonly missing: readonly (readonly [number, number])[];
    readonly noDefault: readonly string[];
    /** The design, to predict any host-to-host ping (the all-pairs matrix is checked against it). */
    readonly design: Design;
}

/** What the benchmark needs to know about the design, without the simulator. */
export interface Design {
    readonly hosts: readonly HostInfo[];
    readonly lanCount: number;
    /** Router a lacks the route to LAN b: key `a>b`. */
    readonly missing: ReadonlySet<string>;
    /** The first host of each LAN. */
    readonly firstHostOfLan: readonly HostInfo[];
}

export interface HostInfo {
    readonly name: string;
    readonly lan: number;
    readonly address: number;
    readonly hasDefault: boolean;
}

const lanNetwork = (lan: number) => ((10 << 24) | (lan << 8)) >>> 0;
const routerLanAddress = (lan: number) => lanNetwork(lan) + 1;
const routerCoreAddress = (lan: number) => (((172 << 24) | (16 << 16)) >>> 0) + lan + 1;

/** Whether router `a` has its route to LAN `b` (a router always reaches its own LAN). */
function routes(design: Design, a: number, b: number): boolean {
    return a === b || !design.missing.has(`${a}>${b}`);
}

/** Whether, by design, `source` pinging host `target` gets an echo reply. */
export function expectReply(design: Design, source: HostInfo, target: HostInfo): boolean {
    if (source === target || source.lan === target.lan) return true;
    // Request: source -> its router -> (core) -> target's router -> target; the reply goes back the same way.
    return source.hasDefault && target.hasDefault && routes(design, source.lan, target.lan) && routes(design, target.lan, source.lan);
}

/** Whether, by design, `source` pinging router `lan`'s interface (eth0 on its LAN, eth1 on the core) gets a reply. */
function expectRouterReply(design: Design, source: HostInfo, lan: number, device: 'eth0' | 'eth1'): boolean {
    if (lan === source.lan && device === 'eth0') return true;
    if (!source.hasDefault) return false;
    // Weak host model: the address is local to router `lan` whichever interface the request arrives on.
    const there = device === 'eth1' || routes(design, source.lan, lan);
    return there && routes(design, lan, source.lan);
}

export interface GenerateOptions {
    readonly hosts: number;
    readonly perLan?: number;
    readonly pings?: number;
    readonly seed?: number;
    readonly missingRoutes?: number;
    readonly hostsWithoutDefault?: number;
    readonly wrongExpectations?: number;
}

export function generateTopology(options: GenerateOptions): BenchTopology {
    const perLan = options.perLan ?? 100;
    const hostCount = options.hosts;
    const lanCount = Math.ceil(hostCount / perLan);
    if (perLan > 250 || lanCount > 65_000) throw new Error('topology too large for the addressing plan');
    const random = prng(options.seed ?? 0x5eed);
    const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

    // The deliberate mistakes, seeded.
    const missing = new Set<string>();
    const missingPairs: [number, number][] = [];
    const missingCount = Math.min(options.missingRoutes ?? Math.max(3, Math.round(lanCount / 20)), lanCount * (lanCount - 1));
    while (missingPairs.length < missingCount) {
        const a = int(0, lanCount - 1);
        const b = int(0, lanCount - 1);
        if (a === b || missing.has(`${a}>${b}`)) continue;
        missing.add(`${a}>${b}`);
        missingPairs.push([a, b]);
    }
    const noDefault = new Set<number>();
    while (noDefault.size < Math.min(options.hostsWithoutDefault ?? 2, hostCount)) noDefault.add(int(0, hostCount - 1));

    const hosts: HostInfo[] = [];
    for (let index = 0; index < hostCount; index++) {
        const lan = Math.floor(index / perLan);
        hosts.push({ name: `h${index}`, lan, address: lanNetwork(lan) + 2 + (index % perLan), hasDefault: !noDefault.has(index) });
    }
    const firstHostOfLan = Array.from({ length: lanCount }, (_, lan) => hosts[lan * perLan]);
    const design: Design = { hosts, lanCount, missing, firstHostOfLan };

    const out: string[] = [
        `# nettopo benchmark topology: ${hostCount} hosts in ${lanCount} LANs of ${perLan}, seed ${options.seed ?? 0x5eed}`,
        'switch core 172.16.0.0/16'
    ];
    let routeStatements = 0;
    for (let lan = 0; lan < lanCount; lan++) {
        out.push('', `switch lan${lan} ${formatIpv4(lanNetwork(lan))}/24`);
        out.push(`router r${lan} {`, `  eth0 ${formatIpv4(routerLanAddress(lan))}/24 -- lan${lan}`, `  eth1 ${formatIpv4(routerCoreAddress(lan))}/16 -- core`);
        for (let other = 0; other < lanCount; other++) {
            if (other === lan || missing.has(`${lan}>${other}`)) continue;
            out.push(`  route ${formatIpv4(lanNetwork(other))}/24 via ${formatIpv4(routerCoreAddress(other))}`);
            routeStatements++;
        }
        out.push('}');
        for (const host of hosts.slice(lan * perLan, (lan + 1) * perLan)) {
            out.push(`host ${host.name} {`, `  eth0 ${formatIpv4(host.address)}/24 -- lan${lan}`);
            if (host.hasDefault) {
                out.push(`  route default via ${formatIpv4(routerLanAddress(lan))}`);
                routeStatements++;
            }
            out.push('}');
        }
    }

    // Pings: random cross-LAN pairs, same-LAN pairs, the mistakes on purpose, and router interfaces.
    const pingTotal = options.pings ?? 300;
    const pings: { line: string; expect: boolean }[] = [];
    const anyHost = () => hosts[int(0, hostCount - 1)];
    const hostIn = (lan: number) => hosts[Math.min(hostCount - 1, lan * perLan + int(0, perLan - 1))];
    const targetText = (host: HostInfo) => (random() < 0.5 ? host.name : random() < 0.5 ? `${host.name}.eth0` : formatIpv4(host.address));
    const pingHosts = (source: HostInfo, target: HostInfo) =>
        pings.push({ line: `ping ${source.name} -> ${targetText(target)}`, expect: expectReply(design, source, target) });
    for (const [a, b] of missingPairs) {
        pingHosts(hostIn(a), hostIn(b));
        pingHosts(hostIn(b), hostIn(a));
    }
    for (const index of noDefault) {
        pingHosts(hosts[index], anyHost());
        pingHosts(anyHost(), hosts[index]);
        pingHosts(hosts[index], hostIn(hosts[index].lan));
    }
    while (pings.length < pingTotal) {
        const kind = random();
        const source = anyHost();
        if (kind < 0.15) pingHosts(source, hostIn(source.lan));
        else if (kind < 0.25) {
            const lan = int(0, lanCount - 1);
            const device = random() < 0.5 ? 'eth0' : 'eth1';
            pings.push({ line: `ping ${source.name} -> r${lan}.${device}`, expect: expectRouterReply(design, source, lan, device) });
        } else pingHosts(source, anyHost());
    }
    // Shuffle (Fisher-Yates), then flip a handful of expectations.
    for (let index = pings.length - 1; index > 0; index--) {
        const other = int(0, index);
        [pings[index], pings[other]] = [pings[other], pings[index]];
    }
    const wrong = new Set<number>();
    while (wrong.size < Math.min(options.wrongExpectations ?? 5, pings.length)) wrong.add(int(0, pings.length - 1));
    out.push('', '# Expectations (derived from the design; a few are deliberately wrong)');
    let expectedFailures = 0;
    pings.forEach(({ line, expect }, index) => {
        const written = wrong.has(index) ? !expect : expect;
        if (!expect && !wrong.has(index)) expectedFailures++;
        out.push(written ? line : `${line} fails`);
    });
    out.push('');
    return {
        text: out.join('\n'),
        lines: out.length - 1,
        hostCount,
        lanCount,
        routeStatements,
        pingCount: pings.length,
        wrongCount: wrong.size,
        expectedFailures,
        missing: missingPairs,
        noDefault: [...noDefault].map((index) => hosts[index].name),
        design
    };
}
