import { formatIpv4 } from '../address/ipv4.js';
import { formatPingFrom } from '../engine/ping-target.js';
import { checkLabAddresses } from '../kernel/address-guard.js';
import { labUnavailableReason } from '../kernel/availability.js';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces, type PingCase } from '../kernel/compare.js';
import { measureTopology } from '../kernel/lab.js';
import { LabInputError } from '../kernel/netns-script.js';
import { cleanUpCrashedRuns } from '../kernel/processes.js';
import type { Topology } from '../model/topology.js';
import { displayName, errorLines, loadFile, UsageError } from './cli-support.js';

interface VerifyOptions {
    readonly allPairs: boolean;
    readonly anyAddress: boolean;
    /** Print one JSON object (what the kernel did, and the differences) instead of text. */
    readonly json: boolean;
}

/**
 * `nettopo verify FILE [--all-pairs] [--json]`: builds the file in fresh network namespaces (one lab per
 * ping), runs the real `ping` and reads the real route tables, and compares everything with the
 * simulation. Exit 0 when the kernel agrees, 1 on any difference.
 */
export async function verifyCommand(path: string, options: VerifyOptions, out: (line: string) => void): Promise<number> {
    const unavailable = labUnavailableReason();
    if (unavailable) throw new UsageError(`verify needs the real kernel: ${unavailable}`);
    const file = await loadFile(path);
    const errors = errorLines(path, file, ['route-refused']);
    if (errors.length) throw new UsageError(`${displayName(path)} has errors; fix them before verifying:\n${errors.join('\n')}`);
    const statements: readonly PingCase[] = file.topology.pings;
    const pings = options.allPairs ? [...statements, ...allPairs(file.topology)] : statements;
    let kernel;
    try {
        if (!options.anyAddress)
            checkLabAddresses(
                file.topology,
                pings.flatMap((ping) => (ping.name === undefined ? [ping.target] : []))
            );
        if (!options.json)
            out(
                `verify ${displayName(path)}: ${plural(file.topology.nodes.length, 'node')}, ${plural(pings.length, 'ping')}, each on a lab built afresh in network namespaces`
            );
        kernel = withoutTrailingSpaces(
            await measureTopology(file.topology, {
                // `from` too: a `ping ... from IF|ADDR` line is `ping -I` on the kernel as in the engine.
                pings: pings.map((ping) => ({
                    source: ping.source,
                    target: ping.name ?? formatIpv4(ping.target),
                    ...(ping.from && { from: formatPingFrom(ping.from) })
                })),
                allowAnyAddress: options.anyAddress
            })
        );
    } catch (error) {
        if (error instanceof LabInputError)
            throw new UsageError(`${error.message}${/outside 198\.18/.test(error.message) ? ' (--any-address allows it)' : ''}`);
        throw error;
    }
    const differences = truthDifferences(kernel, predictTruth(file.network, pings));
    if (options.json) {
        out(JSON.stringify({ agrees: differences.length === 0, kernel, differences }));
        return differences.length ? 1 : 0;
    }
    for (const difference of differences) out(formatDifference(difference));
    const tables = Object.keys(kernel.routes).length;
    const disagreeing = new Set(differences.map((difference) => difference.what));
    const agreeingPings = kernel.pings.filter((ping) => !disagreeing.has(`ping ${ping.source} -> ${ping.target}`)).length;
    const agreeingTables = [...Object.keys(kernel.routes)].filter(
        (node) => !disagreeing.has(`${node}: ip route`) && !disagreeing.has(`${node}: route -n`)
    ).length;
    const ruled = Object.keys(kernel.rules ?? {});
    const agreeingRules = ruled.filter((node) => !disagreeing.has(`${node}: iptables -S`) && !disagreeing.has(`${node}: iptables -t nat -S`)).length;
    out(
        `${differences.length ? 'DIFFERENT' : 'agrees'}: ${agreeingPings}/${kernel.pings.length} pings, ${agreeingTables}/${tables} route tables` +
            `${ruled.length ? `, ${agreeingRules}/${ruled.length} iptables rule sets` : ''}` +
            `${disagreeing.has('refused routes') ? ', refused routes differ' : ', refused routes agree'}`
    );
    return differences.length ? 1 : 0;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Every node to every interface address of the topology (its own included), after the file's own pings. */
function allPairs(topology: Topology): PingCase[] {
    const addresses = [...new Set(topology.nodes.flatMap((node) => node.interfaces.flatMap((iface) => iface.addresses.map((entry) => entry.address))))];
    return topology.nodes.flatMap((node) => addresses.map((target) => ({ source: node.name, target })));
}

/**
 * `nettopo verify --cleanup`: removes the namespaces of verify runs whose process died without
 * cleaning up (each run records its prefix before it builds anything; see kernel/run-records.ts).
 */
export async function verifyCleanupCommand(out: (line: string) => void): Promise<number> {
    const unavailable = labUnavailableReason();
    if (unavailable) throw new UsageError(`verify --cleanup needs the real kernel: ${unavailable}`);
    const removed = await cleanUpCrashedRuns();
    out(removed.length ? `removed ${plural(removed.length, 'namespace')} left by earlier runs: ${removed.join(' ')}` : 'nothing left by earlier runs');
    return 0;
}
