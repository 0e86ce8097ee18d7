import { parseCidr, parseIpv4, type Prefix } from '../address/ipv4.js';
import type { RouteSpec, RouteType } from '../model/topology.js';
import type { Origin } from './import-problem.js';
import type { LabState, Namespace } from './lab-state.js';
import { routeWords } from './net-printer.js';

/**
 * `ip` (iproute2) commands: `netns add|exec`, `link add ... type veth|bridge`, `link set`,
 * `addr add`, `route add`, with ip's abbreviations (`ip a`, `ip r`, `ip l`). Reads (`show`,
 * `list`) change nothing and are warned about; anything else is an error naming what it is.
 */

/** What runs a command inside a namespace (`ip netns exec NS CMD...`): the importer's dispatcher. */
export type RunIn = (namespace: Namespace, words: readonly string[]) => void;

export interface IpContext {
    readonly state: LabState;
    readonly namespace: Namespace;
    readonly origin: Origin;
    readonly runIn: RunIn;
}

/** ip's objects in the order ip tries them for an abbreviation (`ip a` is address, `ip r` route, `ip l` link). */
const OBJECTS = [
    'address',
    'addrlabel',
    'maddress',
    'route',
    'rule',
    'neighbour',
    'ntable',
    'link',
    'l2tp',
    'fou',
    'tunnel',
    'tuntap',
    'monitor',
    'xfrm',
    'netns'
];
const READS = ['show', 'list', 'lst', 'ls', 'get', 'identify', 'pids'];

function objectOf(word: string): string | undefined {
    if (word === 'neighbor') return 'neighbour';
    return OBJECTS.find((object) => object.startsWith(word));
}

function isAbbreviation(word: string | undefined, full: string, shortest = 1): boolean {
    return word !== undefined && word.length >= shortest && full.startsWith(word);
}

/**
 * Runs `ip WORDS...` (without `ip`) in the context's namespace. `-n NS`/`-netns NS` moves it to
 * NS; `-batch -` with a here-document is handled by the caller, which passes each line here.
 */
export function runIp(context: IpContext, args: readonly string[]): void {
    const { state, origin } = context;
    let namespace = context.namespace;
    let index = 0;
    while (args[index]?.startsWith('-')) {
        const option = args[index++];
        if (option === '-n' || option === '-netns' || option === '--netns') {
            const name = args[index++];
            const target = name === undefined ? undefined : state.namespaces.get(name);
            if (!target)
                return state.error(
                    origin,
                    name === undefined ? `${option} needs a namespace` : `namespace ${name} is used before it is created (ip netns add ${name})`
                );
            namespace = target;
        } else if (!['-4', '-force', '-d', '-details', '-s', '-stats', '-br', '-brief', '-c', '-color', '-o', '-oneline'].includes(option)) {
            return state.error(origin, `unknown ip option ${option}`);
        }
    }
    const object = args[index] === undefined ? undefined : objectOf(args[index]);
    const rest = args.slice(index + 1);
    const here: IpContext = { ...context, namespace };
    if (object === undefined)
        return state.error(origin, args[index] === undefined ? 'ip needs an object (link, addr, route, netns)' : `ip has no object ${args[index]}`);
    const verb = rest[0];
    if (verb === undefined || verb === 'l' || READS.some((read) => isAbbreviation(verb, read, 2)))
        return state.warn(origin, 'ignored: it only shows what is there');
    switch (object) {
        case 'netns':
            return netns(here, rest);
        case 'link':
            return link(here, rest);
        case 'address':
            return address(here, rest);
        case 'route':
            return route(here, rest);
        default:
            return state.error(origin, `ip ${object} is not imported: nettopo import knows ip netns, link, addr and route`);
    }
}

function netns({ state, origin, runIn }: IpContext, args: readonly string[]): void {
    const [verb, name, ...command] = args;
    if (verb === 'add') {
        if (name === undefined) return state.error(origin, 'ip netns add needs a name');
        if (state.namespaces.has(name)) return state.error(origin, `namespace ${name} already exists`);
        state.addNamespace(name);
        return;
    }
    if (verb === 'exec' || verb === 'e') {
        const target = name === undefined ? undefined : state.namespaces.get(name);
        if (!target)
            return state.error(
                origin,
                name === undefined ? 'ip netns exec needs a namespace' : `namespace ${name} is used before it is created (ip netns add ${name})`
            );
        if (command.length === 0) return state.error(origin, 'ip netns exec needs a command');
        return runIn(target, command);
    }
    return state.error(origin, `ip netns ${verb} is not imported (the import builds a lab; it knows ip netns add and exec)`);
}

/** `[name] NAME` or `dev NAME` at the start of a link command; returns the name and the rest. */
function deviceName(args: readonly string[]): [string | undefined, readonly string[]] {
    if (args[0] === 'name' || args[0] === 'dev') return [args[1], args.slice(2)];
    return [args[0], args.slice(1)];
}

function link(context: IpContext, args: readonly string[]): void {
    const { state, origin, namespace } = context;
    const [verb, ...rest] = args;
    if (verb === 'add' || verb === 'a') return linkAdd(context, rest);
    if (verb !== 'set') return state.error(origin, `ip link ${verb} is not imported: nettopo import knows ip link add and set`);
    const [name, options] = deviceName(rest);
    if (name === 'lo') return;
    const device = name === undefined ? undefined : namespace.devices.get(name);
    if (!device) return state.error(origin, name === undefined ? 'ip link set needs a device' : `there is no device ${name} in ${namespace.name}`);
    for (let index = 0; index < options.length; index++) {
        const option = options[index];
        if (option === 'up') device.up = true;
        else if (option === 'down') device.up = false;
        else if (option === 'nomaster') device.master = undefined;
        else if (option === 'address') {
            // a MAC address changes no route nor any ping's outcome the language predicts
            index++;
            state.warn(origin, `ignored: the MAC address of ${device.name} is not modelled`);
        } else if (option === 'master' || option === 'netns') {
            const value = options[++index];
            if (value === undefined) return state.error(origin, `${option} needs a value`);
            if (option === 'master') {
                if (namespace.devices.get(value)?.kind !== 'bridge') return state.error(origin, `there is no bridge ${value} in ${namespace.name}`);
                device.master = value;
            } else {
                const target = state.namespaces.get(value);
                if (!target) return state.error(origin, `namespace ${value} is used before it is created (ip netns add ${value})`);
                if (target.devices.has(device.name)) return state.error(origin, `${target.name} already has a device ${device.name}`);
                if (device.addresses.length > 0) state.warn(origin, `the move drops the addresses ${device.name} had, as the kernel does`);
                state.moveDevice(device, target);
            }
        } else return state.error(origin, `unknown option ${option} of ip link set (nettopo import knows up, down, master, nomaster, netns and address)`);
    }
}

function linkAdd(context: IpContext, args: readonly string[]): void {
    const { state, origin, namespace } = context;
    const [name, rest] = deviceName(args);
    if (name === undefined || rest[0] !== 'type') return state.error(origin, 'ip link add takes NAME type veth|bridge ...');
    if (namespace.devices.has(name)) return state.error(origin, `${namespace.name} already has a device ${name}`);
    const [, type, ...options] = rest;
    if (type === 'bridge') {
        // The language's bridges forward at once, as with STP off and no forward delay (the default is STP off).
        for (let index = 0; index < options.length; index += 2) {
            if (!['stp_state', 'forward_delay'].includes(options[index]) || options[index + 1] !== '0') {
                return state.error(
                    origin,
                    `bridge option ${options.slice(index, index + 2).join(' ')} is not imported: nettopo's bridges forward at once (stp_state 0, forward_delay 0)`
                );
            }
        }
        state.addDevice(namespace, { name, kind: 'bridge', origin });
        return;
    }
    if (type !== 'veth') return state.error(origin, `a device of type ${type ?? '(none)'} is not imported: nettopo import knows veth and bridge`);
    if (options[0] !== 'peer') return state.error(origin, 'a veth needs its peer: ip link add A type veth peer name B');
    const [peerName, peerOptions] = deviceName(options.slice(1));
    if (peerName === undefined) return state.error(origin, 'the veth peer needs a name');
    let peerNamespace = namespace;
    if (peerOptions.length > 0) {
        if (peerOptions[0] !== 'netns' || peerOptions.length !== 2)
            return state.error(origin, `unknown option ${peerOptions[0]} of the veth peer (nettopo import knows netns NS)`);
        const target = state.namespaces.get(peerOptions[1]);
        if (!target) return state.error(origin, `namespace ${peerOptions[1]} is used before it is created (ip netns add ${peerOptions[1]})`);
        peerNamespace = target;
    }
    if (peerNamespace.devices.has(peerName) || (peerNamespace === namespace && peerName === name)) {
        return state.error(origin, `${peerNamespace.name} already has a device ${peerName}`);
    }
    const end = state.addDevice(namespace, { name, kind: 'veth', origin });
    const peer = state.addDevice(peerNamespace, { name: peerName, kind: 'veth', origin });
    end.peer = peer;
    peer.peer = end;
}

function address({ state, origin, namespace }: IpContext, args: readonly string[]): void {
    const [verb, ...options] = args;
    if (verb !== 'add' && verb !== 'a') return state.error(origin, `ip addr ${verb} is not imported: nettopo import knows ip addr add`);
    let prefix: Prefix | undefined;
    let name: string | undefined;
    for (let index = 0; index < options.length; index++) {
        const option = options[index];
        if (option === 'dev') name = options[++index];
        else if (option === 'brd' || option === 'broadcast') index++;
        else if (option === 'local' || prefix === undefined) {
            const text = option === 'local' ? options[++index] : option;
            const parsed = parseCidr(text);
            if ('error' in parsed) return state.error(origin, parsed.error);
            prefix = parsed;
        } else return state.error(origin, `unknown option ${option} of ip addr add (nettopo import knows dev, brd and local)`);
    }
    if (prefix === undefined || name === undefined) return state.error(origin, 'ip addr add takes PREFIX dev DEVICE');
    const device = namespace.devices.get(name);
    if (!device) return state.error(origin, `the address is added to ${name}, but ${namespace.name} has no device ${name}`);
    if (device.addresses.some((existing) => existing.address === prefix.address))
        return state.error(origin, `${name} already has the address (the kernel says File exists)`);
    device.addresses.push(prefix);
}

const ROUTE_TYPES: readonly RouteType[] = ['blackhole', 'unreachable', 'prohibit'];

function route({ state, origin, namespace }: IpContext, args: readonly string[]): void {
    const [verb, ...options] = args;
    if (verb !== 'add' && verb !== 'a') return state.error(origin, `ip route ${verb} is not imported: nettopo import knows ip route add`);
    let type: RouteType = 'unicast';
    let destination: Prefix | undefined;
    let gateway: number | undefined;
    let device: string | undefined;
    let metric = 0;
    for (let index = 0; index < options.length; index++) {
        const option = options[index];
        const value = options[index + 1];
        if (ROUTE_TYPES.includes(option as RouteType) && destination === undefined) type = option as RouteType;
        else if (option === 'unicast' && destination === undefined) type = 'unicast';
        else if (option === 'via' || option === 'dev' || option === 'metric' || option === 'preference' || option === 'priority' || option === 'table') {
            index++;
            if (value === undefined) return state.error(origin, `${option} needs a value`);
            if (option === 'via') {
                const parsed = parseIpv4(value === 'inet' ? options[++index] : value);
                if (typeof parsed !== 'number') return state.error(origin, parsed.error);
                gateway = parsed;
            } else if (option === 'dev') {
                if (!namespace.devices.has(value) && value !== 'lo')
                    return state.error(origin, `the route names dev ${value}, but ${namespace.name} has no device ${value}`);
                device = value;
            } else if (option === 'table') {
                if (value !== 'main' && value !== '254') return state.error(origin, `table ${value}: nettopo models the main table only`);
            } else {
                if (!/^\d+$/.test(value)) return state.error(origin, `${option} ${value} is not a number`);
                metric = Number(value);
            }
        } else if (destination === undefined) {
            if (option === 'to') continue;
            const parsed = option === 'default' ? { address: 0, length: 0 } : parseCidr(option);
            if ('error' in parsed) return state.error(origin, `unknown option ${option} of ip route add: ${parsed.error}`);
            destination = parsed;
        } else
            return state.error(
                origin,
                `unknown option ${option} of ip route add (nettopo import knows via, dev, metric and the types blackhole, unreachable, prohibit)`
            );
    }
    if (destination === undefined) return state.error(origin, 'ip route add needs a destination');
    addRoute(namespace, { destination, type, metric, ...(gateway !== undefined && { gateway }), ...(device !== undefined && { device }) });
}

/** A route as `ip route add` (or net-tools' `route add`, which asks the kernel for the same) puts it in the main table. */
export function addRoute(namespace: Namespace, spec: Omit<RouteSpec, 'text'>): void {
    namespace.routes.push({ ...spec, text: routeWords(spec) });
}
