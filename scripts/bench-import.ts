/**
 * Rows of `npm run bench`: `import commands` on namespace tutorials of 1,000 and 10,000 lines
 * (issue 14: a 1,000-line script imports in well under a second). A chain of namespaces, each
 * joined to the next by a veth pair with addresses, a route and forwarding on: ten lines a link.
 * And `import kathara` on a generated lab of 1,000 lines (lab.conf and the startup files).
 */
import { performance } from 'node:perf_hooks';
import { importCommands } from '../language/src/import/commands-import.js';
import { importKathara, type KatharaLab } from '../language/src/import/kathara-import.js';

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

/**
 * A Kathará lab of about `lines` lines in all: a chain of routers r0 … rK, each on the domain
 * before it and the one after, with an ifconfig per interface and a route each way (six lines a router).
 */
export function chainLab(lines: number): KatharaLab {
    const routers = Math.ceil(lines / 6);
    const conf: string[] = [];
    const files = new Map<string, string>();
    const address = (domain: number, host: number) => `198.${18 + (domain >> 14)}.${(domain >> 6) & 255}.${(domain & 63) * 4 + host}`;
    for (let router = 0; router < routers; router++) {
        conf.push(`r${router}[0]="d${router}"`, `r${router}[1]="d${router + 1}"`);
        const startup = [`ifconfig eth0 ${address(router, 2)}/30 up`, `ifconfig eth1 ${address(router + 1, 1)}/30 up`];
        if (router > 0) startup.push(`route add default gw ${address(router, 1)}`);
        if (router < routers - 1) startup.push(`route add -net 198.18.0.0/15 gw ${address(router + 1, 2)} dev eth1`);
        files.set(`r${router}.startup`, `${startup.join('\n')}\n`);
    }
    files.set('lab.conf', `${conf.join('\n')}\n`);
    return { dir: 'chain', files };
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
    importKathara(chainLab(200));
    const lab = chainLab(1_000);
    const lines = [...lab.files.values()].reduce((sum, text) => sum + (text ?? '').split('\n').length - 1, 0);
    const start = performance.now();
    const { topology, problems } = importKathara(lab);
    const elapsed = performance.now() - start;
    const errors = problems.filter((problem) => problem.severity === 'error').length;
    console.log('\nnettopo import kathara: a chain of routers, one collision domain between each two');
    console.log(table(['lab', 'nodes', 'import', 'errors'], [[`${lines} lines`, String(topology.nodes.length), ms(elapsed), String(errors)]]));
}
