import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { prng } from '../support/prng.js';
import { expandText } from '../../language/src/shapes/expand-text.js';
import type { LoadedFile } from '../../language/src/load.js';
import { applyFixes, preferredFixes } from '../../language/src/fixes/diagnostic-fixes.js';
import { load, net, reported } from './net-helpers.js';

/**
 * The Docker shapes are sugar: a file with `docker`, `network` and `container` lines has the model of
 * its expansion (the same nodes, rules and pings), and `check` finds the same things in both.
 */

const expanded = (file: LoadedFile) => expandText(file.expansion, file.document.textDocument.getText());
/** What check finds, without where: lines differ between a file and its expansion, and so does the order of findings on one line. */
const findings = (file: LoadedFile) =>
    reported(file)
        .map(({ severity, code, message }) => `${severity} ${code} ${message}`)
        .sort();

const dockerLab = net`
    # A Docker host on the office LAN.
    switch office 192.168.10.0/24

    host dockerhost {
      eth0 192.168.10.10/24 -- office
      docker   # the daemon's defaults
    }

    container web on dockerhost
    container db on dockerhost

    host alice {
      eth0 192.168.10.21/24 -- office
      route 172.17.0.0/16 via 192.168.10.10
    }

    ping web -> db
    ping db -> alice
    ping alice -> web fails
`;

describe('docker', () => {
    test('stands for docker0, forwarding, MASQUERADE and the FORWARD chain Docker writes; containers get .2, .3 in turn', async () => {
        const file = await load(dockerLab);
        expect(expanded(file)).toBe(net`
            # A Docker host on the office LAN.
            switch office 192.168.10.0/24

            host dockerhost {
              eth0 192.168.10.10/24 -- office
              bridge docker0 172.17.0.1/16
              sysctl net.ipv4.ip_forward = 1
              nat masquerade from 172.17.0.0/16 out !docker0
              filter forward policy drop
              filter forward accept out docker0 state established,related
              filter forward accept in docker0 out !docker0
              filter forward accept in docker0 out docker0   # the daemon's defaults
            }

            host web {
              eth0 172.17.0.2/16 -- dockerhost.docker0
              route default via 172.17.0.1
            }
            host db {
              eth0 172.17.0.3/16 -- dockerhost.docker0
              route default via 172.17.0.1
            }

            host alice {
              eth0 192.168.10.21/24 -- office
              route 172.17.0.0/16 via 192.168.10.10
            }

            ping web -> db
            ping db -> alice
            ping alice -> web fails
        `);
    });

    test('has the model of its expansion, and the same findings on the shape line', async () => {
        const file = await load(dockerLab);
        const core = await load(expanded(file));
        expect(file.topology).toEqual(core.topology);
        expect(file.pingRuns.map((run) => run.result.lines)).toEqual(core.pingRuns.map((run) => run.result.lines));
        expect(file.pingRuns.map((run) => run.result.reply)).toEqual([true, true, false]);
        expect(findings(file)).toEqual(findings(core));
        // The FORWARD policy's finding about alice is on the `docker` line.
        expect(reported(file).map((entry) => `${entry.line} ${entry.code}`)).toEqual(['6 unreachable-destination']);
    });

    test('takes the bridge address Docker is given (--bip)', async () => {
        const file = await load(net`
            host h {
              docker 10.9.0.1/24
            }
            container c on h
        `);
        expect(file.topology.nodes.find((node) => node.name === 'c')?.interfaces[0].addresses).toEqual([{ address: 0x0a090002, length: 24 }]);
        expect(reported(file)).toEqual([]);
    });
});

describe('network', () => {
    const lab = net`
        host h {
          docker
          network front 10.1.0.0/24
          network back 10.2.0.0/24
        }
        container a on h.front
        container b on h.front 10.1.0.9
        container c on h.front
        container d on h
        container e on h.back
    `;

    test("a bridge br-NAME on the subnet's first address, kept apart from every other Docker network before any accept", async () => {
        const file = await load(lab);
        // No ping says the isolation is meant, so the analysis warns about what it drops (on the docker and network lines, and the containers' default routes).
        expect(reported(file).filter((entry) => entry.code !== 'unreachable-destination')).toEqual([]);
        const text = expanded(file);
        expect(text.split('\n').filter((line) => /drop in|bridge /.test(line))).toEqual([
            '  bridge docker0 172.17.0.1/16',
            '  filter forward drop in docker0 out br-front',
            '  filter forward drop in br-front out docker0',
            '  filter forward drop in docker0 out br-back',
            '  filter forward drop in br-back out docker0',
            '  bridge br-front 10.1.0.1/24',
            '  filter forward drop in br-front out br-back',
            '  filter forward drop in br-back out br-front',
            '  bridge br-back 10.2.0.1/24'
        ]);
        // Each accept of a bridge comes after every drop that names it.
        const lines = text.split('\n');
        for (const bridge of ['docker0', 'br-front', 'br-back']) {
            const lastDrop = lines.map((line) => line.includes('drop in') && line.includes(bridge)).lastIndexOf(true);
            const firstAccept = lines.findIndex((line) => line.includes('accept') && line.includes(bridge));
            expect(lastDrop, bridge).toBeLessThan(firstAccept);
        }
        const addresses = (name: string) => file.topology.nodes.find((node) => node.name === name)?.interfaces.map((iface) => iface.addresses);
        // IPAM: .2, then the chosen .9, then .3 (the next after the last it handed out).
        expect([addresses('a'), addresses('b'), addresses('c')]).toEqual([
            [[{ address: 0x0a010002, length: 24 }]],
            [[{ address: 0x0a010009, length: 24 }]],
            [[{ address: 0x0a010003, length: 24 }]]
        ]);
    });

    test('containers on a user-defined network resolve each other by name; the default bridge and other networks do not', async () => {
        const file = await load(lab + 'ping a -> c.front\nping c -> b\nping d -> a\nping d -> a.front fails\nping e -> a.front fails\n');
        const hosts = (name: string) => file.topology.nodes.find((node) => node.name === name)?.hosts.map((record) => record.name);
        expect(hosts('a')).toEqual(['a.front', 'a', 'b.front', 'b', 'c.front', 'c']);
        expect(hosts('d')).toEqual([]);
        expect(hosts('e')).toEqual(['e.back', 'e']);
        expect(file.pingRuns.map((run) => run.result.lines[0])).toEqual([
            '64 bytes from c.front (10.1.0.3): icmp_seq=1 ttl=64',
            '64 bytes from 10.1.0.9: icmp_seq=1 ttl=64',
            undefined,
            'ping: a.front: Temporary failure in name resolution',
            // As Docker's embedded DNS, when no upstream nameserver answers (a lab has none).
            'ping: a.front: Temporary failure in name resolution'
        ]);
    });
});

describe('flannel (host-gw) and pods', () => {
    test("cni0 on the pod subnet, a route to each other node's pods via its LAN address, flannel's MASQUERADE and FORWARD accepts", async () => {
        const file = await load(net`
            switch lan 192.168.10.0/24
            host n1 {
              eth0 192.168.10.11/24 -- lan
              flannel 10.244.1.0/24
            }
            host n2 {
              eth0 192.168.10.12/24 -- lan
              flannel 10.244.2.0/24
            }
            pod a on n1
            pod b on n2
            pod c on n2 10.244.2.9
            ping a -> c
        `);
        expect(reported(file)).toEqual([]);
        expect(expanded(file).split('\n').slice(2, 11)).toEqual([
            '  eth0 192.168.10.11/24 -- lan',
            '  bridge cni0 10.244.1.1/24',
            '  sysctl net.ipv4.ip_forward = 1',
            '  route 10.244.2.0/24 via 192.168.10.12',
            '  nat masquerade from 10.244.0.0/16 to !10.244.0.0/16',
            '  filter forward accept from 10.244.0.0/16',
            '  filter forward accept to 10.244.0.0/16',
            '}',
            'host n2 {'
        ]);
        expect(file.pingRuns.map((run) => run.result.lines)).toEqual([['64 bytes from 10.244.2.9: icmp_seq=1 ttl=62']]);
        // Pods have no names of their own here (cluster DNS is a service, not modelled).
        expect(file.topology.nodes.find((node) => node.name === 'a')?.hosts).toEqual([]);
    });
});

describe("a shape's bridge", () => {
    test('takes a hand-written cable (`-- HOST.docker0`, `-- HOST.br-NAME`) as the written bridge does', async () => {
        const text = net`
            host h {
              docker
              network back 10.1.0.0/24
            }
            host old {
              eth0 172.17.0.50/16 -- h.docker0
              route default via 172.17.0.1
            }
            host api {
              eth0 10.1.0.50/24 -- h.br-back
              route default via 10.1.0.1
            }
            container web on h
            ping web -> old
            ping api -> old fails
        `;
        const file = await load(text);
        expect(reported(file).filter((entry) => entry.severity === 'error')).toEqual([]);
        expect(file.topology.nodes.find((node) => node.name === 'api')?.interfaces[0].link).toEqual({ kind: 'bridge', node: 'h', bridge: 'br-back' });
        expect(file.pingRuns.map((run) => run.holds)).toEqual([true, true]);
        const core = await load(expanded(file));
        expect(file.topology).toEqual(core.topology);
        expect(reported(await load(text.replace('h.br-back', 'h.br-front'))).map((entry) => entry.message)).toContain(
            "unknown switch or interface (NODE.IFNAME) 'h.br-front'"
        );
    });
});

describe('what Docker refuses is an error on the shape', () => {
    test.each([
        ['a network without the daemon', 'host h {\n  network n 10.1.0.0/24\n}', '2 shape-needs-docker'],
        ['a container on a host with no docker line', 'host h {\n}\ncontainer c on h', '3 shape-needs-docker'],
        ['a container on a container', 'host h {\n  docker\n}\ncontainer c on h\ncontainer d on c', '5 shape-needs-docker'],
        ['an unknown network', 'host h {\n  docker\n}\ncontainer c on h.nope', '4 shape-unknown-network'],
        ['a network named too long for its bridge', 'host h {\n  docker\n  network abcdefghijklm 10.1.0.0/24\n}', '3 interface-name-too-long'],
        ['a network subnet with host bits', 'host h {\n  docker\n  network n 10.1.0.1/24\n}', '3 invalid-address'],
        ['overlapping networks', 'host h {\n  docker\n  network n 172.17.5.0/24\n}', '3 overlapping-subnets'],
        ['two docker lines', 'host h {\n  docker\n  docker 10.0.0.1/24\n}', '3 shape-repeated'],
        ['an address outside the network', 'host h {\n  docker\n  network n 10.1.0.0/24\n}\ncontainer c on h.n 10.2.0.5', '5 shape-address'],
        ["the gateway's address", 'host h {\n  docker\n  network n 10.1.0.0/24\n}\ncontainer c on h.n 10.1.0.1', '5 shape-address'],
        ['an address on the default bridge', 'host h {\n  docker\n}\ncontainer c on h 172.17.0.5', '4 shape-address'],
        ['a bridge docker0 beside docker', 'host h {\n  bridge docker0 10.0.0.1/24\n  docker\n}', '3 duplicate-name'],
        ['a pod on a host without flannel', 'host h {\n  docker\n}\npod p on h', '4 shape-needs-docker'],
        ['a pod on a named network', 'host h {\n  flannel 10.244.1.0/24\n}\npod p on h.n', '4 shape-unknown-network'],
        ['a pod subnet outside the cluster network', 'host h {\n  flannel 10.9.1.0/24\n}', '2 invalid-address'],
        [
            'two flannel nodes on no common LAN',
            'host a {\n  eth0 10.0.0.1/24\n  flannel 10.244.1.0/24\n}\nhost b {\n  eth0 10.0.1.1/24\n  flannel 10.244.2.0/24\n}',
            '3 shape-no-common-lan'
        ]
    ])('%s', async (_title, text, expected) => {
        const file = await load(text + '\n');
        expect(reported(file).map((entry) => `${entry.line} ${entry.code}`)).toContain(expected);
    });

    test('an address taken twice names who has it', async () => {
        const file = await load('host h {\n  docker\n  network n 10.1.0.0/24\n}\ncontainer a on h.n\ncontainer b on h.n 10.1.0.2\n');
        expect(reported(file).map((entry) => `${entry.line} ${entry.message}`)).toEqual(['6 10.1.0.2 is taken: a has it']);
    });
});

describe('fixes on a shape file', () => {
    test("a rule a fix adds goes before the docker line, as DOCKER-USER rules come before Docker's own", async () => {
        const text = 'host h {\n  docker\n  network front 10.1.0.0/24\n}\ncontainer a on h.front\ncontainer d on h\nping d -> a\n';
        const fixed = applyFixes(text, preferredFixes((await load(text)).diagnostics));
        expect(fixed.split('\n').slice(0, 5)).toEqual([
            'host h {',
            '  filter forward accept in br-front out docker0',
            '  filter forward accept in docker0 out br-front',
            '  docker',
            '  network front 10.1.0.0/24'
        ]);
        const after = await load(fixed);
        expect(reported(after)).toEqual([]);
        expect(after.pingRuns.map((run) => run.result.reply)).toEqual([true]);
    });
});

/** A lab of Docker hosts on one LAN, each with networks and containers, and pings between random containers and outside. */
function shapeLab(seed: number): string {
    const random = prng(seed);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const lines = ['switch lan 192.168.0.0/24', 'host out {', '  eth0 192.168.0.200/24 -- lan', '}'];
    const places: string[] = [];
    const hosts = 1 + Math.floor(random() * 3);
    for (let host = 0; host < hosts; host++) {
        lines.push(`host h${host} {`, `  eth0 192.168.0.${host + 1}/24 -- lan`, `  docker 172.${17 + host}.0.1/16`);
        places.push(`h${host}`);
        for (let network = 0; network < Math.floor(random() * 3); network++) {
            lines.push(`  network n${network} 10.${host}.${network}.0/24`);
            places.push(`h${host}.n${network}`);
        }
        if (random() < 0.5) lines.push(`  filter forward accept in eth0`);
        lines.push('}');
    }
    const containers = 2 + Math.floor(random() * 6);
    const names: string[] = [];
    for (let index = 0; index < containers; index++) {
        const place = pick(places);
        lines.push(`container c${index} on ${place}`);
        names.push(`c${index}`);
    }
    for (let index = 0; index < 6; index++) {
        const source = pick(names);
        const target = random() < 0.3 ? 'out' : random() < 0.5 ? pick(names) : `${pick(names)}.n${Math.floor(random() * 2)}`;
        lines.push(`ping ${source} -> ${target}${random() < 0.5 ? ' fails' : ''}`);
    }
    return lines.join('\n') + '\n';
}

describe('a shape file and its expansion', () => {
    const examples = join(import.meta.dirname, '../../examples');
    const cases: [string, string][] = [
        ['examples/19-docker-shapes.net', readFileSync(join(examples, '19-docker-shapes.net'), 'utf8')],
        ['examples/20-flannel-host-gw.net', readFileSync(join(examples, '20-flannel-host-gw.net'), 'utf8')],
        ...Array.from({ length: 20 }, (_, seed): [string, string] => [`generated lab ${seed}`, shapeLab(seed)])
    ];

    test.each(cases)('%s: the same model, pings and findings', async (_title, text) => {
        const file = await load(text);
        const core = await load(expanded(file));
        expect(core.expansion.lines.size).toBe(0);
        expect(file.topology).toEqual(core.topology);
        expect(JSON.stringify(file.pingRuns.map((run) => run.result))).toEqual(JSON.stringify(core.pingRuns.map((run) => run.result)));
        expect(findings(file)).toEqual(findings(core));
    });

    test('the generated labs have pings that get replies and pings that do not, and findings', async () => {
        const files = await Promise.all(cases.map(([, text]) => load(text)));
        const runs = files.flatMap((file) => file.pingRuns);
        expect(runs.filter((run) => run.result.reply).length).toBeGreaterThan(10);
        expect(runs.filter((run) => !run.result.reply).length).toBeGreaterThan(10);
        expect(files.filter((file) => findings(file).length).length).toBeGreaterThan(10);
    });
});
