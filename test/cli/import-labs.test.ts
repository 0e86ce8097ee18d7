import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runNettopo, scratchFolder } from './cli-process.js';

/**
 * `nettopo import kathara DIR` and `nettopo import containerlab FILE.clab.yml`, the real CLI
 * process on the built bundle: a public lab of each imports, and every error names its file and
 * line (and the command or lab.conf line), in our words, with nothing printed or written.
 */
const scratch = scratchFolder('nettopo-import-labs-');

const nettopo = (...args: string[]) => runNettopo(args);

let labs = 0;
/** A Kathará lab folder with these files (path → text). */
function katharaLab(files: Record<string, string>): string {
    const lab = join(scratch(), `lab${++labs}`);
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(lab, path, '..'), { recursive: true });
        writeFileSync(join(lab, path), text);
    }
    mkdirSync(lab, { recursive: true });
    return lab;
}

function clabFile(text: string): string {
    const path = join(scratch(), `topology${++labs}.clab.yml`);
    writeFileSync(path, text);
    return path;
}

/** The run failed with exactly this one error, and printed nothing. */
function expectOneError(run: ReturnType<typeof nettopo>, message: string): void {
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr.split(': error: ').length - 1, 'one error, said once').toBe(1);
    expect(run.stderr).toContain('was not imported (nothing printed)');
    expect(run.stderr).not.toMatch(/at .*\.js:\d+|TypeError|YAMLParseError/);
}

describe('nettopo import kathara', () => {
    test('a public lab imports: its domains as switches, its machines as routers', () => {
        const run = nettopo('import', 'kathara', 'test/fixtures/kathara/arp');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain(
            '# Imported by nettopo import kathara from test/fixtures/kathara/arp.\n# description: ARP for local and non local traffic\n'
        );
        expect(run.stdout).toContain('router pc3 {\n  eth0 200.1.1.3/24 -- C\n  route default via 200.1.1.1 dev eth0\n}\n');
        expect(
            run.stderr
                .split('\n')
                .filter(Boolean)
                .every((line) => line.includes(': warning: '))
        ).toBe(true);
    });

    test('lab.conf options: sysctl and exec are run, hosts and resolv.conf copied into a machine are read', () => {
        const lab = katharaLab({
            'lab.conf': 'LAB_NAME=tiny\npc1[0]=A\npc1[sysctl]="net.ipv4.conf.all.rp_filter=1"\npc1[exec]="ip route add default via 198.18.0.1"\n',
            'pc1.startup': 'ifconfig eth0 198.18.0.2/24 up\n',
            'pc1/etc/hosts': '127.0.0.1 localhost\n198.18.0.1 gateway\n',
            'pc1/etc/resolv.conf': 'nameserver 198.18.0.53\n'
        });
        const run = nettopo('import', 'kathara', lab);
        expect(run.stderr).toBe('');
        expect(run.stdout).toContain(
            '# name: tiny\nswitch A\n\nrouter pc1 {\n  eth0 198.18.0.2/24 -- A\n  hosts localhost 127.0.0.1\n  hosts gateway 198.18.0.1\n'
        );
        expect(run.stdout).toContain('  nameserver 198.18.0.53\n  sysctl net.ipv4.conf.all.rp_filter = 1\n  route default via 198.18.0.1\n}\n');
    });

    test('no lab.conf', () => {
        const lab = katharaLab({ 'pc1.startup': 'ip address add 198.18.0.1/24 dev eth0\n' });
        expectOneError(nettopo('import', 'kathara', lab), `${lab}/lab.conf: error: there is no lab.conf: a Kathará lab is a folder with a lab.conf`);
    });

    test('a startup file that uses a device the machine does not have', () => {
        const lab = katharaLab({ 'lab.conf': 'pc1[0]=A\n', 'pc1.startup': 'ip address add 198.18.0.1/24 dev eth0\nifconfig eth1 198.18.1.1/24 up\n' });
        expectOneError(nettopo('import', 'kathara', lab), `${lab}/pc1.startup:2: error: \`ifconfig eth1 198.18.1.1/24 up\`: pc1 has no device eth1`);
    });

    test('an unknown lab.conf option', () => {
        const lab = katharaLab({ 'lab.conf': 'pc1[0]=A\npc1[frobnicate]=yes\n' });
        expectOneError(
            nettopo('import', 'kathara', lab),
            `${lab}/lab.conf:2: error: \`pc1[frobnicate]=yes\`: frobnicate is not a lab.conf option nettopo import knows`
        );
    });

    test('a line lab.conf cannot have, and interfaces with a gap', () => {
        const lab = katharaLab({ 'lab.conf': 'pc1[1]=A\n' });
        expectOneError(nettopo('import', 'kathara', lab), `${lab}/lab.conf:1: error: \`pc1[1]=A\`: pc1 has eth1 but no eth0`);
        const bad = katharaLab({ 'lab.conf': 'pc1 = A\n' });
        expectOneError(nettopo('import', 'kathara', bad), `${bad}/lab.conf:1: error: \`pc1 = A\`: not a lab.conf line`);
    });

    test('-o OUT: written on success; with an error no file is left', () => {
        const out = join(scratch(), 'kathara.net');
        expect(nettopo('import', 'kathara', 'test/fixtures/kathara/bgp-stub-as-static', '-o', out).status).toBe(0);
        expect(readFileSync(out, 'utf8')).toContain('router as20r1 {');
        const missing = join(scratch(), 'not-written.net');
        const lab = katharaLab({ 'lab.conf': 'pc1[0]=A\npc1[frobnicate]=yes\n' });
        const run = nettopo('import', 'kathara', lab, '-o', missing);
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(`${missing} not written`);
        expect(existsSync(missing)).toBe(false);
    });

    test('a folder that cannot be read exits 2 with our message', () => {
        expect(nettopo('import', 'kathara', join(scratch(), 'nowhere'))).toMatchObject({ status: 2, stderr: expect.stringContaining('no such file') });
    });
});

describe('nettopo import containerlab', () => {
    test('a public lab imports: veth pairs between linux nodes, their exec commands', () => {
        const run = nettopo('import', 'containerlab', 'test/fixtures/containerlab/netns-basics.clab.yml');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('host host2 {\n  eth1 10.0.3.20/24 -- router.eth3\n');
        expect(run.stderr).toContain("netns-basics.clab.yml:3: warning: ignored: containerlab's management network");
    });

    test('a bridge node is a switch; sysctls are set', () => {
        const path = clabFile(
            [
                'name: br',
                'topology:',
                '  nodes:',
                '    br1: {kind: bridge}',
                '    a:',
                '      kind: linux',
                '      sysctls: {net.ipv4.ip_forward: 1}',
                '      exec: ["ip addr add 198.18.0.1/24 dev eth1"]',
                '  links:',
                '    - endpoints: ["a:eth1", "br1:a1"]',
                ''
            ].join('\n')
        );
        const run = nettopo('import', 'containerlab', path);
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('switch br1\n\nrouter a {\n  eth1 198.18.0.1/24 -- br1\n}\n');
    });

    test('bad YAML', () => {
        const path = clabFile('topology:\n  nodes:\n    a: {kind: linux}\n    a: {kind: linux}\n');
        expectOneError(nettopo('import', 'containerlab', path), `${path}:4: error: the file is not valid YAML here: a key appears twice in the same map`);
        const tab = clabFile('topology:\n\tnodes: {}\n');
        expectOneError(
            nettopo('import', 'containerlab', tab),
            `${tab}:2: error: the file is not valid YAML here: a tab indents a line (YAML indents with spaces)`
        );
    });

    test('YAML that is no topology', () => {
        const path = clabFile('name: lab\nservices:\n  web: {image: nginx}\n');
        expectOneError(
            nettopo('import', 'containerlab', path),
            `${path}:1: error: not a containerlab topology: containerlab files have a topology: with nodes: under it`
        );
    });

    test('a link to a node the topology does not have', () => {
        const path = clabFile('topology:\n  nodes:\n    a: {kind: linux}\n  links:\n    - endpoints: ["a:eth1", "b:eth1"]\n');
        expectOneError(nettopo('import', 'containerlab', path), `${path}:5: error: the link names node b, which topology.nodes does not have`);
    });

    test('a node of a kind nettopo does not model', () => {
        const path = clabFile('topology:\n  nodes:\n    srl:\n      kind: nokia_srlinux\n      image: ghcr.io/nokia/srlinux\n');
        expectOneError(nettopo('import', 'containerlab', path), `${path}:4: error: node srl is of kind nokia_srlinux: nettopo import knows kind: linux`);
    });

    test('an exec command that fails to import names its line in the YAML file', () => {
        const path = clabFile('topology:\n  nodes:\n    a:\n      kind: linux\n      exec:\n        - ip addr add 198.18.0.1/24 dev eth9\n');
        expectOneError(
            nettopo('import', 'containerlab', path),
            `${path}:6: error: \`ip addr add 198.18.0.1/24 dev eth9\`: the address is added to eth9, but a has no device eth9`
        );
    });

    test('-o OUT: with an error no file is left', () => {
        const missing = join(scratch(), 'clab-not-written.net');
        const run = nettopo('import', 'containerlab', clabFile('name: x\n'), '-o', missing);
        expect(run.status).toBe(1);
        expect(existsSync(missing)).toBe(false);
    });
});
