import { describe, expect, test } from 'vitest';
import { formatDifference, predictTruth, truthDifferences, withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import type { KernelTruth } from '../../language/src/kernel/lab.js';
import { parseIpv4 } from '../../language/src/address/ipv4.js';
import { load, net } from './net-helpers.js';

/**
 * How `nettopo verify` and the differential tier compare the kernel with the engine, on hand-made
 * truths: each kind of difference is reported once, readably; trailing spaces do not count.
 */

const routeN = (rows: string[]) =>
    ['Kernel IP routing table', 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface', ...rows, ''].join('\n');

function truth(): KernelTruth {
    return {
        routes: {
            A: {
                ip: 'default via 198.18.1.1 dev eth0 \n198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.10 \n',
                route: routeN([
                    '0.0.0.0         198.18.1.1      0.0.0.0         UG    0      0        0 eth0',
                    '198.18.1.0      0.0.0.0         255.255.255.0   U     0      0        0 eth0'
                ])
            },
            R: {
                ip: '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 \n',
                route: routeN(['198.18.1.0      0.0.0.0         255.255.255.0   U     0      0        0 eth0'])
            }
        },
        pings: [
            { source: 'A', target: '198.18.1.1', reply: true, lines: ['64 bytes from 198.18.1.1: icmp_seq=1 ttl=64'] },
            { source: 'A', target: '198.18.9.9', reply: false, lines: ['From 198.18.1.1 icmp_seq=1 Destination Net Unreachable'] }
        ],
        refused: [{ node: 'A', route: '198.18.5.0/24 via 198.18.7.1', error: 'Error: Nexthop has invalid gateway.' }]
    };
}

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A deep copy to change: the engine's side. */
const copy = (value: KernelTruth): Mutable<KernelTruth> => structuredClone(value) as Mutable<KernelTruth>;

describe('truthDifferences', () => {
    test('agreeing truths: no differences', () => {
        expect(truthDifferences(truth(), truth())).toEqual([]);
        const trimmed = withoutTrailingSpaces(truth());
        expect(truthDifferences(trimmed, withoutTrailingSpaces(truth()))).toEqual([]);
    });

    test('a different `ip route` table: one difference naming the node, both versions in full', () => {
        const engine = copy(truth());
        engine.routes.A = { ...engine.routes.A, ip: '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.10 \n' };
        expect(truthDifferences(truth(), engine)).toEqual([{ what: 'A: ip route', kernel: truth().routes.A.ip, engine: engine.routes.A.ip }]);
    });

    test('a different `route -n` table: one difference', () => {
        const engine = copy(truth());
        engine.routes.R = { ...engine.routes.R, route: routeN([]) };
        expect(truthDifferences(truth(), engine)).toEqual([{ what: 'R: route -n', kernel: truth().routes.R.route, engine: routeN([]) }]);
    });

    test('both tables of a node differ: one difference for each format', () => {
        const engine = copy(truth());
        engine.routes.R = { ip: '', route: routeN([]) };
        expect(truthDifferences(truth(), engine).map((difference) => difference.what)).toEqual(['R: ip route', 'R: route -n']);
    });

    test('a node the engine has no table for: its tables differ from nothing', () => {
        const engine = copy(truth());
        delete engine.routes.R;
        expect(truthDifferences(truth(), engine)).toEqual([
            { what: 'R: ip route', kernel: truth().routes.R.ip, engine: '' },
            { what: 'R: route -n', kernel: truth().routes.R.route, engine: '' }
        ]);
    });

    test('refused routes: one difference for all of them, each as NODE: route ROUTE: ERROR', () => {
        const engine = copy(truth());
        engine.refused.push({ node: 'R', route: '0.0.0.0/0 via 198.18.2.2', error: 'Error: Nexthop has invalid gateway.' });
        expect(truthDifferences(truth(), engine)).toEqual([
            {
                what: 'refused routes',
                kernel: 'A: route 198.18.5.0/24 via 198.18.7.1: Error: Nexthop has invalid gateway.',
                engine: 'A: route 198.18.5.0/24 via 198.18.7.1: Error: Nexthop has invalid gateway.\nR: route 0.0.0.0/0 via 198.18.2.2: Error: Nexthop has invalid gateway.'
            }
        ]);
    });

    test('a refusal with another error message is a difference', () => {
        const engine = copy(truth());
        engine.refused[0] = { ...engine.refused[0], error: 'RTNETLINK answers: File exists' };
        expect(truthDifferences(truth(), engine).map((difference) => difference.what)).toEqual(['refused routes']);
    });

    test("a ping's lines differ: one difference naming the ping", () => {
        const engine = copy(truth());
        engine.pings[1].lines = ['From 198.18.1.1 icmp_seq=1 Destination Host Unreachable'];
        expect(truthDifferences(truth(), engine)).toEqual([
            {
                what: 'ping A -> 198.18.9.9',
                kernel: 'no reply\nFrom 198.18.1.1 icmp_seq=1 Destination Net Unreachable',
                engine: 'no reply\nFrom 198.18.1.1 icmp_seq=1 Destination Host Unreachable'
            }
        ]);
    });

    test("a ping's reply differs (same lines): one difference", () => {
        const engine = copy(truth());
        engine.pings[0].reply = false;
        expect(truthDifferences(truth(), engine)).toEqual([
            {
                what: 'ping A -> 198.18.1.1',
                kernel: 'reply\n64 bytes from 198.18.1.1: icmp_seq=1 ttl=64',
                engine: 'no reply\n64 bytes from 198.18.1.1: icmp_seq=1 ttl=64'
            }
        ]);
    });

    test('a ping whose reply and lines both differ is still one difference', () => {
        const engine = copy(truth());
        engine.pings[0] = { ...engine.pings[0], reply: false, lines: [] };
        expect(truthDifferences(truth(), engine)).toEqual([
            { what: 'ping A -> 198.18.1.1', kernel: 'reply\n64 bytes from 198.18.1.1: icmp_seq=1 ttl=64', engine: 'no reply' }
        ]);
    });

    test('one of each kind: each reported once, tables first, then refusals, then pings in order', () => {
        const engine = copy(truth());
        engine.routes.A = { ...engine.routes.A, ip: '' };
        engine.routes.R = { ...engine.routes.R, route: '' };
        engine.refused.length = 0;
        engine.pings[0].lines = [];
        engine.pings[1].reply = true;
        expect(truthDifferences(truth(), engine).map((difference) => difference.what)).toEqual([
            'A: ip route',
            'R: route -n',
            'refused routes',
            'ping A -> 198.18.1.1',
            'ping A -> 198.18.9.9'
        ]);
    });

    test('trailing spaces count unless both sides go through withoutTrailingSpaces', () => {
        const kernel = truth();
        const engine = copy(truth());
        engine.routes.A = { ip: kernel.routes.A.ip.replaceAll(' \n', '\n'), route: kernel.routes.A.route.replaceAll('eth0', 'eth0   ') };
        engine.pings[0].lines = [`${kernel.pings[0].lines[0]}  `];
        expect(truthDifferences(kernel, engine).map((difference) => difference.what)).toEqual(['A: ip route', 'A: route -n', 'ping A -> 198.18.1.1']);
        expect(truthDifferences(withoutTrailingSpaces(kernel), withoutTrailingSpaces(engine))).toEqual([]);
    });

    test('spaces inside a line still count', () => {
        const engine = copy(truth());
        engine.routes.A = { ...engine.routes.A, ip: engine.routes.A.ip.replace('via 198', 'via  198') };
        expect(truthDifferences(withoutTrailingSpaces(truth()), withoutTrailingSpaces(engine)).map((difference) => difference.what)).toEqual(['A: ip route']);
    });
});

describe('withoutTrailingSpaces', () => {
    test('trims every line of both tables and of every ping, keeps the rest as is', () => {
        const trimmed = withoutTrailingSpaces(truth());
        expect(trimmed.routes.A.ip).toBe('default via 198.18.1.1 dev eth0\n198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.10\n');
        expect(trimmed.routes.R.route).toBe(truth().routes.R.route);
        expect(trimmed.pings).toEqual(truth().pings);
        expect(trimmed.refused).toEqual(truth().refused);
        expect(withoutTrailingSpaces({ ...truth(), pings: [{ source: 'A', target: '198.18.1.1', reply: true, lines: ['x \t '] }] }).pings[0].lines).toEqual([
            'x'
        ]);
    });

    test('does not change its argument', () => {
        const original = truth();
        withoutTrailingSpaces(original);
        expect(original).toEqual(truth());
    });
});

describe('formatDifference', () => {
    test('what, then the kernel and nettopo versions, indented line by line', () => {
        expect(
            formatDifference({ what: 'ping A -> 198.18.9.9', kernel: 'no reply\nFrom 198.18.1.1 icmp_seq=1 Destination Net Unreachable', engine: 'reply' })
        ).toBe(
            [
                '  ping A -> 198.18.9.9',
                '    kernel:',
                '      no reply',
                '      From 198.18.1.1 icmp_seq=1 Destination Net Unreachable',
                '    nettopo:',
                '      reply'
            ].join('\n')
        );
    });

    test('an empty side reads "(nothing)"; a table\'s final newline adds no empty line', () => {
        expect(formatDifference({ what: 'R: ip route', kernel: '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1\n', engine: '' })).toBe(
            ['  R: ip route', '    kernel:', '      198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1', '    nettopo:', '      (nothing)'].join(
                '\n'
            )
        );
    });

    test('every difference truthDifferences finds formats to text naming it', () => {
        const engine = copy(truth());
        engine.refused.length = 0;
        engine.pings[1].reply = true;
        const found = truthDifferences(truth(), engine);
        expect(found).toHaveLength(2);
        expect(formatDifference(found[0])).toBe(
            [
                '  refused routes',
                '    kernel:',
                '      A: route 198.18.5.0/24 via 198.18.7.1: Error: Nexthop has invalid gateway.',
                '    nettopo:',
                '      (nothing)'
            ].join('\n')
        );
        expect(formatDifference(found[1]).split('\n')[0]).toBe('  ping A -> 198.18.9.9');
    });
});

describe('predictTruth', () => {
    test('the engine in the shape the lab measures, trimmed; it agrees with itself', async () => {
        const file = await load(net`
            switch lan 198.18.1.0/24
            host A {
              eth0 198.18.1.10/24 -- lan
              route 198.18.5.0/24 via 198.18.7.1
            }
            router R {
              eth0 198.18.1.1/24 -- lan
            }
        `);
        const pings = [
            { source: 'A', target: parseIpv4('198.18.1.1') as number },
            { source: 'R', target: parseIpv4('198.18.9.9') as number }
        ];
        const predicted = predictTruth(file.network, pings);
        expect(Object.keys(predicted.routes)).toEqual(['A', 'R']);
        expect(predicted.routes.A.ip).toBe('198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.10\n');
        expect(predicted.pings).toEqual([
            { source: 'A', target: '198.18.1.1', reply: true, lines: ['64 bytes from 198.18.1.1: icmp_seq=1 ttl=64'] },
            { source: 'R', target: '198.18.9.9', reply: false, lines: ['ping: connect: Network is unreachable'] }
        ]);
        expect(predicted.refused).toEqual([{ node: 'A', route: '198.18.5.0/24 via 198.18.7.1', error: 'Error: Nexthop has invalid gateway.' }]);
        expect(truthDifferences(predicted, predictTruth(file.network, pings))).toEqual([]);
        expect(withoutTrailingSpaces(predicted)).toEqual(predicted);
    });
});

describe('truths of different shapes', () => {
    test('a ping the engine has no prediction for is a difference, not a TypeError', () => {
        const engine = copy(truth());
        engine.pings.pop();
        const found = truthDifferences(truth(), engine);
        expect(found.map((difference) => difference.what)).toEqual(['ping A -> 198.18.9.9']);
    });

    test('a table only the engine has is a difference', () => {
        const engine = copy(truth());
        engine.routes.X = { ip: '198.18.3.0/24 dev eth0 proto kernel scope link src 198.18.3.1\n', route: routeN([]) };
        expect(truthDifferences(truth(), engine).map((difference) => difference.what)).toEqual(['X: ip route', 'X: route -n']);
    });
});
