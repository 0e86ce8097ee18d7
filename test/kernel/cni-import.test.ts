import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureTopology, parsePingTarget } from '../../language/src/kernel/lab.js';
import { pingPacketLines } from '../../language/src/kernel/ping-output.js';
import { runCommand, withRunCleanup } from '../../language/src/kernel/processes.js';
import { importCni } from '../../language/src/import/cni-import.js';
import { printNet } from '../../language/src/import/net-printer.js';
import { loadNetText } from '../../language/src/load.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * `nettopo import cni` on the real kernel: the .net a conflist imports to (bridge and ptp, with
 * host-local and ipMasq), with the host's own LAN added (an outside node with no route back to the
 * containers' subnet, so only the masquerade brings its replies back), built in namespaces; the
 * engine must predict every ping, route table and iptables listing. The same lab without ipMasq
 * shows what the masquerade does: the outside node's reply is lost.
 */
const fixtures = join(import.meta.dirname, '../fixtures/cni');

/** The imported lab, with `eth0` on the host to an outside node, and the pings. */
function lab(conflist: string, edit: (text: string) => string, pings: readonly string[]): string {
    const file = `test/fixtures/cni/${conflist}`;
    const { topology, problems } = importCni(edit(readFileSync(join(fixtures, conflist), 'utf8')), file, { host: 'host', containers: ['web', 'db'] });
    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    const text = printNet(topology).replace(/^(router|host) host \{$/m, '$&\n  eth0 198.18.9.1/24 -- outside.eth0');
    return `${text}\nhost outside {\n  eth0 198.18.9.2/24\n}\n\n${pings.map((ping) => `ping ${ping}`).join('\n')}\n`;
}

const unchanged = (text: string) => text;
const noMasquerade = (text: string) => text.replace('"ipMasq": true', '"ipMasq": false');

const labs: [string, string][] = [
    ['bridge with ipMasq', lab('lab-bridge.conflist', unchanged, ['web -> outside', 'db -> web', 'web -> 198.18.8.1', 'outside -> web fails'])],
    ['bridge without ipMasq', lab('lab-bridge.conflist', noMasquerade, ['web -> outside fails', 'web -> 198.18.9.1'])],
    ['ptp with ipMasq', lab('lab-ptp.conflist', unchanged, ['web -> outside', 'web -> db', 'db -> 198.18.10.1'])],
    ['ptp without ipMasq', lab('lab-ptp.conflist', noMasquerade, ['db -> outside fails'])]
];

describe('imported CNI labs', () => {
    test.each(labs)('%s: the pings hold in the engine', async (_, text) => {
        const { diagnostics, pingRuns } = await loadNetText(text, 'cni.net');
        expect(diagnostics.filter((entry) => entry.severity === 1)).toEqual([]);
        expect(pingRuns.map((run) => run.holds)).not.toContain(false);
    });
});

describe.skipIf(skipKernel)(kernelTitle('imported CNI labs: the kernel and the engine agree'), () => {
    test.concurrent.each(labs)(
        '%s',
        async (_, text) => {
            requireKernel();
            const { topology, network } = await loadNetText(text, 'cni.net');
            const kernel = withoutTrailingSpaces(await measureTopology(topology));
            expect(truthDifferences(kernel, predictTruth(network, topology.pings)).map(formatDifference).join('\n')).toBe('');
        },
        300_000
    );
});

type Ping = readonly [source: string, target: string];

/**
 * Builds a lab with the plugin's own commands (`build` gets each node's namespace name), runs the
 * pings there, one `ping -c 1` each, and gives the lines they printed; the namespaces, named with
 * this run's prefix, are removed afterwards, even on failure.
 */
async function pingsAsBuilt(build: (ns: (node: string) => string) => string[], pings: readonly Ping[]): Promise<string[][]> {
    const prefix = `ntc${[...randomBytes(5)].map((byte) => (byte % 36).toString(36)).join('')}`;
    const ns = (node: string) => `${prefix}-${node}`;
    return withRunCleanup(prefix, async () => {
        const built = await runCommand('bash', ['-c', ['set -e', ...build(ns)].join('\n')]);
        expect(built.stderr).toBe('');
        const lines: string[][] = [];
        for (const [source, target] of pings) {
            // stdout and stderr as one stream, as the lab runner reads them (`connect: Network is unreachable` is on stderr)
            const run = await runCommand('sh', ['-c', 'exec "$@" 2>&1', 'sh', 'ip', 'netns', 'exec', ns(source), 'ping', '-n', '-c', '1', '-W', '2', target]);
            lines.push(pingPacketLines(run.stdout));
        }
        return lines;
    });
}

/** What the engine predicts those pings print on a .net text. */
async function predictedLines(text: string, pings: readonly Ping[]): Promise<string[][]> {
    const { network } = await loadNetText(text, 'cni.net');
    return predictTruth(
        network,
        pings.map(([source, target]) => ({ source, ...parsePingTarget(target) }))
    ).pings.map((ping) => ping.lines);
}

const namespaces = (ns: (node: string) => string, nodes: readonly string[]) =>
    nodes.flatMap((node) => [`ip netns add ${ns(node)}`, `ip -n ${ns(node)} link set lo up`]);

describe.skipIf(skipKernel)(kernelTitle("the plugins' own setups ping as their imports predict"), () => {
    /**
     * ptp as its cmdAdd builds it (the container's address with its /24, the connected route
     * deleted, a /32 route to the gateway and the subnet via it, both with `src`; host routes of
     * scope host), which the language cannot write as such: the import writes the address as a /32.
     */
    test('ptp: container to container, to the gateway, to an address nobody has; the host to a container', async () => {
        requireKernel();
        const { topology } = importCni(readFileSync(join(fixtures, 'lab-ptp.conflist'), 'utf8'), 'lab-ptp.conflist', {
            host: 'host',
            containers: ['web', 'db']
        });
        const pings: Ping[] = [
            ['web', '198.18.10.3'],
            ['db', '198.18.10.2'],
            ['web', '198.18.10.1'],
            ['web', '198.18.10.77'],
            ['host', '198.18.10.2']
        ];
        const measured = await pingsAsBuilt(
            (ns) => [
                ...namespaces(ns, ['host', 'web', 'db']),
                `ip netns exec ${ns('host')} sysctl -qw net.ipv4.ip_forward=1`,
                ...['web', 'db'].flatMap((node, index) => {
                    const address = `198.18.10.${index + 2}`;
                    return [
                        `ip -n ${ns('host')} link add veth${index} type veth peer name eth0 netns ${ns(node)}`,
                        `ip -n ${ns(node)} addr add ${address}/24 dev eth0`,
                        `ip -n ${ns(node)} link set eth0 up`,
                        `ip -n ${ns(node)} route add default via 198.18.10.1 dev eth0`,
                        `ip -n ${ns(node)} route del 198.18.10.0/24 dev eth0`,
                        `ip -n ${ns(node)} route add 198.18.10.1/32 dev eth0 scope link src ${address}`,
                        `ip -n ${ns(node)} route add 198.18.10.0/24 via 198.18.10.1 dev eth0 src ${address}`,
                        `ip -n ${ns('host')} addr add 198.18.10.1/32 dev veth${index}`,
                        `ip -n ${ns('host')} link set veth${index} up`,
                        `ip -n ${ns('host')} route add ${address}/32 dev veth${index} scope host`
                    ];
                })
            ],
            pings
        );
        expect(measured[0]).toEqual(['64 bytes from 198.18.10.3: icmp_seq=1 ttl=63']);
        expect(measured).toEqual(await predictedLines(printNet(topology), pings));
    }, 120_000);

    /**
     * ipMasq as pkg/ip's iptables backend builds it: a chain per network and container, `-d SUBNET
     * -j ACCEPT` then `! -d 224.0.0.0/4 -j MASQUERADE`, jumped to from POSTROUTING by `-s ADDR`;
     * the import writes one `nat masquerade from ADDR/32 to !SUBNET` instead.
     */
    test('bridge with ipMasq: the chain masquerades what the one nat line does', async () => {
        requireKernel();
        const text = lab('lab-bridge.conflist', unchanged, []);
        const pings: Ping[] = [
            ['web', '198.18.9.2'],
            ['web', '198.18.8.11'],
            ['db', '198.18.9.1'],
            ['outside', '198.18.8.10']
        ];
        const measured = await pingsAsBuilt(
            (ns) => [
                ...namespaces(ns, ['host', 'web', 'db', 'outside']),
                `ip netns exec ${ns('host')} sysctl -qw net.ipv4.ip_forward=1`,
                `ip netns exec ${ns('host')} sysctl -qw net.bridge.bridge-nf-call-iptables=1`,
                `ip -n ${ns('host')} link add cni0 type bridge`,
                `ip -n ${ns('host')} addr add 198.18.8.1/24 dev cni0`,
                `ip -n ${ns('host')} link set cni0 up`,
                `ip -n ${ns('host')} link add eth0 type veth peer name eth0 netns ${ns('outside')}`,
                `ip -n ${ns('host')} addr add 198.18.9.1/24 dev eth0`,
                `ip -n ${ns('host')} link set eth0 up`,
                `ip -n ${ns('outside')} addr add 198.18.9.2/24 dev eth0`,
                `ip -n ${ns('outside')} link set eth0 up`,
                `ip netns exec ${ns('host')} iptables -t nat -N CNI-lab`,
                `ip netns exec ${ns('host')} iptables -t nat -A CNI-lab -d 198.18.8.0/24 -j ACCEPT`,
                `ip netns exec ${ns('host')} iptables -t nat -A CNI-lab ! -d 224.0.0.0/4 -j MASQUERADE`,
                ...['web', 'db'].flatMap((node, index) => {
                    const address = `198.18.8.${index + 10}`;
                    return [
                        `ip -n ${ns('host')} link add veth${index} type veth peer name eth0 netns ${ns(node)}`,
                        `ip -n ${ns('host')} link set veth${index} master cni0`,
                        `ip -n ${ns('host')} link set veth${index} up`,
                        `ip -n ${ns(node)} addr add ${address}/24 dev eth0`,
                        `ip -n ${ns(node)} link set eth0 up`,
                        `ip -n ${ns(node)} route add default via 198.18.8.1 dev eth0`,
                        `ip netns exec ${ns('host')} iptables -t nat -A POSTROUTING -s ${address} -j CNI-lab`
                    ];
                })
            ],
            pings
        );
        expect(measured[0]).toEqual(['64 bytes from 198.18.9.2: icmp_seq=1 ttl=63']);
        expect(measured).toEqual(await predictedLines(text, pings));
    }, 120_000);
});
