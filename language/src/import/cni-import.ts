import { networkOf, type Ipv4, type Prefix } from '../address/ipv4.js';
import { MAX_INTERFACE_NAME, reservedInterfaceName } from '../model/interface-names.js';
import type { RouteSpec } from '../model/topology.js';
import { CniFields, type FieldKinds } from './cni-fields.js';
import { allocate, readHostLocal, type HostLocal, type IpamAddress } from './cni-host-local.js';
import type { ImportResult } from './commands-import.js';
import type { Origin } from './import-problem.js';
import { parseJson, type JsonField, type JsonValue } from './json-source.js';
import { LabState, labTopology, type Device, type Namespace } from './lab-state.js';
import { routeWords, ruleOptions } from './net-printer.js';

/**
 * `nettopo import cni FILE.conflist`: what a container runtime builds when it calls ADD of a
 * network's plugins for each container in turn (containernetworking/plugins: bridge, ptp,
 * host-local), as a host and its containers. Every field is modelled, said to be not modelled (a
 * warning: it changes no ping), or an error (the plugin would refuse it, or nettopo cannot write it).
 */

export interface CniAttachment {
    /** The node the host's namespace becomes. */
    readonly host: string;
    /** The containers' names, in the order the runtime adds them (which is the order of their addresses). */
    readonly containers: readonly string[];
}

/** The interface each container gets (the runtime's CNI_IFNAME). */
export const CNI_IFNAME = 'eth0';

type JsonObject = JsonValue & { kind: 'object' };

const NETWORK_FIELDS: FieldKinds = {
    cniVersion: 'string',
    cniVersions: 'array',
    name: 'string',
    plugins: 'array',
    disableCheck: 'boolean',
    disableGC: 'boolean',
    loadOnlyInlinedPlugins: 'boolean'
};
/** What the runtime gives every plugin besides its own fields. */
const PLUGIN_FIELDS: FieldKinds = {
    type: 'string',
    cniVersion: 'string',
    name: 'string',
    capabilities: 'object',
    args: 'object',
    runtimeConfig: 'object',
    dns: 'object'
};
const BRIDGE_FIELDS: FieldKinds = {
    ...PLUGIN_FIELDS,
    ipam: 'object',
    bridge: 'string',
    isGateway: 'boolean',
    isDefaultGateway: 'boolean',
    forceAddress: 'boolean',
    ipMasq: 'boolean',
    ipMasqBackend: 'string',
    mtu: 'number',
    hairpinMode: 'boolean',
    promiscMode: 'boolean',
    vlan: 'number',
    vlanTrunk: 'array',
    preserveDefaultVlan: 'boolean',
    macspoofchk: 'boolean',
    enabledad: 'boolean',
    disableContainerInterface: 'boolean',
    portIsolation: 'boolean'
};
const PTP_FIELDS: FieldKinds = { ...PLUGIN_FIELDS, ipam: 'object', ipMasq: 'boolean', ipMasqBackend: 'string', mtu: 'number' };

/** The bridge plugin's fields that change no ping of a fresh host, and why: accepted with a warning when set. */
const BRIDGE_NOT_MODELLED: Readonly<Record<string, string>> = {
    forceAddress: 'it only matters when the bridge already has another address (a fresh host has none)',
    // measured: a veth pair at MTU 68 both ends answers the default ping, in fragments
    mtu: 'the default ping (84 bytes) crosses any MTU the kernel accepts (68 and up), in fragments below 84; sizes are not modelled',
    hairpinMode: 'a packet sent back out of the port it came in by needs a DNAT (portmap), which is not modelled',
    promiscMode: 'the bridge already receives what it must forward or answer',
    preserveDefaultVlan: 'VLANs are not imported',
    macspoofchk: 'the containers send from their own MAC addresses',
    enabledad: 'it is about IPv6 duplicate address detection (the language is IPv4)'
};
/** The bridge plugin's fields that change what pings do and that nettopo cannot write: errors when set. */
const BRIDGE_REFUSED: Readonly<Record<string, string>> = {
    vlan: 'VLAN tags on the bridge ports are not imported',
    vlanTrunk: 'VLAN trunks on the bridge ports are not imported',
    portIsolation: 'isolated bridge ports (containers that cannot reach each other) are not imported',
    disableContainerInterface: 'a container interface left down is not imported (and the bridge plugin refuses it with IPAM)'
};
/** Meta plugins a conflist chains after the interface: what they do is not modelled, and changes no ping. */
const META_PLUGINS: Readonly<Record<string, string>> = {
    portmap: 'it forwards TCP and UDP ports (DNAT), never ICMP echo',
    firewall: "its rules accept the containers' traffic, which the default FORWARD policy already does",
    tuning: 'the sysctls, MTU, MAC or promiscuous mode it sets are not applied',
    bandwidth: 'it shapes rates, and one ping is far below any rate'
};

export function importCni(text: string, file: string, attachment: CniAttachment): ImportResult {
    const state = new LabState(attachment.host);
    const fields = new CniFields(file, state.problems);
    const parsed = parseJson(text);
    if ('error' in parsed) {
        const { line, column, message } = parsed.error;
        state.error({ file, line, command: '' }, `not JSON (column ${column}): ${message}`);
    } else if (parsed.value.kind !== 'object') state.error({ file, line: parsed.value.line, command: '' }, 'a CNI configuration is a JSON object');
    else addNetwork(state, fields, parsed.value, attachment);
    return { topology: labTopology(state), problems: state.problems };
}

function addNetwork(state: LabState, fields: CniFields, top: JsonObject, attachment: CniAttachment): void {
    const list = top.fields.some((field) => field.key === 'plugins');
    const name = lastField(top, 'name');
    // The runtime refuses a network without a name (its leases and chains are named after it).
    if (name?.value.kind !== 'string' || name.value.value === '') return state.error(origin(fields, top.line, 'name'), 'the network needs a name');
    // A single .conf is one plugin with the network's name and version in it.
    if (!list) return void addPlugin(state, fields, top, attachment, true);
    const read = fields.read(top, 'a network configuration list', NETWORK_FIELDS);
    if (!read) return;
    const plugins = (read.fields.get('plugins')!.value as JsonValue & { kind: 'array' }).items;
    if (plugins.length === 0) return state.error(origin(fields, top.line, 'plugins'), 'the list has no plugins');
    let interfaces = 0;
    for (const plugin of plugins) {
        if (plugin.kind !== 'object') return state.error(origin(fields, plugin.line, 'plugins'), 'a plugin is an object ({ "type": ... })');
        interfaces += addPlugin(state, fields, plugin, attachment, interfaces === 0) ? 1 : 0;
    }
    if (interfaces === 0) state.error(origin(fields, top.line, 'plugins'), "no plugin creates the containers' interface: nettopo imports bridge and ptp");
}

/** Adds one plugin's work for every container; true when it is an interface plugin (bridge, ptp). */
function addPlugin(state: LabState, fields: CniFields, plugin: JsonObject, attachment: CniAttachment, first: boolean): boolean {
    const type = lastField(plugin, 'type');
    if (type?.value.kind !== 'string') {
        state.error(origin(fields, plugin.line, 'type'), 'a plugin needs a type');
        return false;
    }
    const kind = type.value.value;
    const at = origin(fields, type.line, 'type');
    if (kind in META_PLUGINS) {
        state.warn(at, `the ${kind} plugin is not modelled: ${META_PLUGINS[kind]}`);
        return false;
    }
    if (kind !== 'bridge' && kind !== 'ptp') {
        state.error(
            at,
            `the plugin type ${kind} is not imported: nettopo imports bridge and ptp (with host-local), and notes portmap, firewall, tuning and bandwidth`
        );
        return false;
    }
    if (!first) {
        state.error(at, `a second interface plugin (${kind}) would create ${CNI_IFNAME} again in each container: a network has one`);
        return true;
    }
    const read = fields.read(plugin, `the ${kind} plugin`, kind === 'bridge' ? BRIDGE_FIELDS : PTP_FIELDS);
    if (!read) return true;
    const dns = read.fields.get('dns');
    if (dns) fields.warn(dns, 'not modelled: the runtime, not the plugin, writes it into the container (no nameserver lines are written)');
    for (const key of ['args', 'runtimeConfig'] as const) {
        const given = read.fields.get(key);
        if (given) fields.warn(given, "not modelled: the runtime's arguments (requested addresses or ranges, a MAC) are not applied");
    }
    const bridgeName = read.fields.get('bridge');
    const bridge = bridgeName?.value.kind === 'string' ? bridgeName.value.value : 'cni0';
    if (bridgeName && !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(bridge))
        fields.error(bridgeName, `${bridge} is not an interface name nettopo writes (a letter or _, then letters, digits, _ and -)`);
    else if (bridgeName && bridge.length > MAX_INTERFACE_NAME)
        fields.error(bridgeName, `${bridge} is longer than Linux's ${MAX_INTERFACE_NAME} characters: the plugin cannot create it`);
    else if (bridgeName && reservedInterfaceName(bridge)) fields.error(bridgeName, reservedInterfaceName(bridge)!);
    const flag = (key: string) => read.fields.get(key)?.value.kind === 'boolean' && (read.fields.get(key)!.value as { value: boolean }).value;
    const backend = read.fields.get('ipMasqBackend');
    if (backend && !['iptables', 'nftables'].includes((backend.value as { value: string }).value))
        fields.error(backend, 'is iptables or nftables (both masquerade alike)');
    if (kind === 'bridge') {
        for (const [key, reason] of Object.entries(BRIDGE_NOT_MODELLED))
            if (isSet(read.fields.get(key))) fields.warn(read.fields.get(key)!, `not modelled: ${reason}`);
        for (const [key, reason] of Object.entries(BRIDGE_REFUSED)) if (isSet(read.fields.get(key))) fields.error(read.fields.get(key)!, reason);
        if (flag('hairpinMode') && flag('promiscMode'))
            fields.error(read.fields.get('promiscMode')!, 'the bridge plugin refuses hairpinMode and promiscMode together');
    } else if (isSet(read.fields.get('mtu'))) fields.warn(read.fields.get('mtu')!, `not modelled: ${BRIDGE_NOT_MODELLED.mtu}`);
    const ipam = readIpam(state, fields, read.fields.get('ipam'), at, kind);
    if (ipam === undefined || state.problems.some((problem) => problem.severity === 'error')) return true;
    const plan: Plan = {
        state,
        ipam,
        at,
        ipMasq: flag('ipMasq'),
        gateway: flag('isGateway') || flag('isDefaultGateway'),
        defaultGateway: flag('isDefaultGateway') ? { line: read.fields.get('isDefaultGateway')!.line, key: 'isDefaultGateway' } : undefined,
        bridge
    };
    for (const [index, container] of attachment.containers.entries()) {
        const namespace = state.addNamespace(container, false, true);
        const addresses = ipam === 'none' ? [] : addressesFor(plan, ipam, container);
        if (addresses === undefined) return true;
        if (kind === 'bridge') addBridgeContainer(plan, namespace, index, addresses);
        else addPtpContainer(plan, namespace, index, addresses);
        if (plan.ipMasq) masquerade(plan, addresses);
        // What fails for one container fails alike for the next: said once.
        if (state.problems.some((problem) => problem.severity === 'error')) return true;
    }
    return true;
}

interface Plan {
    readonly state: LabState;
    readonly ipam: HostLocal | 'none';
    /** The plugin's `type` line: where what it builds comes from. */
    readonly at: Origin;
    readonly ipMasq: boolean;
    readonly gateway: boolean;
    /** Where isDefaultGateway is set: the line and key of the default route it adds. */
    readonly defaultGateway?: { readonly line: number; readonly key: string };
    readonly bridge: string;
}

/** The `ipam` object: host-local, none (`{}`: an L2-only bridge), or undefined after an error. */
function readIpam(state: LabState, fields: CniFields, field: JsonField | undefined, at: Origin, kind: string): HostLocal | 'none' | undefined {
    if (field === undefined || (field.value.kind === 'object' && field.value.fields.length === 0)) {
        if (kind === 'ptp') return void state.error(at, 'the ptp plugin needs an ipam (host-local)');
        return 'none';
    }
    const ipam = field.value as JsonObject;
    const type = lastField(ipam, 'type');
    if (type?.value.kind !== 'string') return void fields.error(field, 'the ipam needs a type (host-local)');
    if (type.value.value !== 'host-local') return void fields.error(type, `the IPAM plugin ${type.value.value} is not imported: nettopo imports host-local`);
    return readHostLocal(fields, ipam);
}

/** An address from each range set, in the container's turn. */
function addressesFor(plan: Plan, ipam: HostLocal, container: string): IpamAddress[] | undefined {
    const addresses: IpamAddress[] = [];
    for (const set of ipam.sets) {
        const address = allocate(set);
        if (!address) return void plan.state.error(plan.at, `host-local has no address left for ${container}: its range is full`);
        addresses.push(address);
    }
    if (addresses.length === 0) plan.state.warn(plan.at, `${container} gets no IPv4 address: the ipam has no IPv4 range`);
    return addresses;
}

/** A veth pair: `eth0` in the container (up, with its addresses), the other end in the host. */
function vethPair(plan: Plan, namespace: Namespace, index: number, addresses: readonly Prefix[]): { container: Device; host: Device } {
    const { state, at } = plan;
    // The plugins name the host end vethXXXXXXXX at random; nettopo numbers them.
    const host = state.addDevice(state.root, { name: `veth${index}`, kind: 'veth', origin: at });
    const container = state.addDevice(namespace, { name: CNI_IFNAME, kind: 'veth', origin: at, peer: host });
    host.peer = container;
    host.up = true;
    container.up = true;
    container.addresses = [...addresses];
    return { container, host };
}

/**
 * bridge.go's cmdAdd: the bridge (created up on first use), the container's port, its addresses and
 * the IPAM routes (their gateway the first address's when they name none); with isGateway the
 * gateways on the bridge and ip_forward on; with isDefaultGateway a default route too, unless the
 * routes already have one with a gateway.
 */
function addBridgeContainer(plan: Plan, namespace: Namespace, index: number, addresses: readonly IpamAddress[]): void {
    const { state, at } = plan;
    let bridge = state.root.devices.get(plan.bridge);
    if (!bridge) {
        bridge = state.addDevice(state.root, { name: plan.bridge, kind: 'bridge', origin: at });
        bridge.up = true;
    }
    const { host } = vethPair(
        plan,
        namespace,
        index,
        addresses.map(({ address }) => address)
    );
    host.master = plan.bridge;
    const ipamRoutes = plan.ipam === 'none' ? [] : plan.ipam.routes;
    const gateway = addresses[0]?.gateway;
    const routes = ipamRoutes.map((route) => ({ ...route, gateway: route.gateway ?? gateway, explicit: route.gateway !== undefined }));
    if (plan.defaultGateway && gateway !== undefined && !routes.some((route) => route.explicit && route.destination.length === 0))
        routes.push({ destination: { address: 0, length: 0 }, gateway, explicit: true, ...plan.defaultGateway });
    addRoutes(plan, namespace, routes);
    if (!plan.gateway) return;
    for (const { address, gateway: held } of addresses) {
        // ensureAddr: an address the bridge already has is not added again.
        if (!bridge.addresses.some((known) => known.address === held)) bridge.addresses.push({ address: held, length: address.length });
    }
    enableForwarding(plan);
}

/**
 * ptp.go: a veth whose host end holds each gateway as a /32 with a host route to the container's
 * address; in the container the subnet's connected route is replaced by a /32 route to the
 * gateway and the subnet via it, so every packet goes through the host. nettopo writes the
 * container's address as a /32 (the language cannot delete a connected route): the same routes
 * and pings, without the subnet's broadcast address. ptp turns ip_forward on.
 */
function addPtpContainer(plan: Plan, namespace: Namespace, index: number, addresses: readonly IpamAddress[]): void {
    const { host } = vethPair(
        plan,
        namespace,
        index,
        addresses.map(({ address }) => ({ address: address.address, length: 32 }))
    );
    for (const { address, gateway } of addresses) {
        if (!host.addresses.some((known) => known.address === gateway)) host.addresses.push({ address: gateway, length: 32 });
        pushRoute(plan.state.root, { destination: { address: address.address, length: 32 }, device: host.name });
    }
    // The routes to the gateways first: the IPAM routes' gateways are reachable through them.
    for (const { address, gateway } of addresses) {
        pushRoute(namespace, { destination: { address: gateway, length: 32 }, device: CNI_IFNAME });
        pushRoute(namespace, { destination: { address: networkOf(address.address, address.length), length: address.length }, gateway });
    }
    const gateway = addresses[0]?.gateway;
    addRoutes(
        plan,
        namespace,
        (plan.ipam === 'none' ? [] : plan.ipam.routes).map((route) => ({ ...route, gateway: route.gateway ?? gateway }))
    );
    enableForwarding(plan);
}

/** The container's IPAM routes; the kernel refuses the same route twice (RTNETLINK: File exists), and the plugin's ADD with it. */
function addRoutes(plan: Plan, namespace: Namespace, routes: readonly { destination: Prefix; gateway?: Ipv4; line: number; key?: string }[]): void {
    for (const route of routes) {
        const text = routeWords({ destination: route.destination, type: 'unicast', gateway: route.gateway, metric: 0 });
        if (namespace.routes.some((known) => known.text === text)) {
            plan.state.error(
                { file: plan.at.file, line: route.line, command: `"${route.key ?? 'routes'}"` },
                `the container would get the route ${text} twice (isDefaultGateway adds a default route unless the routes have one with a gw): the kernel refuses the second (File exists), and the plugin's ADD fails`
            );
            continue;
        }
        pushRoute(namespace, route);
    }
}

function pushRoute(namespace: Namespace, route: { destination: Prefix; gateway?: Ipv4; device?: string }): void {
    const spec: Omit<RouteSpec, 'text'> = {
        destination: route.destination,
        type: 'unicast',
        metric: 0,
        ...(route.gateway !== undefined && { gateway: route.gateway }),
        ...(route.device !== undefined && { device: route.device })
    };
    namespace.routes.push({ ...spec, text: routeWords(spec) });
}

function enableForwarding(plan: Plan): void {
    const { root } = plan.state;
    if (!root.sysctls.some((entry) => entry.key === 'net.ipv4.ip_forward')) root.sysctls.push({ key: 'net.ipv4.ip_forward', value: 1, origin: plan.at });
}

/**
 * ipmasq (pkg/ip, the iptables backend): POSTROUTING sends packets from the container's address to
 * a chain CNI-… that accepts those to its subnet and masquerades the rest but multicast. As one
 * `nat masquerade` line: from the address, to anything outside the subnet. The multicast exception
 * changes no ping: the kernel forwards no multicast (ip_forward routes unicast only), so no packet
 * from a container to 224.0.0.0/4 reaches the host's POSTROUTING.
 */
function masquerade(plan: Plan, addresses: readonly IpamAddress[]): void {
    const { root } = plan.state;
    for (const { address } of addresses) {
        const match = {
            source: { prefix: { address: address.address, length: 32 }, negated: false },
            destination: { prefix: { address: networkOf(address.address, address.length), length: address.length }, negated: true }
        };
        root.nat.push({ node: root.name, ...match, text: `masquerade${ruleOptions(match, true)}` });
    }
}

function isSet(field: JsonField | undefined): boolean {
    if (field === undefined) return false;
    const { value } = field;
    return !(value.kind === 'boolean' && !value.value) && !(value.kind === 'number' && value.value === 0) && value.kind !== 'null';
}

/** A field read before its object is checked: as Go's encoding/json, the last of a repeated key. */
function lastField(object: JsonObject, key: string): JsonField | undefined {
    return object.fields.filter((field) => field.key === key).at(-1);
}

function origin(fields: CniFields, line: number, key: string): Origin {
    return { file: fields.file, line, command: `"${key}"` };
}

/** What is wrong with the names a CNI import is asked to give, or undefined. */
export function attachmentProblem(attachment: CniAttachment): string | undefined {
    const names = [attachment.host, ...attachment.containers];
    const bad = names.find((name) => !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name));
    if (bad !== undefined) return `'${bad}' is not a name nettopo takes (a letter or _, then letters, digits, _ and -)`;
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) return `'${twice}' is named twice: the host and each container need names of their own`;
    if (attachment.containers.length === 0) return 'name at least one container (--container NAME): the plugins build nothing before the first ADD';
    return undefined;
}
