import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runPings } from '../../language/src/checks/ping-checks.js';
import { formatIpv4 } from '../../language/src/address/ipv4.js';
import { loadNetText } from '../../language/src/load.js';

/**
 * Every file in examples/ and examples/real/ (public labs, as their authors wrote them) behaves as its comments say: exactly these diagnostics (line and code),
 * and these ping results. The table is written by hand from the comments, so that a change of
 * behaviour shows up here even if the comments are left as they were.
 */

const dir = join(import.meta.dirname, '../../examples');

interface Expected {
    /** `LINE code`, in line order. */
    readonly diagnostics: readonly string[];
    /** Per ping statement, in file order: `SOURCE -> TARGET: LINE / LINE` (the lines ping prints; `(nothing)` for none). */
    readonly pings: readonly string[];
}

const nothing = '(nothing)';

const expected: Record<string, Expected> = {
    '01-one-switch.net': {
        diagnostics: [],
        pings: [
            'alice -> 192.168.10.22: 64 bytes from 192.168.10.22: icmp_seq=1 ttl=64',
            'bob -> 192.168.10.21: 64 bytes from 192.168.10.21: icmp_seq=1 ttl=64'
        ]
    },
    '02-no-route.net': {
        diagnostics: [],
        pings: ['alice -> 192.168.20.30: ping: connect: Network is unreachable']
    },
    '03-one-way-route.net': {
        diagnostics: ['20 warning missing-return-route', '28 warning missing-return-route', '32 error ping-expectation'],
        pings: [`alice -> 192.168.20.30: ${nothing}`]
    },
    '04-both-ways.net': {
        diagnostics: [],
        pings: [
            'alice -> 192.168.20.30: 64 bytes from 192.168.20.30: icmp_seq=1 ttl=63',
            'carol -> 192.168.10.21: 64 bytes from 192.168.10.21: icmp_seq=1 ttl=63'
        ]
    },
    '05-default-gateway.net': {
        diagnostics: [],
        pings: [
            'alice -> 192.168.20.30: 64 bytes from 192.168.20.30: icmp_seq=1 ttl=63',
            'carol -> 192.168.10.21: 64 bytes from 192.168.10.21: icmp_seq=1 ttl=63',
            'alice -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=63'
        ]
    },
    '06-linux-router.net': {
        diagnostics: ['19 warning gateway-not-forwarding', '22 warning unreachable-destination', '29 warning gateway-not-forwarding'],
        pings: [`alice -> 192.168.20.30: ${nothing}`, 'alice -> 192.168.20.1: 64 bytes from 192.168.20.1: icmp_seq=1 ttl=64']
    },
    '07-linux-router-forwarding.net': {
        diagnostics: [],
        pings: [
            'alice -> 192.168.20.30: 64 bytes from 192.168.20.30: icmp_seq=1 ttl=63',
            'carol -> 192.168.10.21: 64 bytes from 192.168.10.21: icmp_seq=1 ttl=63'
        ]
    },
    '08-mistakes.net': {
        diagnostics: [
            '15 error route-refused',
            '17 error route-refused',
            '21 error route-refused',
            '23 error route-refused',
            '27 error route-refused',
            '29 error route-refused',
            '31 warning gateway-not-owned',
            '33 warning gateway-not-forwarding',
            '40 warning unreachable-destination',
            '43 warning outside-switch-prefix',
            '45 error interface-name-too-long',
            '47 warning sysctl-not-modelled',
            '49 error sysctl-value',
            '54 warning duplicate-address'
        ],
        pings: [
            'alice -> 192.168.50.1: ping: connect: Network is unreachable',
            'alice -> 192.168.54.1: From 192.168.10.21 icmp_seq=1 Destination Host Unreachable',
            `alice -> 192.168.55.1: ${nothing}`
        ]
    },
    '09-routing-loop.net': {
        diagnostics: [],
        pings: [
            'alice -> 192.168.99.1: From 192.168.30.2 icmp_seq=1 Time to live exceeded',
            'alice -> 192.168.30.2: 64 bytes from 192.168.30.2: icmp_seq=1 ttl=63'
        ]
    },
    '10-rp-filter.net': {
        diagnostics: ['36 info unreachable-destination'],
        pings: [
            'alice -> 192.168.20.10: 64 bytes from 192.168.20.10: icmp_seq=1 ttl=63',
            `alice -> 192.168.40.10: ${nothing}`,
            'alice -> 192.168.40.20: 64 bytes from 192.168.40.20: icmp_seq=1 ttl=63'
        ]
    },
    '11-reject-routes.net': {
        diagnostics: [],
        pings: [
            `alice -> 192.168.61.1: ${nothing}`,
            'alice -> 192.168.62.1: From 192.168.10.1 icmp_seq=1 Destination Host Unreachable',
            'alice -> 192.168.63.1: From 192.168.10.1 icmp_seq=1 Packet filtered',
            'alice -> 192.168.71.1: ping: connect: Invalid argument',
            'alice -> 192.168.72.1: ping: connect: No route to host',
            'alice -> 192.168.73.1: ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules'
        ]
    },
    '12-redirect.net': {
        diagnostics: [],
        pings: [
            'alice -> 192.168.20.30: From 192.168.10.1: icmp_seq=1 Redirect Host(New nexthop: 192.168.10.2) / 64 bytes from 192.168.20.30: icmp_seq=1 ttl=63',
            'alice -> 192.168.20.99: From 192.168.10.1: icmp_seq=1 Redirect Host(New nexthop: 192.168.10.2) / From 192.168.10.2 icmp_seq=1 Destination Host Unreachable'
        ]
    },
    // The container examples' lines are what the kernel printed for them (test/kernel/examples.test.ts builds them).
    '13-docker-bridge.net': {
        diagnostics: ['30 warning unreachable-destination', '37 warning unreachable-destination'],
        pings: [
            'web -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'web -> 172.17.0.3: 64 bytes from 172.17.0.3: icmp_seq=1 ttl=64',
            'server -> 172.17.0.2: From 203.0.113.1 icmp_seq=1 Destination Net Unreachable'
        ]
    },
    '14-docker-forward-drop.net': {
        diagnostics: ['27 warning unreachable-destination', '34 warning unreachable-destination', '49 info unreachable-destination'],
        pings: [
            'web -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'web -> 172.17.0.3: 64 bytes from 172.17.0.3: icmp_seq=1 ttl=64',
            'db -> 192.168.10.21: 64 bytes from 192.168.10.21: icmp_seq=1 ttl=63',
            `alice -> 172.17.0.2: ${nothing}`
        ]
    },
    '15-two-bridges.net': {
        diagnostics: [
            '21 warning unreachable-destination',
            '28 warning unreachable-destination',
            '40 info unreachable-destination',
            '41 info unreachable-destination'
        ],
        pings: [
            `web -> 192.168.100.2: ${nothing}`,
            `api -> 172.17.0.2: ${nothing}`,
            'web -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'api -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'web -> 192.168.100.1: 64 bytes from 192.168.100.1: icmp_seq=1 ttl=64'
        ]
    },
    '16-nat-error.net': {
        diagnostics: [],
        pings: [
            'web -> 192.168.10.99: From 192.168.10.10 icmp_seq=1 Destination Host Unreachable',
            'web -> 172.17.0.99: From 172.17.0.2 icmp_seq=1 Destination Host Unreachable'
        ]
    },
    '17-names.net': {
        diagnostics: [],
        pings: [
            'laptop -> web.lab: 64 bytes from web.lab (192.168.20.80): icmp_seq=1 ttl=63',
            'laptop -> lp: 64 bytes from lp (192.168.10.40): icmp_seq=1 ttl=64',
            'laptop -> mail.lab: ping: mail.lab: Name or service not known',
            'guest -> web.lab: ping: web.lab: Temporary failure in name resolution'
        ]
    },
    // imported from 18-namespaces.sh (test/cli/import-commands.test.ts checks the import): red and blue are a pair of their
    // own, which no cable joins to the rest, so no route is at fault for green not reaching them
    '18-namespaces.net': {
        diagnostics: [],
        pings: ['red -> 192.168.1.2: 64 bytes from 192.168.1.2: icmp_seq=1 ttl=64', 'green -> 203.0.113.2: 64 bytes from 203.0.113.2: icmp_seq=1 ttl=63']
    },
    // the isolation drops of docker0 and br-backend are among the `docker` line's core statements, so its notes are there
    '19-docker-shapes.net': {
        diagnostics: [
            '28 warning unreachable-destination',
            '35 warning unreachable-destination',
            '41 info unreachable-destination',
            '41 info unreachable-destination'
        ],
        pings: [
            'web -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'api -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'api -> db.backend: 64 bytes from db.backend (192.168.100.3): icmp_seq=1 ttl=64',
            'db -> 192.168.100.2: 64 bytes from 192.168.100.2: icmp_seq=1 ttl=64',
            `web -> 192.168.100.2: ${nothing}`,
            `api -> 172.17.0.2: ${nothing}`,
            'web -> db.backend: ping: db.backend: Temporary failure in name resolution'
        ]
    },
    '20-flannel-host-gw.net': {
        diagnostics: ['23 warning unreachable-destination', '30 warning unreachable-destination'],
        pings: [
            'web -> 10.244.2.2: 64 bytes from 10.244.2.2: icmp_seq=1 ttl=62',
            'db -> 10.244.1.3: 64 bytes from 10.244.1.3: icmp_seq=1 ttl=62',
            'web -> 10.244.1.3: 64 bytes from 10.244.1.3: icmp_seq=1 ttl=64',
            'web -> 203.0.113.80: 64 bytes from 203.0.113.80: icmp_seq=1 ttl=62',
            'server -> 10.244.1.2: From 203.0.113.1 icmp_seq=1 Destination Net Unreachable'
        ]
    },
    // The public labs (examples/real): what the kernel printed for them (test/kernel/examples.test.ts builds them too).
    'real/compnet-mininet-router.net': {
        diagnostics: [],
        pings: [
            'h1 -> 10.0.1.1: 64 bytes from 10.0.1.1: icmp_seq=1 ttl=64',
            'h2 -> 10.0.2.1: 64 bytes from 10.0.2.1: icmp_seq=1 ttl=64',
            'h1 -> 10.0.2.10: 64 bytes from 10.0.2.10: icmp_seq=1 ttl=63',
            'h2 -> 10.0.1.10: 64 bytes from 10.0.1.10: icmp_seq=1 ttl=63'
        ]
    },
    'real/containerlab-netns-basics.net': {
        diagnostics: [],
        pings: [
            'host1 -> 10.0.1.1: 64 bytes from 10.0.1.1: icmp_seq=1 ttl=64',
            'host2 -> 10.0.3.1: 64 bytes from 10.0.3.1: icmp_seq=1 ttl=64',
            'host1 -> 10.0.3.20: 64 bytes from 10.0.3.20: icmp_seq=1 ttl=63',
            'host1 -> 10.0.2.10: 64 bytes from 10.0.2.10: icmp_seq=1 ttl=63',
            'host3 -> 10.0.3.20: 64 bytes from 10.0.3.20: icmp_seq=1 ttl=63'
        ]
    },
    'real/kathara-basic-ipv4.net': {
        diagnostics: [],
        pings: [
            'pc1 -> 200.1.1.7: 64 bytes from 200.1.1.7: icmp_seq=1 ttl=62',
            'pc1 -> 200.1.1.3: 64 bytes from 200.1.1.3: icmp_seq=1 ttl=62',
            'pc1 -> 100.0.0.10: 64 bytes from 100.0.0.10: icmp_seq=1 ttl=63',
            'pc2 -> 195.11.14.5: 64 bytes from 195.11.14.5: icmp_seq=1 ttl=62',
            'pc3 -> 200.1.1.7: 64 bytes from 200.1.1.7: icmp_seq=1 ttl=64'
        ]
    },
    'real/kathara-exam-chair-01.net': {
        diagnostics: [
            '28 warning unreachable-destination',
            '31 warning missing-return-route',
            '37 warning missing-return-route',
            '51 warning missing-return-route',
            '51 warning missing-return-route',
            '56 warning missing-return-route',
            '56 warning missing-return-route'
        ],
        pings: [
            'client -> 50.50.50.11: 64 bytes from 50.50.50.11: icmp_seq=1 ttl=62',
            'client -> 10.0.0.1: From 150.150.150.33 icmp_seq=1 Destination Net Unreachable',
            `ws1 -> 150.150.150.150: ${nothing}`,
            'ws2 -> 50.50.50.11: 64 bytes from 50.50.50.11: icmp_seq=1 ttl=64',
            'ws1 -> 10.0.0.2: 64 bytes from 10.0.0.2: icmp_seq=1 ttl=64'
        ]
    },
    'real/kathara-exam-chair-02.net': {
        diagnostics: ['23 info missing-return-route'],
        pings: [
            'client -> 100.100.100.22: 64 bytes from 100.100.100.22: icmp_seq=1 ttl=64',
            'client -> 10.10.0.1: ping: connect: Network is unreachable',
            'ws1 -> 10.20.0.22: 64 bytes from 10.20.0.22: icmp_seq=1 ttl=63',
            `ws1 -> 100.100.100.100: ${nothing}`,
            'lb1 -> 10.10.0.2: 64 bytes from 10.10.0.2: icmp_seq=1 ttl=63'
        ]
    },
    'real/kathara-exercise-add-one-router.net': {
        diagnostics: [],
        pings: [
            'pc1 -> 100.2.0.2: 64 bytes from 100.2.0.2: icmp_seq=1 ttl=62',
            'pc2 -> 100.1.0.2: 64 bytes from 100.1.0.2: icmp_seq=1 ttl=62',
            'pc1 -> 10.0.0.2: 64 bytes from 10.0.0.2: icmp_seq=1 ttl=63',
            'r1 -> 100.2.0.2: 64 bytes from 100.2.0.2: icmp_seq=1 ttl=63'
        ]
    },
    'real/kathara-exercise-simple-configuration.net': {
        diagnostics: ['22 warning gateway-not-owned'],
        pings: [
            'pc1 -> 100.2.0.1: 64 bytes from 100.2.0.1: icmp_seq=1 ttl=64',
            'pc1 -> 100.2.0.2: From 100.2.0.1 icmp_seq=1 Destination Host Unreachable',
            'pc1 -> 100.3.0.2: From 100.2.0.1 icmp_seq=1 Destination Host Unreachable'
        ]
    },
    'real/kathara-static-routing.net': {
        diagnostics: [],
        pings: [
            'pc1 -> 195.11.14.1: 64 bytes from 195.11.14.1: icmp_seq=1 ttl=64',
            'pc1 -> 100.0.0.9: ping: connect: Network is unreachable',
            'pc1 -> 100.0.0.10: ping: connect: Network is unreachable',
            'pc1 -> 200.1.1.7: ping: connect: Network is unreachable',
            'r1 -> 100.0.0.10: 64 bytes from 100.0.0.10: icmp_seq=1 ttl=64',
            'r1 -> 200.1.1.7: ping: connect: Network is unreachable',
            'pc2 -> 200.1.1.1: 64 bytes from 200.1.1.1: icmp_seq=1 ttl=64'
        ]
    },
    'real/unlu-configuration-faults.net': {
        diagnostics: ['34 info missing-return-route'],
        pings: [
            'host_a -> 10.10.2.2: 64 bytes from 10.10.2.2: icmp_seq=1 ttl=63',
            'host_c -> 10.10.0.2: 64 bytes from 10.10.0.2: icmp_seq=1 ttl=63',
            'host_b -> 10.10.0.2: ping: connect: Network is unreachable',
            `host_a -> 10.10.1.2: ${nothing}`,
            'host_b -> 10.10.1.1: 64 bytes from 10.10.1.1: icmp_seq=1 ttl=64',
            'host_b -> 10.10.0.1: ping: connect: Network is unreachable'
        ]
    },
    'real/unlu-routing-faults.net': {
        diagnostics: [
            '39 warning missing-return-route',
            '54 warning missing-return-route',
            '65 warning unreachable-destination',
            '71 warning unreachable-destination'
        ],
        pings: [
            'host_a -> 10.10.4.2: 64 bytes from 10.10.4.2: icmp_seq=1 ttl=61',
            `host_b -> 10.10.4.2: ${nothing}`,
            'host_b -> 10.10.0.2: 64 bytes from 10.10.0.2: icmp_seq=1 ttl=63',
            `host_b -> 10.10.2.2: ${nothing}`,
            'host_a -> host_c: 64 bytes from host_c (10.10.2.2): icmp_seq=1 ttl=63',
            'host_b -> router: 64 bytes from router (10.10.0.1): icmp_seq=1 ttl=64'
        ]
    }
};

/** Examples whose point is a ping expectation that does not hold; every other ping must hold. */
const failingOnPurpose: Record<string, number[]> = { '03-one-way-route.net': [32] };

test('the table covers exactly the files in examples/ and examples/real/', () => {
    const netFiles = (folder: string) =>
        readdirSync(join(dir, folder))
            .filter((file) => file.endsWith('.net'))
            .map((file) => join(folder, file));
    expect([...netFiles('.'), ...netFiles('real')].sort()).toEqual(Object.keys(expected).sort());
});

describe.each(Object.entries(expected))('%s', (file, want) => {
    const loading = loadNetText(readFileSync(join(dir, file), 'utf8'), file);

    test('diagnostics', async () => {
        const { diagnostics } = await loading;
        const severity = ['error', 'error', 'warning', 'info', 'hint'];
        expect(
            diagnostics.map(
                (entry) => `${entry.range.start.line + 1} ${severity[entry.severity ?? 1]} ${entry.code ?? (entry.data as { code?: string })?.code}`
            )
        ).toEqual(want.diagnostics);
    });

    test('pings print what the comments say', async () => {
        const { network } = await loading;
        expect(
            runPings(network).map(
                ({ ping, result }) => `${ping.source} -> ${ping.name ?? formatIpv4(ping.target)}: ${result.lines.length ? result.lines.join(' / ') : nothing}`
            )
        ).toEqual(want.pings);
    });

    test('every ping expectation holds, except those that fail on purpose', async () => {
        const { network, origins } = await loading;
        const broken = runPings(network)
            .filter((run) => !run.holds)
            .map((run) => origins.get(run.ping)!.$cstNode!.range.start.line + 1);
        expect(broken).toEqual(failingOnPurpose[file] ?? []);
    });
});

describe('the fixes the comments promise', () => {
    const messages = async (file: string) => (await loadNetText(readFileSync(join(dir, file), 'utf8'), file)).diagnostics.map((entry) => entry.message);

    test("03: the missing return route, on carol and on alice's route, names the route to add; the ping error says why", async () => {
        const [pointer, cause, error] = await messages('03-one-way-route.net');
        expect(cause).toMatch(/^carol has no route to 192\.168\.10\.0\/24/);
        for (const warning of [pointer, cause]) expect(warning).toContain('add `route 192.168.10.0/24 via 192.168.20.1` to carol');
        expect(error).toContain('gets no reply');
        expect(error).toContain('carol has no route to 192.168.10.21');
    });

    test('06: every warning suggests switching forwarding on in mid, and the one on mid says whose routes it breaks', async () => {
        const found = await messages('06-linux-router.net');
        for (const message of found) expect(message).toContain('add `sysctl net.ipv4.ip_forward = 1` to mid');
        expect(found[1]).toContain("it is the gateway of alice's `192.168.20.0/24 via 192.168.10.1` and carol's `192.168.10.0/24 via 192.168.20.1`");
    });

    test('08: refused routes carry the kernel reason', async () => {
        const refused = (await messages('08-mistakes.net')).filter((message) => message.startsWith('ip route add refuses'));
        expect(refused.map((message) => message.replace(/^ip route add refuses this route: /, '').replace(/ \(.*$/, ''))).toEqual([
            'Error: Nexthop has invalid gateway.',
            'Error: Invalid prefix for given prefix length.',
            'RTNETLINK answers: File exists',
            'RTNETLINK answers: File exists',
            'Cannot find device "eth7"',
            'Error: Gateway, device and multipath can not be specified for this route type.'
        ]);
    });
});

describe('21-sites/: a lab over three files', () => {
    const read = (name: string) => readFileSync(join(dir, '21-sites', name), 'utf8');
    const severity = ['error', 'error', 'warning', 'info', 'hint'];
    const problems = (file: Awaited<ReturnType<typeof loadNetText>>) =>
        file.files.flatMap((source) =>
            source.diagnostics.map(
                (entry) =>
                    `${source.document.uri.path.split('/').pop()}:${entry.range.start.line + 1} ${severity[entry.severity ?? 1]} ${entry.code ?? (entry.data as { code?: string })?.code}`
            )
        );

    test("site.net with both sites: no problem in any file, and every ping (the sites' and its own) replies", async () => {
        const lab = await loadNetText(read('site.net'), 'site.net', { 'site-a.net': read('site-a.net'), 'site-b.net': read('site-b.net') });
        expect(problems(lab)).toEqual([]);
        expect(lab.pingRuns.map(({ ping, result }) => `${ping.source} -> ${ping.targetText}: ${result.lines.join(' / ')}`)).toEqual([
            'a1 -> ra: 64 bytes from 198.18.1.1: icmp_seq=1 ttl=64',
            'b1 -> rb: 64 bytes from 198.18.2.1: icmp_seq=1 ttl=64',
            'a1 -> b1: 64 bytes from 198.18.2.10: icmp_seq=1 ttl=61',
            'b1 -> a1.eth0: 64 bytes from 198.18.1.10: icmp_seq=1 ttl=61',
            'a1 -> core: 64 bytes from 198.18.0.1: icmp_seq=1 ttl=63'
        ]);
    });

    test('a site file alone: its router knows no core, as its comment says', async () => {
        const alone = await loadNetText(read('site-a.net'), 'site-a.net');
        expect(problems(alone)).toEqual(['site-a.net:9 warning gateway-not-owned']);
        expect(alone.pingRuns.map((run) => run.holds)).toEqual([true]);
    });
});
