import { describe, expect, test } from 'vitest';
import { LabInputError, netnsScript, netnsTeardownScript } from '../../language/src/kernel/netns-script.js';
import type { NodeModel, Topology } from '../../language/src/model/topology.js';
import { load, net } from './net-helpers.js';

/**
 * The bash scripts `nettopo export --format netns` prints and the kernel lab runs: built from a
 * small topology and compared line by line. Pure: nothing here runs a command.
 */

const small = await load(net`
    switch lan1 198.18.1.0/24
    switch lan2 198.18.2.0/24
    host A {
      eth0 198.18.1.10/24, 198.18.1.11/24 -- lan1
      route default via 198.18.1.1
      route 198.19.0.0/16 blackhole
      route 198.18.5.0/24 dev eth0 metric 7
      route 198.18.6.0/24 via 198.18.1.1 dev eth0 metric 3
      route 198.18.7.0/24 unreachable
      route 198.18.8.0/24 prohibit metric 2
      sysctl net.ipv4.conf.all.rp_filter = 1
      sysctl net.ipv4.icmp_echo_ignore_all = 0
      sysctl net.ipv4.conf.eth0.rp_filter = 2
    }
    router R {
      eth0 198.18.1.1/24 -- lan1
      eth1 198.18.2.1/24 -- lan2
      wire 198.18.3.1/30 -- B.wire
    }
    host B {
      wire 198.18.3.2/30
      route default via 198.18.3.1
    }
    host C {
      eth0 198.18.2.10/24 -- lan2
      lonely 198.18.4.1/24
    }
`);
const topology = small.topology;

const build = netnsScript(topology, { prefix: 'lab' });
const teardown = netnsTeardownScript(topology, { prefix: 'lab' });
const buildLines = build.split('\n');

/** The body of the here-document that follows `header` (the lines up to `EOF`). */
function heredoc(script: string, header: string): string[] {
    const lines = script.split('\n');
    const start = lines.indexOf(header);
    expect(start, `no line ${JSON.stringify(header)} in the script`).toBeGreaterThanOrEqual(0);
    const end = lines.indexOf('EOF', start);
    return lines.slice(start + 1, end);
}

/** Every here-document after a line equal to `header`, concatenated. */
function heredocs(script: string, header: string): string[] {
    const lines = script.split('\n');
    const found: string[] = [];
    lines.forEach((line, index) => {
        if (line === header) found.push(...lines.slice(index + 1, lines.indexOf('EOF', index)));
    });
    return found;
}

const namespacesOf = (script: string, verb: 'add' | 'del') =>
    script.split('\n').flatMap((line) => {
        const match = new RegExp(`^netns ${verb} '([^']*)'$`).exec(line);
        return match ? [match[1]] : [];
    });

describe('the build script', () => {
    test('is a set -e bash script ending in a newline', () => {
        expect(buildLines[0]).toBe('set -e');
        expect(build.endsWith('\n')).toBe(true);
    });

    test('one namespace per node (PREFIX-n-NODE), per switch (PREFIX-s-SWITCH), and a stub for unlinked interfaces', () => {
        expect(heredoc(build, "ip -batch - <<'EOF'")).toEqual([
            "netns add 'lab-n-A'",
            "netns add 'lab-n-R'",
            "netns add 'lab-n-B'",
            "netns add 'lab-n-C'",
            "netns add 'lab-s-lan1'",
            "netns add 'lab-s-lan2'",
            "netns add 'lab-t-C'"
        ]);
    });

    test('every namespace: IPv6 off and net.ipv4.icmp_ratelimit=0 (ICMP error rate limiting is not modelled); ip_forward=1 on routers only', () => {
        const base = 'sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv4.icmp_ratelimit=0';
        const sysctlLines = buildLines.filter((line) => / sysctl -qw net\.ipv6/.test(line));
        expect(sysctlLines).toEqual([
            `ip netns exec 'lab-n-A' ${base} </dev/null >/dev/null`,
            `ip netns exec 'lab-n-R' ${base} net.ipv4.ip_forward=1 </dev/null >/dev/null`,
            `ip netns exec 'lab-n-B' ${base} </dev/null >/dev/null`,
            `ip netns exec 'lab-n-C' ${base} </dev/null >/dev/null`,
            `ip netns exec 'lab-s-lan1' ${base} </dev/null >/dev/null`,
            `ip netns exec 'lab-s-lan2' ${base} </dev/null >/dev/null`,
            `ip netns exec 'lab-t-C' ${base} </dev/null >/dev/null`
        ]);
        expect(build.match(/ip_forward=1/g)).toHaveLength(1);
    });

    test('a bridge with STP off in every switch namespace', () => {
        for (const sw of ['lan1', 'lan2']) {
            expect(heredoc(build, `ip -n 'lab-s-${sw}' -batch - <<'EOF'`)).toEqual(['link add br0 type bridge stp_state 0 forward_delay 0', 'link set br0 up']);
        }
    });

    test('veth pairs: node interfaces named as in the file, switch ports on the bridge, cables once, stubs for unlinked interfaces', () => {
        const links = buildLines.filter((line) => line.startsWith('link add ') && line.includes('type veth'));
        expect(links).toEqual([
            "link add name 'eth0' type veth peer name 'p0' netns 'lab-s-lan1'",
            "link add name 'eth0' type veth peer name 'p1' netns 'lab-s-lan1'",
            "link add name 'eth1' type veth peer name 'p2' netns 'lab-s-lan2'",
            "link add name 'wire' type veth peer name 'wire' netns 'lab-n-B'",
            "link add name 'eth0' type veth peer name 'p4' netns 'lab-s-lan2'",
            "link add name 'lonely' type veth peer name 'p5' netns 'lab-t-C'"
        ]);
        // Each veth is created inside the node namespace that owns the first end.
        expect(heredoc(build, "ip -n 'lab-n-R' -batch - <<'EOF'").filter((line) => line.includes('veth'))).toHaveLength(3);
        expect(heredocs(build, "ip -n 'lab-s-lan1' -batch - <<'EOF'")).toContain("link set dev 'p0' master 'br0' up");
        expect(heredocs(build, "ip -n 'lab-s-lan1' -batch - <<'EOF'")).toContain("link set dev 'p1' master 'br0' up");
        expect(heredocs(build, "ip -n 'lab-s-lan2' -batch - <<'EOF'")).toEqual(
            expect.arrayContaining(["link set dev 'p2' master 'br0' up", "link set dev 'p4' master 'br0' up"])
        );
        expect(heredoc(build, "ip -n 'lab-t-C' -batch - <<'EOF'")).toEqual(["link set dev 'p5' up"]);
    });

    test('every node brings lo and its interfaces up', () => {
        const up = heredocs(build, "ip -n 'lab-n-R' -batch - <<'EOF'").filter((line) => line.startsWith('link set '));
        expect(up).toEqual(['link set lo up', "link set dev 'eth0' up", "link set dev 'eth1' up", "link set dev 'wire' up"]);
        expect(heredocs(build, "ip -n 'lab-n-B' -batch - <<'EOF'").filter((line) => line.startsWith('link set '))).toEqual([
            'link set lo up',
            "link set dev 'wire' up"
        ]);
    });

    test('addresses in file order, the primary first', () => {
        const addresses = buildLines.filter((line) => line.startsWith('addr add '));
        expect(addresses).toEqual([
            "addr add 198.18.1.10/24 dev 'eth0'",
            "addr add 198.18.1.11/24 dev 'eth0'",
            "addr add 198.18.1.1/24 dev 'eth0'",
            "addr add 198.18.2.1/24 dev 'eth1'",
            "addr add 198.18.3.1/30 dev 'wire'",
            "addr add 198.18.3.2/30 dev 'wire'",
            "addr add 198.18.2.10/24 dev 'eth0'",
            "addr add 198.18.4.1/24 dev 'lonely'"
        ]);
        expect(heredocs(build, "ip -n 'lab-n-A' -batch - <<'EOF'").filter((line) => line.startsWith('addr add '))).toEqual([
            "addr add 198.18.1.10/24 dev 'eth0'",
            "addr add 198.18.1.11/24 dev 'eth0'"
        ]);
    });

    test('sysctls in file order, after the interfaces exist and before the routes', () => {
        // One command per setting, each naming, in our words, the setting the kernel refuses.
        const lines = ['net.ipv4.conf.all.rp_filter=1', 'net.ipv4.icmp_echo_ignore_all=0', 'net.ipv4.conf.eth0.rp_filter=2'].map((setting) => {
            const [key, value] = setting.split('=');
            return `ip netns exec 'lab-n-A' sysctl -qw '${setting}' </dev/null >/dev/null 2>&1 || { echo 'nettopo lab: the kernel refused sysctl ${key} = ${value} on A: the kernel has no such setting in a network namespace, or does not take that value' >&2; exit 1; }`;
        });
        const indices = lines.map((line) => buildLines.indexOf(line));
        expect(
            indices.every((index) => index >= 0),
            'every setting has its line'
        ).toBe(true);
        expect(indices).toEqual([...indices].sort((a, b) => a - b));
        expect(indices[0]).toBeGreaterThan(buildLines.lastIndexOf("addr add 198.18.4.1/24 dev 'lonely'"));
        expect(indices[2]).toBeLessThan(buildLines.indexOf("echo '@routes A'"));
        // Nodes without sysctls get no such line.
        expect(buildLines.filter((entry) => / sysctl -qw '/.test(entry))).toEqual(lines);
    });

    test('routes as `ip route add` takes them, in file order, the type before the destination', () => {
        expect(heredoc(build, "ip -n 'lab-n-A' -force -batch - <<'EOF' 2>&1 || true")).toEqual([
            'route add 0.0.0.0/0 via 198.18.1.1',
            'route add blackhole 198.19.0.0/16',
            "route add 198.18.5.0/24 dev 'eth0' metric 7",
            "route add 198.18.6.0/24 via 198.18.1.1 dev 'eth0' metric 3",
            'route add unreachable 198.18.7.0/24',
            'route add prohibit 198.18.8.0/24 metric 2'
        ]);
        expect(heredoc(build, "ip -n 'lab-n-B' -force -batch - <<'EOF' 2>&1 || true")).toEqual(['route add 0.0.0.0/0 via 198.18.3.1']);
        // A marker before each node's routes; nodes without routes have neither.
        expect(buildLines.filter((line) => line.startsWith('echo '))).toEqual(["echo '@routes A'", "echo '@routes B'"]);
        expect(buildLines.indexOf("echo '@routes A'")).toBe(buildLines.indexOf("ip -n 'lab-n-A' -force -batch - <<'EOF' 2>&1 || true") - 1);
    });

    test('the order of the phases: namespaces, sysctls, bridges, veths, far ends up, node links up, addresses, sysctls, routes', () => {
        const first = (pattern: RegExp) => buildLines.findIndex((line) => pattern.test(line));
        const last = (pattern: RegExp) => buildLines.length - 1 - [...buildLines].reverse().findIndex((line) => pattern.test(line));
        const order = [
            [first(/^netns add /), last(/^netns add /)],
            [first(/disable_ipv6/), last(/disable_ipv6/)],
            [first(/type bridge/), last(/type bridge/)],
            [first(/type veth/), last(/type veth/)],
            [first(/master 'br0' up|'p5' up/), last(/master 'br0' up|'p5' up/)],
            [first(/^link set lo up/), last(/^link set dev '(eth\d|wire|lonely)' up/)],
            [first(/^addr add /), last(/^addr add /)],
            [first(/sysctl -qw '/), last(/sysctl -qw '/)],
            [first(/^route add /), last(/^route add /)]
        ];
        for (const [start, end] of order) {
            expect(start).toBeGreaterThanOrEqual(0);
            expect(end).toBeGreaterThanOrEqual(start);
        }
        for (let index = 1; index < order.length; index++) expect(order[index][0], `phase ${index}`).toBeGreaterThan(order[index - 1][1]);
    });

    test('every name and namespace is single-quoted', () => {
        const names = new Set<string>([
            ...topology.switches.map((sw) => sw.name),
            ...topology.nodes.flatMap((node) => [node.name, ...node.interfaces.map((iface) => iface.name)])
        ]);
        for (const line of buildLines) {
            const unquoted = line.replace(/'[^']*'/g, ' ');
            for (const word of unquoted.split(/\s+/)) {
                expect(names.has(word), `unquoted name ${word} in: ${line}`).toBe(false);
                expect(word.startsWith('lab-'), `unquoted namespace ${word} in: ${line}`).toBe(false);
            }
        }
    });

    test('here-documents are quoted (no expansion) and every one is closed', () => {
        const opened = buildLines.filter((line) => line.includes('<<'));
        expect(opened.every((line) => line.includes("<<'EOF'"))).toBe(true);
        expect(buildLines.filter((line) => line === 'EOF')).toHaveLength(opened.length);
    });

    test('the prefix names every namespace: another prefix gives the same script with other names', () => {
        expect(netnsScript(topology, { prefix: 'zz9' })).toBe(build.replaceAll("'lab-", "'zz9-"));
    });
});

describe('the teardown script', () => {
    test('deletes exactly the namespaces the build script creates, and goes on past missing ones', () => {
        expect(teardown.split('\n')).toEqual([
            "ip -force -batch - <<'EOF' 2>/dev/null || true",
            "netns del 'lab-n-A'",
            "netns del 'lab-n-R'",
            "netns del 'lab-n-B'",
            "netns del 'lab-n-C'",
            "netns del 'lab-s-lan1'",
            "netns del 'lab-s-lan2'",
            "netns del 'lab-t-C'",
            'EOF',
            ''
        ]);
        expect(namespacesOf(teardown, 'del')).toEqual(namespacesOf(build, 'add'));
    });

    test('a topology without stubs: no stub namespace in either script', async () => {
        const plain = (
            await load(net`
            switch s
            host A {
              eth0 198.18.0.1/24 -- s
            }
        `)
        ).topology;
        expect(namespacesOf(netnsScript(plain, { prefix: 'p1' }), 'add')).toEqual(['p1-n-A', 'p1-s-s']);
        expect(namespacesOf(netnsTeardownScript(plain, { prefix: 'p1' }), 'del')).toEqual(['p1-n-A', 'p1-s-s']);
    });
});

describe('input the lab cannot build: LabInputError with a clear message', () => {
    const withNode = (change: (node: NodeModel) => NodeModel): Topology => ({
        ...topology,
        nodes: topology.nodes.map((node) => (node.name === 'A' ? change(node) : node))
    });
    const renameInterface = (name: string) =>
        withNode((node) => ({
            ...node,
            interfaces: node.interfaces.map((iface, index) => (index === 0 ? { ...iface, name } : iface)),
            routes: [],
            sysctls: []
        }));

    function refused(input: Topology, prefix: string, message: RegExp | string): void {
        for (const make of [netnsScript, netnsTeardownScript]) {
            let error: unknown;
            try {
                make(input, { prefix });
            } catch (caught) {
                error = caught;
            }
            expect(error, `${make.name} accepted it`).toBeInstanceOf(LabInputError);
            if (typeof message === 'string') expect((error as Error).message).toBe(message);
            else expect((error as Error).message).toMatch(message);
        }
    }

    test.each(['Lab', '1lab', 'a b', '', 'x'.repeat(25), "x';reboot;'", '../x', 'a/b', '-x'])('prefix %j', (prefix) => {
        refused(topology, prefix, `invalid lab prefix "${prefix}": a prefix is a lowercase letter, then at most 23 lowercase letters, digits or '-'`);
    });

    test('a 24-character prefix is accepted', () => {
        expect(() => netnsScript(topology, { prefix: 'x'.repeat(24) })).not.toThrow();
    });

    test.each(['../etc', 'a/b', 'a b', '$(reboot)', "it's", 'x;y', '', '.', '9lives', 'tab\tname', 'new\nline'])('node name %j', (name) => {
        refused(
            withNode((node) => ({ ...node, name })),
            'lab',
            `invalid node name "${name}": a name is a letter or '_', then letters, digits, '_' or '-'`
        );
    });

    test.each(['../s', 'a b', '`id`', 'sw/1'])('switch name %j', (name) => {
        const input: Topology = { ...topology, switches: [{ ...topology.switches[0], name }, ...topology.switches.slice(1)] };
        refused(input, 'lab', `invalid switch name "${name}": a name is a letter or '_', then letters, digits, '_' or '-'`);
    });

    test.each(['eth0:1', 'a/b', 'a b', "e'0", '$IFS', '.', '..', 'eth.0'])('interface name %j', (name) => {
        refused(renameInterface(name), 'lab', `invalid interface name "${name}": a name is a letter or '_', then letters, digits, '_' or '-'`);
    });

    test('an interface name over 15 characters (IFNAMSIZ); 15 is fine', () => {
        refused(renameInterface('a234567890123456'), 'lab', 'interface name "A.a234567890123456" is longer than 15 characters');
        expect(() => netnsScript(renameInterface('a23456789012345'), { prefix: 'lab' })).not.toThrow();
    });

    test('an interface name over 15 characters, as parsed from a file', async () => {
        const file = await load(net`
            switch s
            host A {
              averyverylongname 198.18.0.1/24 -- s
            }
        `);
        refused(file.topology, 'lab', 'interface name "A.averyverylongname" is longer than 15 characters');
    });

    test.each(['lo', 'all', 'default'])('reserved interface name %s', (name) => {
        refused(renameInterface(name), 'lab', `interface name "A.${name}" is reserved`);
    });

    test('a route device that is not a valid name', () => {
        const input = withNode((node) => ({ ...node, routes: [{ ...node.routes[2], device: "eth0' ; reboot ; '" }] }));
        refused(input, 'lab', /^invalid device name "eth0' ; reboot ; '": a name is/);
    });

    test('a sysctl that is not a per-namespace integer net.ipv4 setting', () => {
        for (const key of ['kernel.panic', 'net.core.somaxconn', 'net.ipv4.conf/../../x', 'net.ipv4.', "net.ipv4.x'y"]) {
            refused(
                withNode((node) => ({ ...node, sysctls: [{ key, value: 1 }] })),
                'lab',
                `sysctl "${key} = 1" on A cannot be set in a lab (only integer net.ipv4.* settings and net.bridge.bridge-nf-call-iptables)`
            );
        }
        refused(
            withNode((node) => ({ ...node, sysctls: [{ key: 'net.ipv4.ip_forward', value: 0.5 }] })),
            'lab',
            'sysctl "net.ipv4.ip_forward = 0.5" on A cannot be set in a lab (only integer net.ipv4.* settings and net.bridge.bridge-nf-call-iptables)'
        );
    });

    test('a name whose namespace name would be over 255 characters', () => {
        refused(
            withNode((node) => ({ ...node, name: 'N'.repeat(250) })),
            'lab',
            /^namespace name "lab-n-N+\.\.\." is too long: shorten the node or switch name$/
        );
    });
});
