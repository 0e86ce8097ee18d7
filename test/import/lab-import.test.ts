import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readLabFolder } from '../../language/src/cli/lab-folder.js';
import { importCommands } from '../../language/src/import/commands-import.js';
import { importContainerlab } from '../../language/src/import/containerlab-import.js';
import { formatProblem } from '../../language/src/import/import-problem.js';
import { importKathara } from '../../language/src/import/kathara-import.js';
import { printNet } from '../../language/src/import/net-printer.js';
import { predictTruth } from '../../language/src/kernel/compare.js';
import { loadNetText } from '../../language/src/load.js';

/**
 * `import kathara` and `import containerlab` on public labs no one here wrote
 * (test/fixtures/kathara/NAME, test/fixtures/containerlab: each folder's SOURCE.md cites them), and
 * net-tools' ifconfig and route as the command importer reads them (as measured on the kernel:
 * net-tools-command.ts). The kernel tier verifies the same imports (test/kernel/lab-imports.test.ts).
 */
const fixtures = join(import.meta.dirname, '../fixtures');

async function kathara(name: string) {
    const result = importKathara(await readLabFolder(join(fixtures, 'kathara', name)));
    return { ...result, text: printNet(result.topology, result.header), messages: result.problems.map(formatProblem) };
}

function containerlab(name: string) {
    const path = join(fixtures, 'containerlab', name);
    const result = importContainerlab(readFileSync(path, 'utf8'), path);
    return { ...result, text: printNet(result.topology, result.header), messages: result.problems.map(formatProblem) };
}

const errors = (problems: readonly { severity: string }[]) => problems.filter((problem) => problem.severity === 'error');

describe('import kathara: public labs', () => {
    test('arp: collision domains become switches, every machine a router (Kathará sets ip_forward=1), MAC addresses warned about', async () => {
        const { text, problems, messages } = await kathara('arp');
        expect(errors(problems)).toEqual([]);
        expect(text).toContain('# description: ARP for local and non local traffic\n');
        expect(text).toContain('switch A\nswitch B\nswitch C\n');
        expect(text).toContain('router r1 {\n  eth0 195.11.14.1/24 -- A\n  eth1 100.0.0.9/30 -- B\n  route 200.1.1.0/24 via 100.0.0.10 dev eth1\n}');
        expect(text).toContain('router pc1 {\n  eth0 195.11.14.5/24 -- A\n  route default via 195.11.14.1\n}');
        expect(messages).toContain(
            `${join(fixtures, 'kathara/arp')}/pc2.startup:1: warning: \`ip link set dev eth0 address FE:FD:C8:01:01:07\`: ignored: the MAC address of eth0 is not modelled`
        );
        expect(messages.filter((message) => message.includes('[image]'))).toHaveLength(5);
    });

    test('bgp-stub-as-static: a domain with one machine on it is still a switch', async () => {
        const { text, problems } = await kathara('bgp-stub-as-static');
        expect(errors(problems)).toEqual([]);
        expect(text).toContain('switch A\nswitch F\nswitch C\nswitch B\n');
        expect(text).toContain('router as200r1 {\n  eth0 11.0.0.33/30 -- A\n  eth1 200.2.0.1/16 -- B\n  route default via 11.0.0.34 dev eth0\n}');
    });

    test('alien: ifconfig and route add default gw; FRR and the files copied into its routers are warned about, not modelled', async () => {
        const { text, problems, messages } = await kathara('alien');
        expect(errors(problems)).toEqual([]);
        expect(text).toContain('router as3r1 {\n  eth0 1.3.0.2/30 -- A\n  eth1 3.3.0.1/24 -- C\n  eth2 3.4.0.1/30 -- D\n}');
        expect(text).toContain('router pc1 {\n  eth0 4.4.1.2/24 -- F\n  route default via 4.4.1.1 dev eth0\n}');
        const dir = join(fixtures, 'kathara/alien');
        expect(messages).toContain(
            `${dir}/as4.startup:4: warning: \`/etc/init.d/frr start\`: ignored: the service frr is not modelled (nettopo models the network's configuration, not its programs)`
        );
        expect(messages).toContain(
            `${dir}/as4/etc/frr/frr.conf: warning: ignored: Kathará copies it to /etc/frr/frr.conf in as4, and nettopo does not model that file`
        );
        expect(messages.filter((message) => message.includes('/etc/frr/'))).toHaveLength(18);
    });

    test('basic-ipv4: what the import predicts is what the hand-written examples/real/kathara-basic-ipv4.net predicts', async () => {
        const { text, messages } = await kathara('basic-ipv4');
        expect(messages).toContain(
            `${join(fixtures, 'kathara/basic-ipv4')}/lab.conf:7: warning: \`r1[0]="A/00:00:00:00:00:a1"\`: ignored: the MAC address of eth0 is not modelled`
        );
        const example = readFileSync(join(import.meta.dirname, '../../examples/real/kathara-basic-ipv4.net'), 'utf8');
        const pings = example.split('\n').filter((line) => line.startsWith('ping '));
        expect(pings.length).toBeGreaterThan(0);
        const [written, imported] = await Promise.all([loadNetText(example, 'example.net'), loadNetText(`${text}\n${pings.join('\n')}\n`, 'imported.net')]);
        const [expected, actual] = [predictTruth(written.network, written.topology.pings), predictTruth(imported.network, imported.topology.pings)];
        expect(actual.pings).toEqual(expected.pings);
        for (const node of written.topology.nodes) expect(actual.routes[node.name], node.name).toEqual(expected.routes[node.name]);
    });

    test('names a .net file cannot hold are errors at their lab.conf line', () => {
        const { problems } = importKathara({ dir: 'lab', files: new Map([['lab.conf', 'pc1[0]=A\n1pc[0]=A\npc2[0]=9\n']]) });
        expect(problems.map(formatProblem)).toEqual([
            "lab/lab.conf:2: error: `1pc[0]=A`: the machine name 1pc cannot be written in a .net file: nettopo's names are letters, digits, _ and -, not starting with a digit",
            "lab/lab.conf:3: error: `pc2[0]=9`: the collision domain name 9 cannot be written in a .net file: nettopo's names are letters, digits, _ and -, not starting with a digit"
        ]);
    });

    test.each(['arp', 'bgp-stub-as-static', 'alien', 'basic-ipv4'])('%s: the imported text loads without errors', async (name) => {
        const { text } = await kathara(name);
        const { diagnostics } = await loadNetText(text, `${name}.net`);
        expect(diagnostics.filter((entry) => entry.severity === 1).map((entry) => entry.message)).toEqual([]);
    });
});

describe('import containerlab: public labs', () => {
    test('netns-basics: kind linux nodes joined by veth pairs, configured by exec', () => {
        const { text, problems, messages } = containerlab('netns-basics.clab.yml');
        expect(errors(problems)).toEqual([]);
        expect(text).toContain('# name: netns-basics\n');
        expect(text).toContain('host host1 {\n  eth1 10.0.1.10/24 -- router.eth1\n  route 10.0.2.0/24 via 10.0.1.1\n  route 10.0.3.0/24 via 10.0.1.1\n}');
        expect(text).toContain('router router {\n  eth1 10.0.1.1/24\n  eth3 10.0.3.1/24\n  eth2 10.0.2.1/24 -- host3.eth1\n}');
        expect(messages[0]).toMatch(/netns-basics\.clab\.yml:3: warning: ignored: containerlab's management network/);
    });

    test('frr01: groups give their kind and image; routers configured by FRR (binds) have interfaces and no addresses', () => {
        const { text, problems, messages } = containerlab('frr01.clab.yml');
        expect(errors(problems)).toEqual([]);
        expect(text).toContain('host router1 {\n  eth1 -- router2.eth1\n  eth2 -- router3.eth1\n  eth3 -- PC1.eth1\n}');
        expect(text).toContain('host PC1 {\n  eth1 192.168.11.2/24\n  route 192.168.0.0/16 via 192.168.11.1 dev eth1');
        // the group's image is said once, where the group sets it
        expect(messages.filter((message) => message.includes('setting image'))).toHaveLength(2);
        expect(messages.filter((message) => message.includes('setting binds'))).toHaveLength(3);
    });

    test('settings as containerlab merges them: exec lists of defaults, kind, group and node in that order (each command once), sysctls nearest first', () => {
        const text = [
            'topology:',
            '  defaults: {kind: linux, exec: ["ip addr add 198.18.0.1/24 dev eth1"], sysctls: {net.ipv4.ip_forward: 1, net.ipv4.conf.all.rp_filter: 2}}',
            '  kinds:',
            '    linux: {exec: ["ip route add 198.19.1.0/24 via 198.18.0.2"]}',
            '  groups:',
            '    edge: {exec: ["ip route add 198.19.2.0/24 via 198.18.0.2", "ip addr add 198.18.0.1/24 dev eth1"]}',
            '  nodes:',
            '    a: {group: edge, exec: ["ip route add 198.19.3.0/24 via 198.18.0.2"], sysctls: {net.ipv4.conf.all.rp_filter: 1}}',
            '    b: {}',
            '  links:',
            '    - endpoints: ["a:eth1", "b:eth1"]',
            ''
        ].join('\n');
        const result = importContainerlab(text, 'merge.clab.yml');
        expect(errors(result.problems)).toEqual([]);
        expect(printNet(result.topology)).toContain(
            [
                'router a {',
                '  eth1 198.18.0.1/24 -- b.eth1',
                '  sysctl net.ipv4.conf.all.rp_filter = 1',
                '  route 198.19.1.0/24 via 198.18.0.2',
                '  route 198.19.2.0/24 via 198.18.0.2',
                '  route 198.19.3.0/24 via 198.18.0.2',
                '}'
            ].join('\n')
        );
    });

    test.each(['netns-basics.clab.yml', 'frr01.clab.yml'])('%s: the imported text loads without errors', async (name) => {
        const { diagnostics } = await loadNetText(containerlab(name).text, name);
        expect(diagnostics.filter((entry) => entry.severity === 1).map((entry) => entry.message)).toEqual([]);
    });
});

describe('net-tools: ifconfig and route as the kernel takes them', () => {
    const lab = (lines: string[]) => {
        // a's end parks the veth (a namespace with nothing else is no node): v is the interface under test
        const result = importCommands(['ip netns add a', 'ip link add v type veth peer name w', 'ip link set w netns a', ...lines, ''].join('\n'), 'lab.sh');
        return { text: printNet(result.topology), problems: result.problems.map(formatProblem) };
    };

    test('an address without a length takes its class; ifconfig ADDR sets the interface up; a second ifconfig replaces it', () => {
        expect(lab(['ifconfig v 10.1.2.3']).text).toContain('  v 10.1.2.3/8\n');
        expect(lab(['ifconfig v 172.16.1.1']).text).toContain('  v 172.16.1.1/16\n');
        expect(lab(['ifconfig v 198.18.5.1']).text).toContain('  v 198.18.5.1/24\n');
        expect(lab(['ifconfig v 198.18.5.1', 'ifconfig v 198.18.5.2 netmask 255.255.255.252']).text).toContain('  v 198.18.5.2/30\n');
        expect(lab(['ifconfig v 198.18.6.1/30 up', 'ifconfig v down']).text).toContain('  v 198.18.6.1/30 down\n');
        expect(lab(['ifconfig v 198.18.5.1 netmask 255.255.255.0 broadcast 198.18.5.255 up']).text).toContain('  v 198.18.5.1/24\n');
        expect(lab(['ifconfig v 198.18.5.1/24 broadcast 198.18.5.128']).problems[0]).toContain(
            "broadcast 198.18.5.128: nettopo's broadcast address is always the last of the subnet"
        );
        expect(lab(['ifconfig v 224.0.0.5']).problems[0]).toContain('lab.sh:4: error: `ifconfig v 224.0.0.5`: 224.0.0.5 is a class D or E address');
    });

    test('route add: -net with a netmask or a length, -host, default gw, a bare address as a host route, metric', () => {
        const { text, problems } = lab([
            'ifconfig v 198.18.6.1/30',
            'route add -net 198.19.0.0 netmask 255.255.0.0 gw 198.18.6.2 dev v',
            'route add -net 198.19.1.0/24 gw 198.18.6.2',
            'route add default gw 198.18.6.2',
            'route add -host 198.19.9.9 gw 198.18.6.2 metric 3',
            'route add 198.19.7.0 gw 198.18.6.2',
            'route add -net 198.19.4.0 netmask 255.255.255.0 dev v',
            'route add -net 198.19.128.0 gw 198.18.6.2'
        ]);
        expect(text).toContain(
            [
                '  route 198.19.0.0/16 via 198.18.6.2 dev v',
                '  route 198.19.1.0/24 via 198.18.6.2',
                '  route default via 198.18.6.2',
                '  route 198.19.9.9/32 via 198.18.6.2 metric 3',
                '  route 198.19.7.0/32 via 198.18.6.2',
                '  route 198.19.4.0/24 dev v'
            ].join('\n')
        );
        expect(problems).toEqual([
            'lab.sh:11: error: `route add -net 198.19.128.0 gw 198.18.6.2`: route add -net 198.19.128.0 needs its netmask (netmask M or 198.19.128.0/LEN): the kernel refuses it without'
        ]);
    });
});
