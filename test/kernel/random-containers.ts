/**
 * Seeded random container labs for the kernel-vs-engine differential test, in the style of the
 * container kernel samples: LANs joined by routers that mostly have no route back to the container
 * subnets, plain hosts, and container hosts each with one or two bridges, containers plugged into
 * them, MASQUERADE (or not), Docker's FORWARD rules (or some of them, or others), INPUT and OUTPUT
 * rules, `reject`, conntrack states and `bridge-nf-call-iptables`. Only 198.18.0.0/15 addresses are
 * used: LANs are 198.18.X.0/24, bridges 198.19.X.0/24 (X < 200), nobody has 198.19.200.0 and above.
 * The seed is the first line of the text, so a failing lab can be generated again.
 */

import { prng } from '../support/prng.js';
import { Dice, freshAddress, type Lan } from './random-topology.js';

interface Node {
    readonly name: string;
    readonly keyword: 'host' | 'router';
    readonly lines: string[];
    readonly addresses: string[];
    /** The LAN of its first interface, if it has one. */
    lan?: Lan;
}

interface Bridge {
    readonly host: Node;
    readonly name: string;
    readonly octet: number;
    readonly containers: Node[];
}

/** Random container-lab `.net` text for `seed`, with 10 pings. The same seed always gives the same text. */
export function randomContainerLab(seed: number): string {
    const dice = new Dice(prng(seed));
    const octets = new Set<number>();
    const fresh = (low: number, high: number) => {
        let octet: number;
        do octet = dice.int(low, high);
        while (octets.has(octet));
        octets.add(octet);
        return octet;
    };
    const lans: Lan[] = Array.from({ length: dice.int(1, 3) }, (_, index) => ({
        name: `lan${index + 1}`,
        octet: fresh(0, 255),
        used: new Set<number>(),
        routers: []
    }));
    const lanAddress = (lan: Lan) => freshAddress(dice, lan);
    const nodes: Node[] = [];
    const newNode = (name: string, keyword: Node['keyword']): Node => {
        const node: Node = { name, keyword, lines: [], addresses: [] };
        nodes.push(node);
        return node;
    };
    const attach = (node: Node, lan: Lan, name = 'eth0') => {
        const address = lanAddress(lan);
        node.lines.push(`${name} ${address}/24 -- ${lan.name}`);
        node.addresses.push(address);
        node.lan ??= lan;
        return address;
    };

    // Routers in a chain lan1 - R1 - lan2 - R2 - lan3, with routes along it (some missing).
    for (let index = 0; index < lans.length - 1; index++) {
        const router = newNode(`R${index + 1}`, 'router');
        for (const [position, lan] of [lans[index], lans[index + 1]].entries())
            lan.routers.push({ node: router.name, address: attach(router, lan, `eth${position}`) });
    }
    for (const [index, router] of nodes.entries()) {
        for (const [position, lan] of lans.entries()) {
            if (position === index || position === index + 1 || dice.chance(0.15)) continue;
            const toward =
                position < index
                    ? lans[index].routers.find((gw) => gw.node === `R${index}`)
                    : lans[index + 1].routers.find((gw) => gw.node === `R${index + 2}`);
            if (toward) router.lines.push(`route 198.18.${lan.octet}.0/24 via ${toward.address}`);
        }
    }
    const routers = [...nodes];

    // Container hosts: a LAN interface, one or two bridges, forwarding (usually), NAT and filters.
    const bridges: Bridge[] = [];
    for (let index = 1; index <= dice.int(1, 3); index++) {
        const host = newNode(`dh${index}`, 'host');
        const lan = dice.pick(lans);
        attach(host, lan);
        for (let number = 0; number < (dice.chance(0.25) ? 2 : 1); number++) {
            const octet = fresh(100, 199);
            const bridge: Bridge = { host, name: `d${number}`, octet, containers: [] };
            host.lines.push(`bridge ${bridge.name} 198.19.${octet}.1/24`);
            host.addresses.push(`198.19.${octet}.1`);
            bridges.push(bridge);
        }
        if (dice.chance(0.9)) host.lines.push('sysctl net.ipv4.ip_forward = 1');
        if (dice.chance(0.15)) host.lines.push('sysctl net.bridge.bridge-nf-call-iptables = 0');
        for (const bridge of bridges.filter((entry) => entry.host === host)) {
            if (dice.chance(0.75)) host.lines.push(`nat masquerade from 198.19.${bridge.octet}.0/24${masqueradeOptions(dice, bridge)}`);
        }
        host.lines.push(
            ...filterLines(
                dice,
                bridges.filter((entry) => entry.host === host),
                lans
            )
        );
        // Routes to the LANs it is not on, through the routers of its own LAN (some missing).
        for (const other of lans) {
            if (other === lan || lan.routers.length === 0 || dice.chance(0.2)) continue;
            host.lines.push(`route 198.18.${other.octet}.0/24 via ${dice.pick(lan.routers).address}`);
        }
        if (lan.routers.length > 0 && dice.chance(0.3)) host.lines.push(`route default via ${dice.pick(lan.routers).address}`);
    }
    // Containers: one to three per bridge, a default route to the bridge (usually).
    for (const bridge of bridges) {
        for (let number = 1; number <= dice.int(1, 3); number++) {
            const container = newNode(`c${bridge.host.name.slice(2)}${bridge.name.slice(1)}${number}`, 'host');
            const address = `198.19.${bridge.octet}.${number + 1}`;
            container.lines.push(`eth0 ${address}/24 -- ${bridge.host.name}.${bridge.name}`);
            container.addresses.push(address);
            if (dice.chance(0.9)) container.lines.push(`route default via 198.19.${bridge.octet}.1`);
            bridge.containers.push(container);
        }
    }
    // Now and then a router with the route back to a bridge (so that traffic without NAT gets back too).
    for (const bridge of bridges) {
        const lan = bridge.host.lan!;
        const address = bridge.host.lines[0].split(' ')[1].replace('/24', '');
        for (const router of routers) {
            if (router.lines.some((line) => line.endsWith(`-- ${lan.name}`)) && dice.chance(0.25))
                router.lines.push(`route 198.19.${bridge.octet}.0/24 via ${address}`);
        }
    }
    // Plain hosts on the LANs, with a default route to a router or a container host.
    for (let index = 1; index <= dice.int(1, 3); index++) {
        const host = newNode(`h${index}`, 'host');
        const lan = dice.pick(lans);
        attach(host, lan);
        const gateways = [
            ...lan.routers.map((gw) => gw.address),
            ...bridges.filter((bridge) => bridge.host.lan === lan).map((bridge) => bridge.host.addresses[0])
        ];
        if (gateways.length > 0 && dice.chance(0.8)) host.lines.push(`route default via ${dice.pick(gateways)}`);
        if (dice.chance(0.1)) host.lines.push('sysctl net.ipv4.icmp_echo_ignore_all = 1');
    }

    const lines = [`# random container lab, seed ${seed}`, ''];
    for (const lan of lans) lines.push(`switch ${lan.name} 198.18.${lan.octet}.0/24`);
    for (const node of nodes) lines.push('', `${node.keyword} ${node.name} {`, ...node.lines.map((line) => `  ${line}`), '}');
    lines.push('', ...pings(dice, nodes, bridges, lans));
    return lines.join('\n') + '\n';
}

/** ` [to [!]PREFIX] [out [!]IF]` for a bridge's MASQUERADE: Docker's `! -o d0`, or `-o eth0`, or a destination. */
function masqueradeOptions(dice: Dice, bridge: Bridge): string {
    const roll = dice.int(0, 9);
    if (roll < 4) return ` out !${bridge.name}`;
    if (roll < 7) return ' out eth0';
    if (roll < 9) return ` to !198.19.${bridge.octet}.0/24`;
    return '';
}

/** Docker's FORWARD rules for each bridge (some, in some order), and now and then rules of other kinds. */
function filterLines(dice: Dice, bridges: Bridge[], lans: Lan[]): string[] {
    const lines: string[] = [];
    const docker = dice.chance(0.6);
    if (docker) lines.push('filter forward policy drop');
    for (const bridge of bridges) {
        const rules = [
            `filter forward accept out ${bridge.name} state established,related`,
            `filter forward accept in ${bridge.name} out ${dice.pick([bridge.name, 'eth0'])}`,
            `filter forward accept in ${bridge.name}${dice.chance(0.5) ? ` out !${bridge.name}` : ''}`
        ];
        for (const rule of rules) if (docker ? dice.chance(0.75) : dice.chance(0.15)) lines.push(rule);
    }
    const lan = dice.pick(lans);
    const bridge = dice.pick(bridges);
    const extras = [
        `filter forward ${dice.pick(['drop', 'reject'])} from 198.19.${bridge.octet}.${dice.int(2, 4)} to 198.18.${lan.octet}.0/24`,
        `filter forward reject in eth0 out ${bridge.name} state new`,
        `filter input ${dice.pick(['drop', 'reject'])} in ${bridge.name} from 198.19.${bridge.octet}.${dice.int(2, 3)}`,
        `filter input reject from 198.18.${lan.octet}.0/24 state ${dice.pick(['new', 'new,established'])}`,
        `filter output ${dice.pick(['drop', 'reject'])} to 198.19.${bridge.octet}.${dice.int(2, 3)}`,
        `filter output accept out !${bridge.name} state established`
    ];
    for (const extra of extras) if (dice.chance(0.12)) lines.push(extra);
    if (dice.chance(0.1)) lines.push('filter input policy drop', 'filter input accept state related,established');
    return lines;
}

/** 10 pings, most from containers: to LAN nodes, other containers, bridges, dead LAN addresses, nowhere. */
function pings(dice: Dice, nodes: Node[], bridges: Bridge[], lans: Lan[]): string[] {
    const containers = bridges.flatMap((bridge) => bridge.containers);
    const lines: string[] = [];
    while (lines.length < 10) {
        const roll = dice.int(0, 99);
        const source = roll < 70 ? dice.pick(containers) : dice.pick(nodes);
        let target: string;
        if (roll < 30) target = dice.pick(nodes.filter((node) => !containers.includes(node) && node !== source).flatMap((node) => node.addresses));
        else if (roll < 45) target = dice.pick(containers.filter((node) => node !== source).concat(source)).addresses[0];
        else if (roll < 55) target = `198.19.${dice.pick(bridges).octet}.1`;
        else if (roll < 65) target = `198.18.${dice.pick(lans).octet}.${dice.int(250, 252)}`;
        else if (roll < 70) target = `198.19.${dice.int(200, 255)}.${dice.int(1, 254)}`;
        else if (roll < 90) target = dice.pick(containers.filter((node) => node !== source).concat(containers)).addresses[0];
        else target = dice.pick(nodes.filter((node) => node !== source)).addresses[0];
        lines.push(`ping ${source.name} -> ${target}`);
    }
    return lines;
}
