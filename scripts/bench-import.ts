/**
 * A row of `npm run bench`: `import commands` on namespace tutorials of 1,000 and 10,000 lines
 * (issue 14: a 1,000-line script imports in well under a second). A chain of namespaces, each
 * joined to the next by a veth pair with addresses, a route and forwarding on: ten lines a link.
 */
import { performance } from 'node:perf_hooks';
import { importCommands } from '../language/src/import/commands-import.js';

const SCRIPT_LINES = [1_000, 10_000];

/** A chain of namespaces n0 … nK, about `lines` commands in all. */
export function chainScript(lines: number): string {
    const links = Math.ceil(lines / 10);
    const script = ['set -e', 'ip netns add n0'];
    for (let link = 0; link < links; link++) {
        const [a, b] = [`n${link}`, `n${link + 1}`];
        const subnet = `198.${18 + (link >> 14)}.${(link >> 6) & 255}.${(link & 63) * 4}`;
        const host = (part: number) => subnet.replace(/\d+$/, (last) => String(Number(last) + part));
        script.push(
            `ip netns add ${b}`,
            `ip link add l${link}a type veth peer name l${link}b`,
            `ip link set l${link}a netns ${a}`,
            `ip link set l${link}b netns ${b}`,
            `ip -n ${a} addr add ${host(1)}/30 dev l${link}a`,
            `ip -n ${b} addr add ${host(2)}/30 dev l${link}b`,
            `ip -n ${a} link set l${link}a up`,
            `ip -n ${b} link set l${link}b up`,
            `ip -n ${b} route add default via ${host(1)}`,
            `ip netns exec ${a} sysctl -w net.ipv4.ip_forward=1`
        );
    }
    return `${script.join('\n')}\n`;
}

/** Prints the table: script lines, nodes imported, import time (split, run, topology), problems. */
export function benchImport(table: (header: string[], rows: string[][]) => string, ms: (value: number) => string): void {
    importCommands(chainScript(200), 'warm-up.sh');
    const rows = SCRIPT_LINES.map((lines) => {
        const text = chainScript(lines);
        const start = performance.now();
        const { topology, problems } = importCommands(text, 'chain.sh');
        const elapsed = performance.now() - start;
        const errors = problems.filter((problem) => problem.severity === 'error').length;
        return [`${text.split('\n').length - 1} lines`, String(topology.nodes.length), ms(elapsed), String(errors)];
    });
    console.log('\nnettopo import commands: a chain of namespaces joined by veth pairs');
    console.log(table(['script', 'nodes', 'import', 'errors'], rows));
}
