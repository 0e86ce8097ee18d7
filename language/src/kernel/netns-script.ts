import { HOST_NAME } from '../model/host-names.js';
import { formatIpv4, formatPrefix } from '../address/ipv4.js';
import { MAX_INTERFACE_NAME, reservedInterfaceName } from '../model/interface-names.js';
import { addableWords } from '../model/route-dump.js';
import type { NodeModel, RouteSpec, Topology } from '../model/topology.js';
import { iptablesCommands } from './iptables-script.js';
import { BRIDGE_NF_CALL_IPTABLES, bridgesOf, impliedSysctls, planBridgePorts } from './netns-bridges.js';

/**
 * Bash scripts that build a topology out of Linux network namespaces, and take it down again.
 * Nothing outside the namespaces the script creates is touched: veths are created from inside
 * a lab namespace with both ends in lab namespaces, and sysctls are only written through
 * `ip netns exec`.
 */

export interface NetnsOptions {
    /** Starts every namespace name; unique to one lab, so that parallel labs never meet. */
    readonly prefix: string;
}

/** The spec's name pattern; anything else never reaches the shell. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PREFIX = /^[a-z][a-z0-9-]{0,23}$/;
/** Namespace names are file names under /var/run/netns. */
const MAX_NAMESPACE_NAME = 255;
/** Sysctl keys a lab may write: per-namespace IPv4 settings, and the per-namespace br_netfilter switch. */
const SYSCTL_KEY = /^net\.ipv4\.[A-Za-z0-9_.-]+$/;
const SYSCTL_KEYS = new Set([BRIDGE_NF_CALL_IPTABLES]);

/** A topology the lab cannot build (bad names, unsupported settings); the message says why. */
export class LabInputError extends Error {}

/** The namespace holding node `node`'s network stack. */
export function nodeNamespace(prefix: string, node: string): string {
    return `${prefix}-n-${node}`;
}

function switchNamespace(prefix: string, name: string): string {
    return `${prefix}-s-${name}`;
}

/** Holds the far ends of a node's unlinked interfaces: carrier is up, but nobody answers ARP. */
function stubNamespace(prefix: string, node: string): string {
    return `${prefix}-t-${node}`;
}

/** Every namespace `netnsScript` creates for `topology`, in creation order. */
export function labNamespaces(topology: Topology, { prefix }: NetnsOptions): string[] {
    return [
        ...topology.nodes.map((node) => nodeNamespace(prefix, node.name)),
        ...topology.switches.map((sw) => switchNamespace(prefix, sw.name)),
        ...topology.nodes.filter((node) => node.interfaces.some((iface) => !iface.link && !iface.bridge)).map((node) => stubNamespace(prefix, node.name))
    ];
}

/** Single-quotes a word for bash (names are validated first; this is the second fence). */
function q(word: string): string {
    return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Runs `lines` as one `ip -batch` inside namespace `ns` (one process instead of one per command). */
function batch(ns: string, lines: readonly string[], flags = ''): string[] {
    if (lines.length === 0) return [];
    return [`ip -n ${q(ns)}${flags} -batch - <<'EOF'`, ...lines, 'EOF'];
}

/** How the script's standard error starts the line naming a sysctl the kernel refused; see `refusedSetting`. */
const SYSCTL_REFUSED = 'nettopo lab: the kernel refused sysctl ';

/** What a failed build script said about the setting that stopped it, in our words, or undefined. */
export function refusedSetting(stderr: string): string | undefined {
    const line = stderr.split('\n').find((text) => text.startsWith(SYSCTL_REFUSED));
    return line?.slice('nettopo lab: '.length);
}

/** The marker the script prints before a node's route errors; see `parseRefusals`. */
const ROUTES_MARKER = '@routes ';

/**
 * A `set -e` bash script that builds `topology` in namespaces named after `prefix`. The script
 * prints nothing but, for each node with routes, a marker line and what `ip -batch` said about
 * the routes it refused (`parseRefusals` reads that).
 */
export function netnsScript(topology: Topology, options: NetnsOptions): string {
    checkNames(topology, options);
    const { prefix } = options;
    // Commands that need no input read /dev/null: the script itself may be arriving on stdin.
    const script = ['set -e'];
    const namespaces = labNamespaces(topology, options);
    script.push("ip -batch - <<'EOF'", ...namespaces.map((ns) => `netns add ${q(ns)}`), 'EOF');

    // IPv6 off before any link exists, so that no interface sends IPv6 traffic or gets an address.
    // ICMP error rate limiting is not modelled (spec: as with net.ipv4.icmp_ratelimit = 0): without
    // this, a router that has just sent a redirect to a host stays silent about its next error to it.
    const noIpv6 = 'net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.icmp_ratelimit=0';
    for (const ns of namespaces) {
        const router = topology.nodes.find((node) => node.kind === 'router' && nodeNamespace(prefix, node.name) === ns);
        script.push(`ip netns exec ${q(ns)} sysctl -qw ${noIpv6}${router ? ' net.ipv4.ip_forward=1' : ''} </dev/null >/dev/null`);
    }

    // Interfaces are always named after `name` or `dev`: a bare name that is one of ip's keywords
    // (`up`, `type`, `help`, `master`, or an abbreviation such as `t`) is read as that keyword.
    const links = planLinks(topology, prefix);
    for (const sw of topology.switches) {
        script.push(...batch(switchNamespace(prefix, sw.name), ['link add br0 type bridge stp_state 0 forward_delay 0', 'link set br0 up']));
    }
    // A node's own bridges, as the contract writes them, before any port is put into one.
    for (const node of topology.nodes) {
        script.push(
            ...batch(
                nodeNamespace(prefix, node.name),
                bridgesOf(node).map((bridge) => `link add ${q(bridge)} type bridge`)
            )
        );
    }
    for (const node of topology.nodes) {
        const ns = nodeNamespace(prefix, node.name);
        script.push(
            ...batch(
                ns,
                links
                    .filter((link) => link.ns === ns)
                    .map((link) => `link add name ${q(link.name)} type veth peer name ${q(link.peerName)} netns ${q(link.peerNs)}`)
            )
        );
    }
    // All far ends up first, so that carrier is on before any address is added (no `linkdown`).
    for (const ns of namespaces) {
        const farEnds = links.filter((link) => link.peerNs === ns && link.peerPort !== 'node');
        script.push(
            ...batch(
                ns,
                farEnds.map((link) => `link set dev ${q(link.peerName)}${link.master ? ` master ${q(link.master)}` : ''} up`)
            )
        );
    }
    // A `down` interface is left as `ip link add` makes it: down, its addresses added all the same.
    for (const node of topology.nodes) {
        const up = node.interfaces.filter((iface) => !iface.down);
        script.push(...batch(nodeNamespace(prefix, node.name), ['link set lo up', ...up.map((iface) => `link set dev ${q(iface.name)} up`)]));
    }
    for (const node of topology.nodes) {
        script.push(
            ...batch(
                nodeNamespace(prefix, node.name),
                node.interfaces.flatMap((iface) => iface.addresses.map((address) => `addr add ${formatPrefix(address)} dev ${q(iface.name)}`))
            )
        );
    }
    // One setting per command, so that the one the kernel refuses (a key it does not have) is named
    // in our words, on its own line, instead of sysctl's message and a half-built lab.
    for (const node of topology.nodes) {
        for (const { key, value } of [...impliedSysctls(node), ...node.sysctls]) {
            const refused = `${SYSCTL_REFUSED}${key} = ${value} on ${node.name}: the kernel has no such setting in a network namespace, or does not take that value`;
            script.push(
                `ip netns exec ${q(nodeNamespace(prefix, node.name))} sysctl -qw ${q(`${key}=${value}`)} </dev/null >/dev/null 2>&1 || { echo ${q(refused)} >&2; exit 1; }`
            );
        }
    }
    for (const node of topology.nodes) {
        const commands = iptablesCommands(node);
        if (commands.length > 0) script.push(`ip netns exec ${q(nodeNamespace(prefix, node.name))} sh -e <<'EOF'`, ...commands, 'EOF');
    }
    // Every node gets its own /etc/hosts and resolv.conf (`ip netns exec` bind-mounts them): no lookup ever reads the machine's.
    for (const node of topology.nodes) script.push(...resolverFiles(node, nodeNamespace(prefix, node.name)));
    for (const node of topology.nodes) {
        if (addedRoutes(node).length === 0) continue;
        // -force: a refused route must not stop the others; the errors name the batch line.
        script.push(`echo ${q(ROUTES_MARKER + node.name)}`);
        const commands = batch(nodeNamespace(prefix, node.name), addedRoutes(node).map(ipRouteAdd), ' -force');
        commands[0] += ' 2>&1 || true';
        script.push(...commands);
    }
    return script.join('\n') + '\n';
}

/** A bash script deleting every namespace `netnsScript` creates (deleting a namespace deletes its links) and the nodes' /etc/netns files. */
export function netnsTeardownScript(topology: Topology, options: NetnsOptions): string {
    checkNames(topology, options);
    const files = topology.nodes.map((node) => `rm -rf ${q(etcNetns(nodeNamespace(options.prefix, node.name)))}`);
    return deleteNamespacesScript(labNamespaces(topology, options)) + files.map((line) => `${line}\n`).join('');
}

/** Where `ip netns exec` finds a namespace's own /etc files. */
export function etcNetns(ns: string): string {
    return `/etc/netns/${ns}`;
}

/** The timeouts of the spec's resolv.conf: one try of one second per nameserver (measured: glibc then asks the next). */
export const RESOLV_OPTIONS = 'options timeout:1 attempts:1';

/** The node's hosts lines and nameservers as /etc/netns/NS/hosts and resolv.conf. */
function resolverFiles(node: NodeModel, ns: string): string[] {
    const dir = etcNetns(ns);
    return [
        `mkdir -p ${q(dir)}`,
        `cat >${q(`${dir}/hosts`)} <<'EOF'`,
        ...node.hosts.map((line) => `${formatIpv4(line.address)} ${line.name}`),
        'EOF',
        `cat >${q(`${dir}/resolv.conf`)} <<'EOF'`,
        ...node.nameservers.map((address) => `nameserver ${formatIpv4(address)}`),
        RESOLV_OPTIONS,
        'EOF'
    ];
}

/** A bash script deleting the given namespaces, going on past any that are already gone. */
export function deleteNamespacesScript(namespaces: readonly string[]): string {
    if (namespaces.length === 0) return '';
    return ["ip -force -batch - <<'EOF' 2>/dev/null || true", ...namespaces.map((ns) => `netns del ${q(ns)}`), 'EOF'].join('\n') + '\n';
}

/** `route add` words for `ip -batch`: `DEST TYPE ...` as written becomes `TYPE DEST ...`. */
/** The routes `ip route add` installs: a route file's connected routes (`proto kernel`) come with the addresses. */
function addedRoutes(node: NodeModel): RouteSpec[] {
    return node.routes.filter((route) => route.dumped?.proto !== 'kernel');
}

/** The batch line that adds a route; a route file's keeps what changes a lookup (`onlink`, `src`, its nexthops) and its proto. */
function ipRouteAdd(route: RouteSpec): string {
    const words = ['route', 'add'];
    const dumped = route.dumped;
    if (route.type !== 'unicast') words.push(route.type);
    words.push(formatPrefix(route.destination));
    const hop = (gateway: number | undefined, device: string | undefined) => {
        if (gateway !== undefined) words.push('via', formatIpv4(gateway));
        if (device !== undefined) words.push('dev', q(device));
    };
    if (!dumped?.nexthops) hop(route.gateway, route.device);
    if (dumped?.onlink) words.push('onlink');
    if (dumped?.proto !== undefined) words.push('proto', q(dumped.proto));
    if (dumped?.source !== undefined) words.push('src', formatIpv4(dumped.source));
    if (route.metric !== 0) words.push('metric', String(route.metric));
    if (dumped?.extra) words.push(...addableWords(dumped.extra));
    // ip takes the nexthops last.
    for (const each of dumped?.nexthops ?? []) {
        words.push('nexthop');
        hop(each.gateway, each.device);
        words.push('weight', String(each.weight), ...(each.onlink ? ['onlink'] : []));
    }
    return words.join(' ');
}

/** A route `ip route add` refused, with the error line it printed. */
export interface Refusal {
    readonly node: string;
    readonly route: string;
    readonly error: string;
}

/**
 * The routes the script's `ip -batch` runs refused, in node and route order. `ip -batch` prints
 * the error, then `Command failed -:LINE` naming the batch line, i.e. the route's index.
 */
export function parseRefusals(topology: Topology, output: string): Refusal[] {
    const refusals: Refusal[] = [];
    let node: NodeModel | undefined;
    let pending: string[] = [];
    for (const line of output.split('\n')) {
        if (line.startsWith(ROUTES_MARKER)) {
            node = topology.nodes.find((candidate) => candidate.name === line.slice(ROUTES_MARKER.length));
            pending = [];
            continue;
        }
        const failed = /^Command failed -:(\d+)$/.exec(line);
        const route = failed && node && addedRoutes(node)[Number(failed[1]) - 1];
        if (route && node) {
            refusals.push({ node: node.name, route: route.text, error: pending.join('\n') });
            pending = [];
        } else if (line !== '') {
            if (!node) throw new Error(`unexpected output while building the lab: ${line}`);
            pending.push(line);
        }
    }
    if (pending.length > 0) throw new Error(`unexpected output while adding routes: ${pending.join(' / ')}`);
    return refusals;
}

/** One veth: `name` in `ns`, its peer `peerName` in `peerNs` (a node, a switch's bridge or a stub). */
interface PlannedLink {
    readonly ns: string;
    readonly name: string;
    readonly peerNs: string;
    readonly peerName: string;
    readonly peerPort: 'node' | 'bridge' | 'stub';
    /** The bridge the peer is a port of: a switch's `br0`, or a node's own bridge. */
    readonly master?: string;
}

/** Every veth of the lab, each created once, by the node that declares it first. */
function planLinks(topology: Topology, prefix: string): PlannedLink[] {
    const links: PlannedLink[] = [];
    const created = new Set<string>();
    const bridgePorts = planBridgePorts(topology);
    for (const node of topology.nodes) {
        for (const iface of node.interfaces) {
            // A bridge is made by `link add NAME type bridge`, not by a veth.
            if (iface.bridge) continue;
            const ns = nodeNamespace(prefix, node.name);
            // Switch and stub ports get short generated names: node names may be long, and
            // several nodes may have an `eth0` on the same switch.
            const port = `p${links.length}`;
            if (!iface.link) {
                links.push({ ns, name: iface.name, peerNs: stubNamespace(prefix, node.name), peerName: port, peerPort: 'stub' });
            } else if (iface.link.kind === 'switch') {
                links.push({ ns, name: iface.name, peerNs: switchNamespace(prefix, iface.link.switch), peerName: port, peerPort: 'bridge', master: 'br0' });
            } else if (iface.link.kind === 'bridge') {
                const hostPort = bridgePorts.get(`${node.name}.${iface.name}`)!;
                links.push({
                    ns,
                    name: iface.name,
                    peerNs: nodeNamespace(prefix, hostPort.host),
                    peerName: hostPort.name,
                    peerPort: 'bridge',
                    master: hostPort.bridge
                });
            } else if (!created.has(`${node.name}.${iface.name}`)) {
                created.add(`${iface.link.node}.${iface.link.interface}`);
                links.push({ ns, name: iface.name, peerNs: nodeNamespace(prefix, iface.link.node), peerName: iface.link.interface, peerPort: 'node' });
            }
        }
    }
    return links;
}

/** Refuses, with a message naming the culprit, anything that is not safe or not possible to build. */
function checkNames(topology: Topology, { prefix }: NetnsOptions): void {
    if (!PREFIX.test(prefix))
        throw new LabInputError(`invalid lab prefix "${prefix}": a prefix is a lowercase letter, then at most 23 lowercase letters, digits or '-'`);
    const named = (kind: string, name: string) => {
        if (!NAME.test(name)) throw new LabInputError(`invalid ${kind} name "${name}": a name is a letter or '_', then letters, digits, '_' or '-'`);
    };
    for (const sw of topology.switches) named('switch', sw.name);
    for (const node of topology.nodes) {
        named('node', node.name);
        for (const iface of node.interfaces) {
            named('interface', iface.name);
            if (iface.name.length > MAX_INTERFACE_NAME) {
                throw new LabInputError(`interface name "${node.name}.${iface.name}" is longer than ${MAX_INTERFACE_NAME} characters`);
            }
            if (reservedInterfaceName(iface.name)) throw new LabInputError(`interface name "${node.name}.${iface.name}" is reserved`);
            if (iface.link?.kind === 'peer') named('interface', iface.link.interface);
            if (iface.link?.kind === 'bridge') named('bridge', iface.link.bridge);
        }
        for (const route of node.routes) if (route.device !== undefined) named('device', route.device);
        for (const record of [...node.hosts, ...node.dns]) {
            if (!HOST_NAME.test(record.name)) throw new LabInputError(`invalid host name "${record.name}" on ${node.name}: it must match ${HOST_NAME.source}`);
        }
        for (const rule of [...node.filters, ...node.nat]) {
            for (const match of [rule.in, rule.out]) if (match) named('device', match.device);
        }
        for (const { key, value } of node.sysctls) {
            if (!(SYSCTL_KEY.test(key) || SYSCTL_KEYS.has(key)) || !Number.isInteger(value)) {
                throw new LabInputError(
                    `sysctl "${key} = ${value}" on ${node.name} cannot be set in a lab (only integer net.ipv4.* settings and ${BRIDGE_NF_CALL_IPTABLES})`
                );
            }
        }
    }
    for (const ns of labNamespaces(topology, { prefix })) {
        if (ns.length > MAX_NAMESPACE_NAME) throw new LabInputError(`namespace name "${ns.slice(0, 40)}..." is too long: shorten the node or switch name`);
    }
}
