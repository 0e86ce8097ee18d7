import { broadcastOf, formatIpv4, maskOf, parseCidr, parseIpv4, type Ipv4, type Prefix } from '../address/ipv4.js';
import type { Origin } from './import-problem.js';
import { addRoute } from './ip-command.js';
import type { LabState, Namespace } from './lab-state.js';

/**
 * net-tools' `ifconfig` and `route`, as Kathará labs' startup files use them, with what they ask
 * of the kernel (measured with net-tools 2.10 in network namespaces):
 * - `ifconfig IF ADDR` replaces the interface's primary address and sets the interface up even
 *   without `up`; without `/LEN` or `netmask` the prefix length is the address's class (A /8,
 *   B /16, C /24), and a class D or E address is refused (SIOCSIFADDR: Invalid argument).
 * - `route add` without `-net` or `-host` adds a host route (/32); `-net N` without a netmask is
 *   refused by the kernel; `metric M` is the route's metric M, as `ip route ... metric M`.
 */

export function ifconfig(state: LabState, namespace: Namespace, origin: Origin, args: readonly string[]): void {
    const [name, ...options] = args;
    if (name === undefined || name === '-a' || name === '-s' || options.length === 0) return state.warn(origin, 'ignored: it only shows what is there');
    if (name === 'lo') {
        if (options.every((option) => option === 'up' || option === '127.0.0.1' || option === '127.0.0.1/8')) return;
        return state.error(origin, 'ifconfig lo is imported as ifconfig lo [127.0.0.1] up only (nettopo models no loopback addresses)');
    }
    const device = namespace.devices.get(name);
    if (!device) return state.error(origin, `${namespace.name} has no device ${name}`);
    let prefix: Prefix | undefined;
    let up: boolean | undefined;
    let broadcast: Ipv4 | undefined;
    for (let index = 0; index < options.length; index++) {
        const option = options[index];
        if (option === 'up' || option === 'down') up = option === 'up';
        else if (option === 'netmask' || option === 'broadcast') {
            const value = parseIpv4(options[++index]);
            if (typeof value !== 'number') return state.error(origin, `${option}: ${value.error}`);
            if (option === 'broadcast') broadcast = value;
            else {
                const length = maskLength(value);
                if (length === undefined) return state.error(origin, `netmask ${options[index]} is not a run of ones then zeros`);
                if (prefix === undefined) return state.error(origin, 'ifconfig takes the address before its netmask');
                prefix = { address: prefix.address, length };
            }
        } else if (option === 'mtu') {
            index++;
            state.warn(origin, `ignored: the MTU of ${name} is not modelled`);
        } else if (prefix === undefined && /^\d/.test(option)) {
            const parsed = classful(option);
            if ('error' in parsed) return state.error(origin, parsed.error);
            prefix = parsed;
        } else return state.error(origin, `unknown ifconfig option ${option} (nettopo import knows ADDRESS[/LENGTH], netmask, broadcast, mtu, up and down)`);
    }
    if (broadcast !== undefined && (prefix === undefined || broadcast !== broadcastOf(prefix.address, prefix.length)))
        return state.error(origin, `broadcast ${formatIpv4(broadcast)}: nettopo's broadcast address is always the last of the subnet`);
    if (prefix !== undefined) {
        const others = device.addresses.slice(1).filter((existing) => existing.address !== prefix.address);
        device.addresses = [prefix, ...others];
        // SIOCSIFADDR comes with the interface set up (measured: `ifconfig eth0 ADDR` alone leaves it UP)
        device.up = true;
    }
    if (up !== undefined) device.up = up;
}

/** An address as ifconfig reads it: with `/LEN`, or with the length of its class. */
function classful(text: string): Prefix | { error: string } {
    if (text.includes('/')) return parseCidr(text);
    const address = parseIpv4(text);
    if (typeof address !== 'number') return address;
    const first = address >>> 24;
    if (first >= 224) return { error: `${text} is a class D or E address, which the kernel refuses on an interface (SIOCSIFADDR: Invalid argument)` };
    return { address, length: first < 128 ? 8 : first < 192 ? 16 : 24 };
}

/** The prefix length a netmask stands for, if it is one. */
function maskLength(mask: Ipv4): number | undefined {
    let length = 0;
    while (length < 32 && (mask & (1 << (31 - length))) !== 0) length++;
    return maskOf(length) === mask >>> 0 ? length : undefined;
}

/** `route add [-net|-host] TARGET [netmask M] [gw G] [metric N] [[dev] IF]`; `route` and `route -n` only show. */
export function route(state: LabState, namespace: Namespace, origin: Origin, args: readonly string[]): void {
    const words = args.filter((arg) => arg !== '-n' && arg !== '-e' && arg !== '-ee');
    const [verb, ...options] = words;
    if (verb === undefined) return state.warn(origin, 'ignored: it only shows what is there');
    if (verb !== 'add') return state.error(origin, `route ${verb} is not imported: nettopo import knows route add`);
    let kind: '-net' | '-host' | undefined;
    let target: string | undefined;
    let mask: number | undefined;
    let gateway: Ipv4 | undefined;
    let device: string | undefined;
    let metric = 0;
    for (let index = 0; index < options.length; index++) {
        const option = options[index];
        if ((option === '-net' || option === '-host') && target === undefined) kind = option;
        else if (option === 'netmask' || option === 'gw' || option === 'metric' || option === 'dev') {
            const value = options[++index];
            if (value === undefined) return state.error(origin, `${option} needs a value`);
            if (option === 'dev') device = value;
            else if (option === 'metric') {
                if (!/^\d+$/.test(value)) return state.error(origin, `metric ${value} is not a number`);
                metric = Number(value);
            } else {
                const address = parseIpv4(value);
                if (typeof address !== 'number') return state.error(origin, `${option}: ${address.error}`);
                if (option === 'gw') gateway = address;
                else {
                    mask = maskLength(address);
                    if (mask === undefined) return state.error(origin, `netmask ${value} is not a run of ones then zeros`);
                }
            }
        } else if (target === undefined) target = option;
        else if (device === undefined && index === options.length - 1) device = option;
        else return state.error(origin, `unknown route option ${option} (nettopo import knows -net, -host, netmask, gw, metric and dev)`);
    }
    if (target === undefined) return state.error(origin, 'route add needs a destination');
    let destination: Prefix;
    if (target === 'default') destination = { address: 0, length: 0 };
    else {
        const parsed = parseCidr(target);
        if ('error' in parsed) return state.error(origin, parsed.error);
        if (target.includes('/') && mask !== undefined) return state.error(origin, 'write the length once: N/LEN or netmask M');
        const length = target.includes('/') ? parsed.length : (mask ?? (kind === '-net' ? undefined : 32));
        if (length === undefined)
            return state.error(origin, `route add -net ${target} needs its netmask (netmask M or ${target}/LEN): the kernel refuses it without`);
        if (kind === '-host' && length !== 32) return state.error(origin, 'a -host route is for one address (/32)');
        destination = { address: parsed.address, length };
    }
    if (device !== undefined && !namespace.devices.has(device) && device !== 'lo')
        return state.error(origin, `the route names dev ${device}, but ${namespace.name} has no device ${device}`);
    addRoute(namespace, { destination, type: 'unicast', metric, ...(gateway !== undefined && { gateway }), ...(device !== undefined && { device }) });
}
