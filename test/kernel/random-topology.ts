/**
 * Seeded random `.net` topologies for the kernel-vs-engine differential test, in the style of the
 * kernel samples: LANs joined by a chain of routers, hosts with default routes, and a sprinkling
 * of everything that makes Linux routing interesting (redirects, reject routes, refused routes,
 * rp_filter, missing return routes, loops). Only 198.18.0.0/15 addresses are used. The seed is
 * the first line of the text, so a failing topology can be generated again.
 */

import { prng } from '../support/prng.js';

/** Seeded choices (also used by the container generator, random-containers.ts). */
export class Dice {
    constructor(private readonly next: () => number) {}
    /** An integer in [low, high]. */
    int(low: number, high: number): number {
        return low + Math.floor(this.next() * (high - low + 1));
    }
    chance(p: number): boolean {
        return this.next() < p;
    }
    pick<T>(items: readonly T[]): T {
        return items[this.int(0, items.length - 1)];
    }
}

/** A LAN of a generated topology (the container generator's too). */
export interface Lan {
    readonly name: string;
    /** Third octet: the LAN is 198.18.octet.0/24. */
    readonly octet: number;
    /** Host parts in use (1..249; 250..255 stay free for pings to nobody). */
    readonly used: Set<number>;
    /** Routers on the LAN: their name and address there. */
    readonly routers: { node: string; address: string }[];
}

interface Node {
    readonly name: string;
    keyword: 'host' | 'router';
    readonly interfaces: string[];
    readonly sysctls: string[];
    readonly routes: string[];
    /** Every address of the node, for ping targets. */
    readonly addresses: string[];
    /** Interface names with their LAN (or undefined for point-to-point and dangling ones). */
    readonly ifaces: { name: string; lan?: Lan }[];
}

/** Random `.net` text for `seed`, with 8 pings. The same seed always gives the same text. */
/** A host address on `lan` that no node there has yet (also used by random-containers.ts). */
export function freshAddress(dice: Dice, lan: Lan): string {
    let host: number;
    do host = dice.int(1, 249);
    while (lan.used.has(host));
    lan.used.add(host);
    return `198.18.${lan.octet}.${host}`;
}

export function randomTopology(seed: number): string {
    const dice = new Dice(prng(seed));
    const octets = new Set<number>();
    const freshOctet = () => {
        let octet: number;
        do octet = dice.int(0, 255);
        while (octets.has(octet));
        octets.add(octet);
        return octet;
    };
    const lans: Lan[] = Array.from({ length: dice.int(2, 5) }, (_, index) => ({
        name: `lan${index + 1}`,
        octet: freshOctet(),
        used: new Set<number>(),
        routers: []
    }));
    const lanAddress = (lan: Lan) => freshAddress(dice, lan);
    const nodes: Node[] = [];
    const newNode = (name: string, keyword: Node['keyword']): Node => {
        const node: Node = { name, keyword, interfaces: [], sysctls: [], routes: [], addresses: [], ifaces: [] };
        nodes.push(node);
        return node;
    };
    const attach = (node: Node, lan: Lan, secondary = false) => {
        const name = `eth${node.ifaces.length}`;
        const address = lanAddress(lan);
        const addresses = [`${address}/24`];
        node.addresses.push(address);
        if (secondary) {
            const second = lanAddress(lan);
            addresses.push(`${second}/24`);
            node.addresses.push(second);
        }
        node.interfaces.push(`${name} ${addresses.join(', ')} -- ${lan.name}`);
        node.ifaces.push({ name, lan });
        return address;
    };
    /** Targets worth pinging because something special happens on the way to them. */
    const interesting: string[] = [];

    // Routers: a chain lan1 - R1 - lan2 - R2 - ..., sometimes one more across two random LANs.
    const routers: Node[] = [];
    const routerCount = lans.length - 1 + (dice.chance(0.4) ? 1 : 0);
    for (let index = 0; index < routerCount; index++) {
        const forwarding = dice.chance(0.7) ? 'router' : 'host';
        const router = newNode(`R${index + 1}`, forwarding);
        const [a, b] = index < lans.length - 1 ? [lans[index], lans[index + 1]] : twoOf(dice, lans);
        for (const lan of [a, b]) lan.routers.push({ node: router.name, address: attach(router, lan) });
        if (forwarding === 'host') router.sysctls.push('net.ipv4.ip_forward = 1');
        else if (dice.chance(0.1)) router.sysctls.push('net.ipv4.ip_forward = 0');
        routers.push(router);
    }

    // Point-to-point links between routers (/30s in 198.19/16), and interfaces linked to nothing.
    const p2pNets: string[] = [];
    if (routers.length >= 2 && dice.chance(0.6)) {
        const [a, b] = twoOf(dice, routers);
        const base = `198.19.${freshOctet()}`;
        const quad = dice.int(0, 63) * 4;
        p2pNets.push(`${base}.${quad}/30`);
        interesting.push(`${base}.${quad}`, `${base}.${quad + 3}`);
        a.interfaces.push(`p2p0 ${base}.${quad + 1}/30 -- ${b.name}.p2p0`);
        // Declaring the cable on one side is enough; sometimes both sides do.
        b.interfaces.push(`p2p0 ${base}.${quad + 2}/30${dice.chance(0.3) ? ` -- ${a.name}.p2p0` : ''}`);
        a.addresses.push(`${base}.${quad + 1}`);
        b.addresses.push(`${base}.${quad + 2}`);
    }
    if (dice.chance(0.2)) {
        const router = dice.pick(routers);
        const address = `198.18.${freshOctet()}.${dice.int(1, 249)}`;
        router.interfaces.push(`dangling0 ${address}/24`);
        router.addresses.push(address);
        interesting.push(address.replace(/\.\d+$/, `.${dice.int(250, 252)}`));
    }

    // Router routes toward the LANs they are not on: the next hop along the chain, except for
    // missing routes (so replies may not get back) and, now and then, a loop (back the way it came).
    for (const router of routers) {
        for (const lan of lans) {
            if (router.ifaces.some((iface) => iface.lan === lan)) continue;
            if (dice.chance(0.2)) continue;
            const hops = router.ifaces.flatMap((iface) => iface.lan!.routers.filter((r) => r.node !== router.name));
            if (hops.length === 0) continue;
            const toward = hops.filter((hop) => distance(lans, hop.node, routers, lan) < distance(lans, router.name, routers, lan));
            const loop = dice.chance(0.1);
            const hop = loop || toward.length === 0 ? dice.pick(hops) : dice.pick(toward);
            if (loop) interesting.push(`198.18.${lan.octet}.${dice.pick([...lan.used])}`);
            router.routes.push(`198.18.${lan.octet}.0/24 via ${hop.address}`);
        }
        for (const net of p2pNets) {
            if (router.interfaces.some((text) => text.startsWith('p2p0')) || dice.chance(0.5)) continue;
            const hops = router.ifaces.flatMap((iface) => iface.lan?.routers.filter((r) => r.node !== router.name) ?? []);
            if (hops.length > 0) {
                const hop = dice.pick(hops);
                router.routes.push(`${net} via ${hop.address}`);
            }
        }
    }

    // Hosts: one interface on a random LAN, a default route to one of its routers (a redirect
    // when another router there is the better hop), or routes to some LANs only.
    const hostCount = dice.int(1, 7);
    for (let index = 0; index < hostCount; index++) {
        const host = newNode(`h${index + 1}`, 'host');
        const lan = dice.pick(lans);
        attach(host, lan, dice.chance(0.12));
        const gateway = lan.routers.length > 0 ? dice.pick(lan.routers).address : undefined;
        if (gateway && dice.chance(0.75)) host.routes.push(`default via ${gateway}`);
        else if (lan.routers.length > 0) {
            for (const other of lans) {
                if (other !== lan && dice.chance(0.6)) host.routes.push(`198.18.${other.octet}.0/24 via ${dice.pick(lan.routers).address}`);
            }
        }
    }

    // Rarer shapes: a host on two LANs (or twice on one: asymmetric paths, ARP from either side),
    // and a route whose gateway is the node's own address (Linux takes it as on-link).
    const hosts = nodes.filter((node) => node.name.startsWith('h'));
    if (hosts.length > 0 && dice.chance(0.25)) attach(dice.pick(hosts), dice.pick(lans));
    if (dice.chance(0.15)) {
        const node = dice.pick(nodes);
        const octet = freshOctet();
        node.routes.push(`198.19.${octet}.0/24 via ${node.addresses[0]}`);
        interesting.push(`198.19.${octet}.${dice.int(1, 254)}`);
    }

    sprinkle(dice, nodes, lans, routers, interesting, freshOctet);

    const lines = [`# random topology, seed ${seed}`, ''];
    for (const lan of lans) lines.push(`switch ${lan.name} 198.18.${lan.octet}.0/24`);
    for (const node of nodes) {
        lines.push('', `${node.keyword} ${node.name} {`);
        for (const text of node.interfaces) lines.push(`  ${text}`);
        for (const text of node.sysctls) lines.push(`  sysctl ${text}`);
        for (const text of node.routes) lines.push(`  route ${text}`);
        lines.push('}');
    }
    lines.push('', ...pings(dice, nodes, lans, interesting));
    return lines.join('\n') + '\n';
}

/** The special cases, each on a few random nodes. */
function sprinkle(dice: Dice, nodes: Node[], lans: Lan[], routers: Node[], interesting: string[], freshOctet: () => number): void {
    const remoteLan = (node: Node) => dice.pick(lans.filter((lan) => !node.ifaces.some((iface) => iface.lan === lan)).concat(lans));
    const anyGateway = (node: Node) => {
        const lan = node.ifaces.find((iface) => iface.lan)?.lan;
        return lan?.routers.find((r) => r.node !== node.name)?.address;
    };
    const times = (p: number, action: (node: Node) => void) => {
        while (dice.chance(p)) action(dice.pick(nodes));
    };
    // A second route to the same prefix with a metric (the kernel keeps both, uses the lower).
    times(0.4, (node) => {
        const gateway = anyGateway(node);
        if (gateway) node.routes.push(`198.18.${remoteLan(node).octet}.0/24 via ${gateway} metric ${dice.pick([5, 100])}`);
    });
    // Host routes (/32, written both ways) and overlapping prefixes (a /28 or /16 over /24s).
    times(0.4, (node) => {
        const gateway = anyGateway(node);
        const lan = remoteLan(node);
        const host = `198.18.${lan.octet}.${dice.pick([...lan.used, 250])}`;
        if (gateway) node.routes.push(`${host}${dice.chance(0.5) ? '/32' : ''} via ${gateway}`);
        interesting.push(host);
    });
    times(0.4, (node) => {
        const gateway = anyGateway(node);
        const lan = remoteLan(node);
        const prefix = dice.chance(0.6) ? `198.18.${lan.octet}.${dice.int(0, 15) * 16}/28` : '198.18.0.0/16';
        if (gateway) node.routes.push(`${prefix} via ${gateway}`);
    });
    // Reject routes.
    times(0.5, (node) => {
        const lan = remoteLan(node);
        node.routes.push(`198.18.${lan.octet}.0/${dice.pick([24, 25])} ${dice.pick(['blackhole', 'unreachable', 'prohibit'])}`);
        interesting.push(`198.18.${lan.octet}.${dice.pick([...lan.used])}`);
    });
    // On-link routes and gateways nobody owns: ARP goes unanswered.
    times(0.35, (node) => {
        const iface = node.ifaces.find((candidate) => candidate.lan);
        if (!iface) return;
        const net = `198.19.${freshOctet()}`;
        node.routes.push(dice.chance(0.5) ? `${net}.0/24 dev ${iface.name}` : `${net}.0/24 via 198.18.${iface.lan!.octet}.253`);
        interesting.push(`${net}.${dice.int(1, 254)}`);
    });
    // Refused routes: an off-link gateway, a connected prefix again, host bits set.
    times(0.3, (node) => {
        node.routes.push(`198.19.${freshOctet()}.0/24 via 198.19.250.1`);
    });
    times(0.15, (node) => {
        const iface = node.ifaces.find((candidate) => candidate.lan);
        const gateway = anyGateway(node);
        if (iface && gateway) node.routes.push(`198.18.${iface.lan!.octet}.0/24 via ${gateway}`);
    });
    times(0.1, (node) => {
        const gateway = anyGateway(node);
        if (gateway) node.routes.push(`198.18.${remoteLan(node).octet}.${dice.int(1, 249)}/24 via ${gateway}`);
    });
    // Sysctls: reverse-path filtering, redirects, echo replies, forwarding.
    const sysctlOn = (node: Node, key: string, values: number[]) => {
        const iface = dice.chance(0.5) ? 'all' : dice.pick(node.ifaces).name;
        node.sysctls.push(`net.ipv4.${key.replace('IF', iface)} = ${dice.pick(values)}`);
    };
    times(0.4, (node) => sysctlOn(node, 'conf.IF.rp_filter', [1, 2]));
    while (dice.chance(0.5)) {
        const router = dice.pick(routers);
        sysctlOn(router, 'conf.IF.send_redirects', [0]);
        if (dice.chance(0.4)) sysctlOn(router, 'conf.IF.send_redirects', [0]);
    }
    times(0.2, (node) => {
        node.sysctls.push('net.ipv4.icmp_echo_ignore_all = 1');
    });
    times(0.15, (node) => {
        if (node.keyword === 'host' && !node.sysctls.includes('net.ipv4.ip_forward = 1')) node.sysctls.push('net.ipv4.ip_forward = 0');
    });
    // Forwarding switched off on one interface of a router (or on all, which is ip_forward).
    if (dice.chance(0.3)) sysctlOn(dice.pick(routers), 'conf.IF.forwarding', [0]);
    // An interface left down (`ip link set IF down`): its routes go, its cable's far end loses carrier.
    times(0.25, (node) => {
        const at = dice.int(0, node.interfaces.length - 1);
        if (!node.interfaces[at].endsWith(' down')) node.interfaces[at] += ' down';
    });
}

/** 8 pings: other nodes' addresses, own addresses, nobody in a known subnet, network and broadcast addresses, unknown subnets, special targets. */
function pings(dice: Dice, nodes: Node[], lans: Lan[], interesting: string[]): string[] {
    const lines: string[] = [];
    while (lines.length < 8) {
        const source = dice.pick(nodes);
        const roll = dice.int(0, 99);
        let target: string;
        if (roll < 35) {
            const other = dice.pick(nodes.filter((node) => node !== source));
            target = dice.chance(0.15) ? (dice.chance(0.5) ? other.name : `${other.name}.${dice.pick(other.ifaces).name}`) : dice.pick(other.addresses);
        } else if (roll < 45) {
            target = dice.pick(source.addresses);
        } else if (roll < 58) {
            target = `198.18.${dice.pick(lans).octet}.${dice.int(250, 252)}`;
        } else if (roll < 68) {
            target = `198.18.${dice.pick(lans).octet}.${dice.pick([0, 255])}`;
        } else if (roll < 78) {
            target = `198.19.${dice.int(200, 255)}.${dice.int(1, 254)}`;
        } else {
            target = interesting.length > 0 ? dice.pick(interesting) : dice.pick(dice.pick(nodes).addresses);
        }
        lines.push(`ping ${source.name} -> ${target}`);
    }
    return lines;
}

function twoOf<T>(dice: Dice, items: readonly T[]): [T, T] {
    const first = dice.int(0, items.length - 1);
    const second = (first + dice.int(1, items.length - 1)) % items.length;
    return [items[first], items[second]];
}

/** How many router hops `from` is away from `lan` over the LANs (breadth first). */
function distance(lans: readonly Lan[], from: string, routers: readonly Node[], lan: Lan): number {
    let frontier = new Set([from]);
    const seen = new Set(frontier);
    for (let hops = 0; frontier.size > 0; hops++) {
        const next = new Set<string>();
        for (const name of frontier) {
            const router = routers.find((r) => r.name === name)!;
            if (router.ifaces.some((iface) => iface.lan === lan)) return hops;
            for (const iface of router.ifaces) {
                for (const neighbour of iface.lan?.routers ?? []) {
                    if (!seen.has(neighbour.node)) {
                        seen.add(neighbour.node);
                        next.add(neighbour.node);
                    }
                }
            }
        }
        frontier = next;
    }
    return lans.length + 1;
}
