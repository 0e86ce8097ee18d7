import { parseIpv4 } from '../address/ipv4.js';
import type { Origin } from './import-problem.js';
import type { LabState, Namespace } from './lab-state.js';

/**
 * The files `ip netns exec NS` bind-mounts over /etc: `mkdir -p /etc/netns/NS` and
 * `cat >/etc/netns/NS/hosts <<EOF` (or resolv.conf), as tutorials and `nettopo export` write
 * them, become the node's `hosts` and `nameserver` lines. A line of either file the language has
 * no statement for is an error (resolv.conf's `options`, `search` and comments: warnings).
 */

export const ETC_NETNS = '/etc/netns/';

/** `mkdir -p /etc/netns/NS`: only a namespace the script created. */
export function makeNetnsDirectory(state: LabState, origin: Origin, args: readonly string[]): void {
    const paths = args.filter((arg) => arg !== '-p');
    if (paths.length !== 1 || paths.length === args.length) return state.error(origin, 'mkdir is imported as mkdir -p /etc/netns/NAMESPACE');
    const namespace = paths[0].slice(ETC_NETNS.length).replace(/\/$/, '');
    if (!paths[0].startsWith(ETC_NETNS) || namespace.includes('/')) return state.error(origin, 'mkdir is imported as mkdir -p /etc/netns/NAMESPACE');
    if (!state.namespaces.has(namespace)) state.error(origin, `namespace ${namespace} is used before it is created (ip netns add ${namespace})`);
}

/** `cat >/etc/netns/NS/FILE <<EOF` with the file's lines. */
export function writeNetnsFile(state: LabState, origin: Origin, target: string, lines: readonly string[] | undefined): void {
    const [name, file, ...rest] = target.slice(ETC_NETNS.length).split('/');
    if (rest.length > 0 || (file !== 'hosts' && file !== 'resolv.conf'))
        return state.error(origin, `only /etc/netns/NAMESPACE/hosts and resolv.conf are imported, not ${target}`);
    if (lines === undefined) return state.error(origin, `${target} is imported from a here-document (cat >${target} <<EOF)`);
    const namespace = state.namespaces.get(name);
    if (!namespace) return state.error(origin, `namespace ${name} is used before it is created (ip netns add ${name})`);
    readEtcFile(state, namespace, file, lines, () => origin, target);
}

/**
 * The lines of a namespace's (or a Kathará machine's) hosts or resolv.conf file, into its `hosts`
 * and `nameserver` lines; `originOf` says where line N (from 1) is, `target` is the file's name for messages.
 */
export function readEtcFile(
    state: LabState,
    namespace: Namespace,
    file: 'hosts' | 'resolv.conf',
    lines: readonly string[],
    originOf: (line: number) => Origin,
    target: string
): void {
    lines.forEach((line, index) => {
        const origin = originOf(index + 1);
        const words = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
        if (words.length === 0) return;
        const parsed = parseIpv4(file === 'hosts' ? words[0] : words[1]);
        const address = typeof parsed === 'number' ? parsed : undefined;
        if (file === 'hosts' && address !== undefined && words.length > 1) namespace.hosts.push(...words.slice(1).map((host) => ({ name: host, address })));
        else if (file === 'hosts' && words[0].includes(':')) state.warn(origin, `ignored in ${target}: ${line.trim()} (IPv6 is not modelled)`);
        else if (file === 'resolv.conf' && words[0] === 'nameserver' && address !== undefined && words.length === 2) namespace.nameservers.push(address);
        else if (file === 'resolv.conf' && (words[0] === 'options' || words[0] === 'search' || words[0] === 'domain'))
            state.warn(origin, `ignored in ${target}: ${line.trim()} (the language has the resolver's timeouts fixed)`);
        else state.error(origin, `${line.trim()} in ${target}: write ${file === 'hosts' ? 'ADDRESS NAME...' : 'nameserver ADDRESS'}`);
    });
}
