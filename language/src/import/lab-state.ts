import type {
    FilterPolicy,
    FilterRule,
    InterfaceModel,
    Ipv4,
    LinkEnd,
    MasqueradeRule,
    NameRecord,
    NodeModel,
    Prefix,
    RouteSpec,
    SwitchModel,
    SysctlAssignment,
    Topology
} from '../model/topology.js';
import { problemAt, type ImportProblem, type Origin } from './import-problem.js';

/**
 * The network namespaces a script builds, as it builds them (devices moving between namespaces,
 * bridges taking ports), and the topology they amount to once it has run. The importers (commands,
 * Kathará, containerlab) write into one `LabState`; `labTopology` reads it.
 */

export interface Device {
    name: string;
    namespace: Namespace;
    readonly kind: 'veth' | 'bridge' | 'cable';
    /** The other end of a veth pair. */
    peer?: Device;
    /** A `cable` device's collision domain (a Kathará or containerlab link): the switch it is plugged into. */
    readonly domain?: string;
    /** The bridge it is a port of (`ip link set X master B`). */
    master?: string;
    addresses: Prefix[];
    up: boolean;
    readonly origin: Origin;
}

export interface Namespace {
    readonly name: string;
    /** The root namespace: the machine the script runs on. */
    readonly root: boolean;
    /** A machine a lab file declares (Kathará, containerlab) or an importer adds (a CNI container): a node however little it holds. */
    readonly machine: boolean;
    readonly devices: Map<string, Device>;
    readonly routes: RouteSpec[];
    readonly sysctls: (SysctlAssignment & { origin: Origin })[];
    nat: MasqueradeRule[];
    filters: FilterRule[];
    policies: FilterPolicy[];
    /** Pings to addresses (a script pings no names the import could resolve). */
    /** Its /etc/netns/NS/hosts lines and resolv.conf nameservers (netns-files.ts). */
    readonly hosts: NameRecord[];
    readonly nameservers: Ipv4[];
    readonly pings: { readonly target: Ipv4; readonly targetText: string; readonly expectReply: boolean }[];
}

export class LabState {
    readonly namespaces = new Map<string, Namespace>();
    readonly problems: ImportProblem[] = [];
    /** The switches a lab file declares (Kathará's collision domains, containerlab's bridges), in the order met. */
    readonly domains = new Set<string>();
    /** The namespace the script itself runs in. */
    readonly root: Namespace;

    constructor(readonly rootName: string) {
        this.root = this.addNamespace(rootName, true);
    }

    addNamespace(name: string, root = false, machine = false): Namespace {
        const namespace: Namespace = {
            name,
            root,
            machine,
            devices: new Map(),
            routes: [],
            sysctls: [],
            nat: [],
            filters: [],
            policies: [],
            pings: [],
            hosts: [],
            nameservers: []
        };
        this.namespaces.set(name, namespace);
        return namespace;
    }

    /** Whether `name` (a machine, domain or interface a lab file names) can be written in a `.net` file; an error at `origin` if not. */
    nameFits(origin: Origin, what: string, name: string): boolean {
        if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return true;
        this.error(
            origin,
            `the ${what} name ${name} cannot be written in a .net file: nettopo's names are letters, digits, _ and -, not starting with a digit`
        );
        return false;
    }

    error(origin: Origin, message: string): void {
        this.problems.push(problemAt(origin, 'error', message));
    }

    warn(origin: Origin, message: string): void {
        this.problems.push(problemAt(origin, 'warning', message));
    }

    addDevice(namespace: Namespace, device: Omit<Device, 'namespace' | 'addresses' | 'up'>): Device {
        const created: Device = { ...device, namespace, addresses: [], up: false };
        namespace.devices.set(device.name, created);
        return created;
    }

    moveDevice(device: Device, to: Namespace): void {
        device.namespace.devices.delete(device.name);
        // As the kernel does: a device that changes namespace loses its addresses, its bridge and goes down.
        device.addresses = [];
        device.master = undefined;
        device.up = false;
        device.namespace = to;
        to.devices.set(device.name, device);
    }
}

/** Sysctls the language assumes (no IPv6, no ICMP rate limit, bridged traffic through iptables): writing them changes nothing to the model. */
const ASSUMED_SYSCTLS = new Map([
    ['net.ipv6.conf.all.disable_ipv6', 1],
    ['net.ipv6.conf.default.disable_ipv6', 1],
    ['net.ipv4.icmp_ratelimit', 0],
    // the language's default (spec: as on a Docker host); the export writes it for every node with a bridge
    ['net.bridge.bridge-nf-call-iptables', 1]
]);
const IP_FORWARD = 'net.ipv4.ip_forward';

type Role = { kind: 'node'; name: string } | { kind: 'switch'; names: Map<string, string> } | { kind: 'stub' } | { kind: 'empty' };

/**
 * The topology the namespaces amount to. A namespace holding only bridges without addresses and
 * their ports is a switch per bridge (named after the namespace when it has one bridge, after the
 * bridge in the root namespace); one holding only veth ends with no address and nothing else is
 * where the script parks the far ends of interfaces that lead nowhere, so it is no node (those
 * interfaces have no cable); an untouched root namespace is left out; every other namespace is a
 * node, a `router` when the first write to its ip_forward sets it to 1. A machine a lab file declares is a node
 * whatever it holds, and the lab's collision domains (`state.domains`) are switches, before the others.
 */
export function labTopology(state: LabState): Topology {
    const roles = new Map<Namespace, Role>();
    for (const namespace of state.namespaces.values()) roles.set(namespace, roleOf(namespace));
    const switches: SwitchModel[] = [...state.domains].map((name) => ({ name }));
    for (const role of roles.values()) if (role.kind === 'switch') for (const name of role.names.values()) switches.push({ name });
    const nodes: NodeModel[] = [];
    for (const [namespace, role] of roles) {
        if (role.kind === 'node') nodes.push(buildNode(state, namespace, role.name, roles));
        if (role.kind === 'switch') checkSwitchPorts(state, namespace, roles);
    }
    const pings = [...roles].flatMap(([namespace, role]) => (role.kind === 'node' ? namespace.pings.map((ping) => ({ source: role.name, ...ping })) : []));
    return { switches, nodes, pings };
}

function roleOf(namespace: Namespace): Role {
    const devices = [...namespace.devices.values()];
    const configured =
        namespace.routes.length +
            namespace.nat.length +
            namespace.filters.length +
            namespace.policies.length +
            namespace.pings.length +
            namespace.hosts.length +
            namespace.nameservers.length >
            0 || namespace.sysctls.some((entry) => ASSUMED_SYSCTLS.get(entry.key) !== entry.value);
    const addressed = devices.some((device) => device.addresses.length > 0);
    if (namespace.machine) return { kind: 'node', name: namespace.name };
    if (devices.length === 0 && !configured) return namespace.root ? { kind: 'empty' } : { kind: 'node', name: namespace.name };
    if (configured || addressed) return { kind: 'node', name: namespace.name };
    const bridges = devices.filter((device) => device.kind === 'bridge');
    if (bridges.length > 0 && devices.every((device) => device.kind === 'bridge' || (device.master !== undefined && device.kind === 'veth'))) {
        const one = bridges.length === 1 && !namespace.root;
        return { kind: 'switch', names: new Map(bridges.map((bridge) => [bridge.name, one ? namespace.name : bridge.name])) };
    }
    if (devices.every((device) => device.kind === 'veth' && device.master === undefined)) return { kind: 'stub' };
    return { kind: 'node', name: namespace.name };
}

function buildNode(state: LabState, namespace: Namespace, name: string, roles: Map<Namespace, Role>): NodeModel {
    const interfaces: InterfaceModel[] = [];
    for (const device of namespace.devices.values()) {
        if (device.master !== undefined) {
            checkPort(state, device, roles);
            continue;
        }
        const link = device.kind === 'bridge' ? undefined : linkOf(state, device, roles);
        interfaces.push({
            node: name,
            name: device.name,
            addresses: device.addresses,
            ...(link && { link }),
            ...(device.kind === 'bridge' && { bridge: true as const }),
            // A device the script never sets up stays down, as `down` on its line says.
            ...(!device.up && { down: true as const })
        });
    }
    const sysctls = namespace.sysctls.filter((entry) => ASSUMED_SYSCTLS.get(entry.key) !== entry.value);
    const firstForward = sysctls.findIndex((entry) => entry.key === IP_FORWARD);
    const router = firstForward >= 0 && sysctls[firstForward].value === 1;
    return {
        name,
        kind: router ? 'router' : 'host',
        interfaces,
        routes: namespace.routes,
        sysctls: sysctls.filter((_, index) => !(router && index === firstForward)).map(({ key, value }) => ({ key, value })),
        nat: namespace.nat.map((rule) => ({ ...rule, node: name })),
        filters: namespace.filters.map((rule) => ({ ...rule, node: name })),
        policies: namespace.policies.map((policy) => ({ ...policy, node: name })),
        hosts: namespace.hosts,
        nameservers: namespace.nameservers,
        // a served zone is a dnsmasq process, no command the import reads
        dns: []
    };
}

/** Where a node's veth leads: a switch, another node's interface or bridge, or nowhere (a parked far end). */
function linkOf(state: LabState, device: Device, roles: Map<Namespace, Role>): LinkEnd | undefined {
    if (device.kind === 'cable') return { kind: 'switch', switch: device.domain! };
    const peer = device.peer!;
    if (peer.namespace === device.namespace) {
        // said once for the pair, from the end whose name sorts first
        if (device.name > peer.name) return undefined;
        state.error(
            device.origin,
            `the veth pair ${device.name} and ${peer.name} both stay in ${device.namespace.name}: move one end to another namespace (ip link set ${peer.name} netns NS)`
        );
        return undefined;
    }
    const role = roles.get(peer.namespace)!;
    if (role.kind === 'stub' || role.kind === 'empty') return undefined;
    if (role.kind === 'switch') return { kind: 'switch', switch: role.names.get(peer.master!)! };
    if (peer.master !== undefined) return { kind: 'bridge', node: role.name, bridge: peer.master };
    return { kind: 'peer', node: role.name, interface: peer.name };
}

/** A bridge port in a node: the language has its other end in another node (`-- NODE.BRIDGE`); anything else it cannot write. */
function checkPort(state: LabState, port: Device, roles: Map<Namespace, Role>): void {
    if (port.addresses.length > 0)
        state.error(port.origin, `${port.name} is a port of bridge ${port.master} and has an address: nettopo's bridge ports have none (put it on the bridge)`);
    const bridge = port.namespace.devices.get(port.master!);
    if (!bridge || bridge.kind !== 'bridge') {
        state.error(port.origin, `${port.name} is put into ${port.master}, which is not a bridge in ${port.namespace.name}`);
        return;
    }
    if (port.kind !== 'veth') {
        state.error(port.origin, `${port.name} is a bridge port with no other end: the language's bridge ports are veth pairs`);
        return;
    }
    const role = roles.get(port.peer!.namespace)!;
    if (port.peer!.namespace === port.namespace || role.kind !== 'node' || port.peer!.master !== undefined) {
        state.error(
            port.origin,
            `the other end of bridge port ${port.name} (${port.peer!.name}) must be a plain interface of another namespace that is a machine`
        );
    }
}

/** A switch's ports lead to nodes' interfaces; a cable between two switches the language cannot write. */
function checkSwitchPorts(state: LabState, namespace: Namespace, roles: Map<Namespace, Role>): void {
    for (const device of namespace.devices.values()) {
        if (device.kind !== 'veth') continue;
        const role = roles.get(device.peer!.namespace)!;
        if (role.kind !== 'node' || device.peer!.master !== undefined) {
            state.error(
                device.origin,
                `port ${device.name} of bridge ${device.master} in ${namespace.name} leads to ${device.peer!.namespace.name}, which is not a machine: nettopo links switches to machines only`
            );
        }
    }
}
