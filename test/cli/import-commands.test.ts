import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { root, runNettopo, scratchFolder } from './cli-process.js';

/**
 * `nettopo import commands FILE.sh [-o OUT]`, the real CLI process on the built bundle: the
 * namespaces tutorial of examples/18-namespaces.sh imports to examples/18-namespaces.net (which
 * the kernel tier verifies), and every command it cannot import is named with FILE:LINE.
 */
const tutorial = join(root, 'examples/18-namespaces.sh');
const scratch = scratchFolder('nettopo-import-');

const nettopo = (...args: string[]) => runNettopo(args);

function script(name: string, text: string): string {
    const path = join(scratch(), name);
    writeFileSync(path, text);
    return path;
}

describe('nettopo import commands', () => {
    test('the namespaces tutorial (veth, then a bridge, then NAT) imports to the example .net', () => {
        const run = nettopo('import', 'commands', 'examples/18-namespaces.sh');
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toBe(readFileSync(join(root, 'examples/18-namespaces.net'), 'utf8'));
        expect(run.stdout).toContain('veth-red 192.168.1.1/24 -- blue.veth-blue');
        expect(run.stdout).toContain('veth-green 192.168.2.10/24 -- host.br0');
        expect(run.stdout).toContain('nat masquerade from 192.168.2.0/24 out uplink');
    });

    test('two namespaces and a veth alone: two hosts and one cable', () => {
        const path = script(
            'pair.sh',
            [
                'set -e',
                'ip netns add a',
                'ip netns add b',
                'ip link add va type veth \\',
                '  peer name vb',
                'ip link set va netns a',
                'ip link set vb netns b',
                'ip netns exec a ip addr add 198.18.0.1/30 dev va',
                'ip -n b addr add 198.18.0.2/30 dev vb',
                'ip -n a link set va up',
                'ip -n b link set vb up',
                ''
            ].join('\n')
        );
        const run = nettopo('import', 'commands', path);
        expect(run.status).toBe(0);
        expect(run.stdout.split('\n').slice(1).join('\n')).toBe('\nhost a {\n  va 198.18.0.1/30 -- b.vb\n}\n\nhost b {\n  vb 198.18.0.2/30\n}\n');
    });

    test("a namespace's /etc/netns hosts and resolv.conf become its hosts and nameserver lines", () => {
        const path = script(
            'names.sh',
            "ip netns add a\nmkdir -p /etc/netns/a\ncat >/etc/netns/a/hosts <<'EOF'\n198.18.0.5 web www\nEOF\ncat >/etc/netns/a/resolv.conf <<EOF\nnameserver 198.18.0.53\nEOF\n"
        );
        const run = nettopo('import', 'commands', path);
        expect(run.stderr).toBe('');
        expect(run.stdout).toContain('host a {\n  hosts web 198.18.0.5\n  hosts www 198.18.0.5\n  nameserver 198.18.0.53\n}\n');
    });

    test('every command it does not understand is reported with FILE:LINE and the command, and nothing is printed', () => {
        const path = script('unknown.sh', 'ip netns add a\nfrobnicate --now\nip netns add b\ntc qdisc add dev lo root noqueue\n');
        const run = nettopo('import', 'commands', path);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(`${path}:2: error: \`frobnicate --now\`: frobnicate is not imported`);
        expect(run.stderr).toContain(`${path}:4: error: \`tc qdisc add dev lo root noqueue\`: tc is not imported`);
        expect(run.stderr).toContain('was not imported (nothing printed)');
    });

    test('-o writes the file; a failed import leaves an existing OUT untouched', () => {
        const out = join(scratch(), 'out.net');
        expect(nettopo('import', 'commands', 'examples/18-namespaces.sh', '-o', out).status).toBe(0);
        const written = readFileSync(out, 'utf8');
        expect(written).toBe(readFileSync(join(root, 'examples/18-namespaces.net'), 'utf8'));
        const bad = script('bad.sh', 'ip netns add a\nip -n nowhere link set lo up\n');
        const run = nettopo('import', 'commands', bad, '-o', out);
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(`${out} not written`);
        expect(readFileSync(out, 'utf8')).toBe(written);
    });

    test.each([
        [
            'a namespace used before it is created',
            'ip -n ghost link set lo up\nip netns add ghost\n',
            ':1: error: `ip -n ghost link set lo up`: namespace ghost is used before it is created (ip netns add ghost)'
        ],
        [
            'a veth whose peer never moves',
            'ip netns add a\nip link add v7 type veth peer name v8\nip addr add 198.18.0.1/24 dev v7\n',
            ':2: error: `ip link add v7 type veth peer name v8`: the veth pair v7 and v8 both stay in host: move one end to another namespace'
        ],
        [
            'an address on a missing device',
            'ip netns add a\nip -n a addr add 198.18.0.9/24 dev nosuch\n',
            ':2: error: `ip -n a addr add 198.18.0.9/24 dev nosuch`: the address is added to nosuch, but a has no device nosuch'
        ],
        [
            'an unknown option',
            'ip netns add a\nip -n a addr add 198.18.0.1/24 dev lo label x\n',
            ':2: error: `ip -n a addr add 198.18.0.1/24 dev lo label x`: unknown option label of ip addr add (nettopo import knows dev, brd and local)'
        ]
    ])('%s: its message in our words, at FILE:LINE, exit 1', (_, text, message) => {
        const path = script('case.sh', text);
        const run = nettopo('import', 'commands', path);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toContain(path + message);
        expect(run.stderr.split(': error: ').length - 1, 'one error, said once').toBe(1);
        expect(run.stderr).not.toMatch(/at .*\.js:\d+|TypeError|Error:/);
    });

    test('bad usage and an unreadable file exit 2 with our message', () => {
        expect(nettopo('import', 'commands', tutorial, '--bogus')).toMatchObject({ status: 2, stderr: expect.stringContaining("unknown option '--bogus'") });
        expect(nettopo('import', 'commands', join(scratch(), 'missing.sh'))).toMatchObject({ status: 2, stderr: expect.stringContaining('no such file') });
    });
});
