import { formatIpv4 } from '../../language/src/address/ipv4.js';
import { prng } from './prng.js';

/**
 * Seeded labs of LANs behind Linux routers, with mistakes put in on purpose, for the tests of
 * how diagnostics group by cause and how fixes repair them (and for the benchmark). Every address
 * is in 198.18.0.0/15, so any of them can also be built on the kernel.
 *
 * Shapes:
 * - `star`: a core router and the LAN routers on one backbone switch; the core has a route to
 *   every LAN, each LAN router a default route via the core.
 * - `mesh`: the LAN routers on one backbone switch, each with a route to every other LAN.
 * - `chain`: the LAN routers in a row, cabled point to point, each with a route to every other
 *   LAN via its left or right neighbour.
 * Hosts have a default route via their LAN's router. Faults (each on a different router):
 * - `missing-default`: a star's LAN router without its default route;
 * - `missing-route`: a router without its route to one other LAN (the core, in a star);
 * - `forwarding-off`: a router with `sysctl net.ipv4.ip_forward = 0`.
 */
export type LabShape = 'star' | 'mesh' | 'chain';
export type FaultKind = 'missing-default' | 'missing-route' | 'forwarding-off';

export interface LabOptions {
    readonly shape: LabShape;
    readonly lans: number;
    readonly hostsPerLan: number;
    readonly faults: Readonly<Partial<Record<FaultKind, number>>>;
    readonly pings?: number;
    readonly seed?: number;
}

export interface Fault {
    readonly kind: FaultKind;
    /** The router that has the mistake (where the fix goes). */
    readonly router: string;
    /** For `missing-route`: the LAN whose route is missing. */
    readonly lan?: number;
}

export interface FaultLab {
    readonly text: string;
    readonly faults: readonly Fault[];
    readonly hosts: number;
    readonly nodes: number;
}

const BACKBONE = ((198 << 24) | (19 << 16) | (255 << 8)) >>> 0;
const LINKS = ((198 << 24) | (19 << 16) | (254 << 8)) >>> 0;

/** LAN i is 198.18.i.0/24 (then 198.19.(i-256).0/24); its router is .1, its hosts .2 and up. */
const lanNetwork = (lan: number) => ((198 << 24) + (18 << 16) + (lan << 8)) >>> 0;

export function faultLab(options: LabOptions): FaultLab {
    const { shape, lans, hostsPerLan } = options;
    if (lans > 250 || hostsPerLan > 250 || (shape === 'chain' && lans > 64)) throw new Error('lab too large for its address plan');
    const random = prng(options.seed ?? 1);
    const routerName = (lan: number) => `r${lan}`;
    const faults = pickFaults(options, random);
    const faultOn = (lan: number, kind: FaultKind) => faults.find((fault) => fault.router === routerName(lan) && fault.kind === kind);
    const coreFault = (kind: FaultKind) => faults.find((fault) => fault.router === 'core' && fault.kind === kind);
    const lines: string[] = [`# ${shape} lab: ${lans} LANs of ${hostsPerLan} hosts (seed ${options.seed ?? 1})`, ''];
    const ip = (address: number) => formatIpv4(address >>> 0);
    const lanPrefix = (lan: number) => `${ip(lanNetwork(lan))}/24`;
    if (shape !== 'chain') lines.push(`switch backbone ${ip(BACKBONE)}/24`);
    for (let lan = 0; lan < lans; lan++) lines.push(`switch lan${lan} ${lanPrefix(lan)}`);
    lines.push('');
    const backboneAddress = (lan: number) => BACKBONE + lan + 2;
    // Chain link i joins router i (.4i+1, eth2) and router i+1 (.4i+2, eth3).
    const linkAddress = (link: number, right: boolean) => LINKS + 4 * link + (right ? 2 : 1);

    if (shape === 'star') {
        const missing = coreFault('missing-route');
        lines.push('# The core router: a route to every LAN.', 'router core {', `  eth0 ${ip(BACKBONE + 1)}/24 -- backbone`);
        for (let lan = 0; lan < lans; lan++) {
            if (missing?.lan !== lan) lines.push(`  route ${lanPrefix(lan)} via ${ip(backboneAddress(lan))}`);
        }
        lines.push('}', '');
    }
    for (let lan = 0; lan < lans; lan++) {
        lines.push(`# LAN ${lan}`, `router ${routerName(lan)} {`);
        if (shape === 'chain') {
            lines.push(`  eth1 ${ip(lanNetwork(lan) + 1)}/24 -- lan${lan}`);
            if (lan + 1 < lans) lines.push(`  eth2 ${ip(linkAddress(lan, false))}/30 -- ${routerName(lan + 1)}.eth3`);
            if (lan > 0) lines.push(`  eth3 ${ip(linkAddress(lan - 1, true))}/30`);
        } else {
            lines.push(`  eth0 ${ip(backboneAddress(lan))}/24 -- backbone`, `  eth1 ${ip(lanNetwork(lan) + 1)}/24 -- lan${lan}`);
        }
        if (faultOn(lan, 'forwarding-off')) lines.push('  sysctl net.ipv4.ip_forward = 0');
        if (shape === 'star') {
            if (!faultOn(lan, 'missing-default')) lines.push(`  route default via ${ip(BACKBONE + 1)}`);
        } else {
            const missing = faultOn(lan, 'missing-route');
            const left = linkAddress(lan - 1, false);
            const right = linkAddress(lan, true);
            for (let other = 0; other < lans; other++) {
                if (other === lan || missing?.lan === other) continue;
                const gateway = shape === 'mesh' ? backboneAddress(other) : other < lan ? left : right;
                lines.push(`  route ${lanPrefix(other)} via ${ip(gateway)}`);
            }
            // A chain's links beyond the neighbours' are routed too, so that every address answers.
            for (let link = 0; shape === 'chain' && link < lans - 1; link++) {
                if (link < lan - 1) lines.push(`  route ${ip(LINKS + 4 * link)}/30 via ${ip(left)}`);
                else if (link > lan) lines.push(`  route ${ip(LINKS + 4 * link)}/30 via ${ip(right)}`);
            }
        }
        lines.push('}');
        for (let index = 0; index < hostsPerLan; index++) {
            lines.push(
                `host h${lan}_${index} {`,
                `  eth0 ${ip(lanNetwork(lan) + 2 + index)}/24 -- lan${lan}`,
                `  route default via ${ip(lanNetwork(lan) + 1)}`,
                '}'
            );
        }
        lines.push('');
    }
    lines.push('# Pings between LANs: by design, every one gets its reply.');
    for (let count = 0; count < (options.pings ?? 8) && lans > 1; count++) {
        const from = Math.floor(random() * lans);
        const to = (from + 1 + Math.floor(random() * (lans - 1))) % lans;
        lines.push(`ping h${from}_${Math.floor(random() * hostsPerLan)} -> h${to}_${Math.floor(random() * hostsPerLan)}`);
    }
    return { text: `${lines.join('\n')}\n`, faults, hosts: lans * hostsPerLan, nodes: lans * (hostsPerLan + 1) + (shape === 'star' ? 1 : 0) };
}

function pickFaults(options: LabOptions, random: () => number): Fault[] {
    const { shape, lans } = options;
    const faults: Fault[] = [];
    const free = Array.from({ length: lans }, (_, lan) => lan);
    const take = () => free.splice(Math.floor(random() * free.length), 1)[0];
    for (const kind of ['missing-default', 'missing-route', 'forwarding-off'] as const) {
        for (let count = 0; count < (options.faults[kind] ?? 0); count++) {
            if (kind === 'missing-default' && shape !== 'star') throw new Error('only a star has default routes on its routers');
            if (kind === 'missing-route' && shape === 'star') {
                // In a star, the routes to the LANs are the core's.
                if (faults.some((fault) => fault.router === 'core')) throw new Error('one missing route on the core at most');
                faults.push({ kind, router: 'core', lan: take() });
                continue;
            }
            if (free.length === 0) throw new Error('more faults than routers');
            const lan = take();
            const other = kind === 'missing-route' ? (lan + 1 + Math.floor(random() * (lans - 1))) % lans : undefined;
            faults.push({ kind, router: `r${lan}`, lan: other });
        }
    }
    return faults;
}
