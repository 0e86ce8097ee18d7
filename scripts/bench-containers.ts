// Containers at scale (issue 12): 50 bridge hosts of 20 containers each (1,000 containers) on 5
// LANs behind one router, every host with Docker's MASQUERADE and FORWARD rules (policy drop,
// then its accept rules). The full check, an all-pairs reachability matrix, and the time of one
// ping beside the same lab without NAT and filters (the router routes back to every bridge
// instead, so both labs' pings take the same path and reply alike).
import { performance } from 'node:perf_hooks';
import type { Network } from '../language/src/engine/network.js';
import { simulatePing } from '../language/src/engine/ping.js';
import { loadNetText } from '../language/src/load.js';

const LANS = 5;
const HOSTS_PER_LAN = 10;
const CONTAINERS_PER_HOST = 20;
/** The all-pairs matrix is sampled (every k-th source) above this many pings, and extrapolated. */
const MATRIX_LIMIT = 100_000;
/** How many times the one ping is simulated, for a steady average. */
const PING_REPEATS = 20_000;

type Format = { ms: (value: number) => string; count: (value: number) => string };

/** The lab's text: with Docker's rules on every bridge host, or with the router's routes back instead. */
function containerLab(docker: boolean): string {
    const lines = ['# 50 bridge hosts x 20 containers', ''];
    for (let lan = 0; lan < LANS; lan++) lines.push(`switch lan${lan} 198.18.${lan}.0/24`);
    const router = ['', 'router r {', ...Array.from({ length: LANS }, (_, lan) => `  eth${lan} 198.18.${lan}.1/24 -- lan${lan}`)];
    const rest: string[] = [];
    for (let lan = 0; lan < LANS; lan++) {
        rest.push('', `host server${lan} {`, `  eth0 198.18.${lan}.200/24 -- lan${lan}`, `  route default via 198.18.${lan}.1`, '}');
        for (let index = 0; index < HOSTS_PER_LAN; index++) {
            const bridge = lan * HOSTS_PER_LAN + index;
            const address = `198.18.${lan}.${10 + index}`;
            if (!docker) router.push(`  route 198.19.${bridge}.0/24 via ${address}`);
            rest.push('', `host dh${bridge} {`, `  eth0 ${address}/24 -- lan${lan}`, `  bridge d0 198.19.${bridge}.1/24`, '  sysctl net.ipv4.ip_forward = 1');
            if (docker) {
                rest.push(
                    `  nat masquerade from 198.19.${bridge}.0/24 out !d0`,
                    '  filter forward policy drop',
                    '  filter forward accept out d0 state established,related',
                    '  filter forward accept in d0 out !d0',
                    '  filter forward accept in d0 out d0'
                );
            }
            rest.push(`  route default via 198.18.${lan}.1`, '}');
            for (let container = 0; container < CONTAINERS_PER_HOST; container++) {
                rest.push(
                    '',
                    `host c${bridge}x${container} {`,
                    `  eth0 198.19.${bridge}.${container + 2}/24 -- dh${bridge}.d0`,
                    `  route default via 198.19.${bridge}.1`,
                    '}'
                );
            }
        }
    }
    router.push('}');
    // A few `ping` lines, as a lab has: containers to the servers of other LANs.
    const pings = Array.from({ length: LANS }, (_, lan) => `ping c${lan * HOSTS_PER_LAN}x0 -> 198.18.${(lan + 1) % LANS}.200`);
    return [...lines, ...router, ...rest, '', ...pings].join('\n') + '\n';
}

/** Every node pinging every interface address (sampled by source above {@link MATRIX_LIMIT}, then extrapolated). */
function allPairs(network: Network): { pings: number; replies: number; fullPings: number; ms: number; fullMs: number } {
    const sources = [...network.nodes.keys()];
    const addresses = [...network.owners.keys()].filter((address) => address >>> 24 !== 127);
    const fullPings = sources.length * addresses.length;
    const stride = Math.max(1, Math.ceil(fullPings / MATRIX_LIMIT));
    let pings = 0;
    let replies = 0;
    const started = performance.now();
    for (let index = 0; index < sources.length; index += stride) {
        for (const address of addresses) {
            if (simulatePing(network, sources[index], address).reply) replies++;
            pings++;
        }
    }
    const ms = performance.now() - started;
    return { pings, replies, fullPings, ms, fullMs: (ms / pings) * fullPings };
}

/** The average time of one ping from a container to a server on another LAN (through its host's NAT and FORWARD rules, where it has them). */
function onePing(network: Network): { ms: number; reply: boolean } {
    const target = network.nodes.get(`server1`)!.model.interfaces[0].addresses[0].address;
    const reply = simulatePing(network, 'c0x0', target).reply;
    const started = performance.now();
    for (let repeat = 0; repeat < PING_REPEATS; repeat++) simulatePing(network, `c0x${repeat % CONTAINERS_PER_HOST}`, target);
    return { ms: (performance.now() - started) / PING_REPEATS, reply };
}

interface Measured {
    readonly text: string;
    readonly checkMs: number;
    readonly diagnostics: number;
    readonly matrix: ReturnType<typeof allPairs>;
    readonly ping: ReturnType<typeof onePing>;
}

export async function benchContainers(table: (header: string[], rows: string[][]) => string, format: Format): Promise<void> {
    const results: Measured[] = [];
    for (const docker of [true, false]) {
        const text = containerLab(docker);
        const started = performance.now();
        const loaded = await loadNetText(text, 'containers.net');
        const checkMs = performance.now() - started;
        results.push({ text, checkMs, diagnostics: loaded.diagnostics.length, matrix: allPairs(loaded.network), ping: onePing(loaded.network) });
        console.log(`  measured the container lab ${docker ? 'with' : 'without'} NAT and filters`);
    }
    const [nat, plain] = results;
    const matrix = (entry: Measured) =>
        `${format.count(entry.matrix.fullPings)} pings: ~${format.ms(entry.matrix.fullMs)} (${format.count(entry.matrix.pings)} simulated in ${format.ms(entry.matrix.ms)}, ${((100 * entry.matrix.replies) / entry.matrix.pings).toFixed(0)}% replying)`;
    const perPing = (value: number) => `${(value * 1000).toFixed(1)} µs`;
    console.log(
        `\nContainers: ${LANS * HOSTS_PER_LAN} bridge hosts x ${CONTAINERS_PER_HOST} containers on ${LANS} LANs behind one router, with Docker's MASQUERADE and FORWARD rules on every host, ` +
            'and the same lab without them (the router routes back to every bridge instead)'
    );
    console.log(
        table(
            ['', 'with NAT and filters', 'without'],
            [
                ['file', `${format.count(nat.text.split('\n').length)} lines`, `${format.count(plain.text.split('\n').length)} lines`],
                ['full check', format.ms(nat.checkMs), format.ms(plain.checkMs)],
                ['diagnostics', String(nat.diagnostics), String(plain.diagnostics)],
                ['all pairs (every node to every address)', matrix(nat), matrix(plain)],
                [
                    'one ping, container to a server on another LAN',
                    `${perPing(nat.ping.ms)} (${nat.ping.reply ? 'replies' : 'no reply'})`,
                    `${perPing(plain.ping.ms)} (${plain.ping.reply ? 'replies' : 'no reply'}); with NAT and filters: ${(nat.ping.ms / plain.ping.ms).toFixed(2)}x`
                ]
            ]
        )
    );
}
