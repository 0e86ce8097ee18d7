import type { ChildProcess } from 'node:child_process';
import { formatIpv4 } from '../address/ipv4.js';
import type { NodeModel, Topology } from '../model/topology.js';
import { LabInputError, nodeNamespace } from './netns-script.js';
import { startProcess, stopProcess } from './processes.js';

/**
 * dnsmasq (Debian's `dnsmasq-base`) in the namespace of each node with `dns` lines: authoritative
 * for every name with only that node's records (`--local=/#/`: NXDOMAIN for any other name, no
 * upstream), reading no /etc/hosts, resolv.conf or configuration file, bound to the node's lab
 * addresses only, in the foreground so that the process started is the server (stopped by its id).
 * Options measured by scripts/measure-names.sh.
 */
export async function startDnsServers(topology: Topology, prefix: string): Promise<() => Promise<void>> {
    const servers: ChildProcess[] = [];
    const stopAll = async () => {
        await Promise.all(servers.map(stopProcess));
    };
    try {
        for (const node of topology.nodes.filter(servesNames)) {
            const child = startProcess('ip', ['netns', 'exec', nodeNamespace(prefix, node.name), 'dnsmasq', ...dnsmasqOptions(node)]);
            servers.push(child);
            await started(child, node.name);
        }
    } catch (error) {
        await stopAll();
        throw error;
    }
    return stopAll;
}

/** A node serves names when it has records and an address to serve them on. */
function servesNames(node: NodeModel): boolean {
    return node.dns.length > 0 && node.interfaces.some((iface) => iface.addresses.length > 0);
}

export function dnsmasqOptions(node: NodeModel): string[] {
    const addresses = node.interfaces.flatMap((iface) => iface.addresses.map((entry) => formatIpv4(entry.address)));
    return [
        '--keep-in-foreground',
        '--conf-file=/dev/null',
        '--no-resolv',
        '--no-hosts',
        '--no-poll',
        '--local=/#/',
        '--bind-interfaces',
        '--except-interface=lo',
        ...addresses.map((address) => `--listen-address=${address}`),
        '--pid-file=',
        '--user=root',
        '--log-facility=-',
        // In file order: of two records of an address, the first is its PTR answer (measured).
        ...node.dns.map((record) => `--host-record=${record.name},${formatIpv4(record.address)}`)
    ];
}

/** Resolves once dnsmasq says it started (its sockets are bound by then); rejects, in our words, when it exits first. */
function started(child: ChildProcess, node: string): Promise<void> {
    return new Promise((resolve, reject) => {
        let said = '';
        const onData = (chunk: Buffer) => {
            said += chunk.toString('utf8');
            if (/dnsmasq\[\d+\]: started/.test(said)) {
                child.stderr!.off('data', onData);
                child.stderr!.resume();
                resolve();
            }
        };
        child.stderr!.on('data', onData);
        child.stdout!.resume();
        child.once('error', () => reject(new LabInputError(`cannot start dnsmasq for ${node}'s dns lines: is dnsmasq-base installed?`)));
        child.once('close', () => {
            const last = said.trim().split('\n').pop() ?? '';
            reject(new LabInputError(`dnsmasq for ${node}'s dns lines stopped at once${last ? `: ${last.replace(/^dnsmasq(\[\d+\])?: /, '')}` : ''}`));
        });
    });
}
