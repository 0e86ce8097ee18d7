import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runPings } from '../../language/src/checks/ping-checks.js';
import { loadNetText } from '../../language/src/load.js';
import type { MatrixView, PingOutcome } from '../../language/src/lsp/net-protocol.js';
import type { PingResult } from '../../language/src/engine/ping.js';
import { buildMatrixView, pingOutcome } from '../../language/src/views/matrix-view.js';
import { net } from '../unit/net-helpers.js';

/** The reachability matrix classifies real simulated pings of the examples by what `ping -c 1` shows. */

const examples = join(import.meta.dirname, '../../examples');

async function matrixOf(name: string): Promise<MatrixView> {
    return buildMatrixView(await loadNetText(readFileSync(join(examples, name), 'utf8'), name));
}

/** The cell of `source` pinging `address`. */
function cell(view: MatrixView, source: string, address: string): PingOutcome {
    const row = view.sources.indexOf(source);
    const column = view.targets.findIndex((target) => target.address === address);
    expect(row >= 0 && column >= 0, `${source} -> ${address} is in the matrix`).toBe(true);
    return view.cells[row][column];
}

async function outcomesOfPingLines(text: string): Promise<PingOutcome[]> {
    return runPings((await loadNetText(text)).network).map((run) => pingOutcome(run.result as PingResult));
}

const exampleText = (name: string) => readFileSync(join(examples, name), 'utf8');

describe('buildMatrixView', () => {
    test('rows are the nodes, columns every interface address, in declaration order', async () => {
        const view = await matrixOf('04-both-ways.net');
        expect(view.sources).toEqual(['alice', 'gw', 'carol']);
        expect(view.targets).toEqual([
            { address: '192.168.10.21', node: 'alice', device: 'eth0' },
            { address: '192.168.10.1', node: 'gw', device: 'eth0' },
            { address: '192.168.20.1', node: 'gw', device: 'eth1' },
            { address: '192.168.20.30', node: 'carol', device: 'eth0' }
        ]);
        // Routes both ways: every node reaches every address.
        expect(view.cells.flat()).toEqual(Array(12).fill('reply'));
    });

    test("02: no route is a connect error; 03: the lost reply is silence, the router's near side replies", async () => {
        const two = await matrixOf('02-no-route.net');
        expect(cell(two, 'alice', '192.168.20.30')).toBe('no-route');
        expect(cell(two, 'alice', '192.168.20.1')).toBe('no-route');
        expect(cell(two, 'alice', '192.168.10.1')).toBe('reply');
        expect(cell(two, 'carol', '192.168.10.21')).toBe('no-route');
        const three = await matrixOf('03-one-way-route.net');
        expect(cell(three, 'alice', '192.168.20.30')).toBe('silent');
        expect(cell(three, 'carol', '192.168.10.21')).toBe('no-route');
        expect(cell(three, 'alice', '192.168.20.1')).toBe('reply');
    });

    test('06: a host that does not forward drops silently, but answers for its far address (weak host model)', async () => {
        const view = await matrixOf('06-linux-router.net');
        expect(cell(view, 'alice', '192.168.20.30')).toBe('silent');
        expect(cell(view, 'alice', '192.168.20.1')).toBe('reply');
        expect(cell(view, 'carol', '192.168.10.21')).toBe('silent');
    });

    test('10: strict rp_filter drops silently; loose lets it through', async () => {
        const view = await matrixOf('10-rp-filter.net');
        expect(cell(view, 'alice', '192.168.20.10')).toBe('reply');
        expect(cell(view, 'alice', '192.168.40.10')).toBe('silent');
        expect(cell(view, 'alice', '192.168.40.20')).toBe('reply');
    });
});

describe('pingOutcome', () => {
    test("11-reject-routes: the router's reject routes answer with errors, the pinger's own refuse to connect", async () => {
        expect(await outcomesOfPingLines(exampleText('11-reject-routes.net'))).toEqual([
            'silent',
            'host-unreachable',
            'filtered',
            'no-route',
            'no-route',
            'no-route'
        ]);
    });

    test('09-routing-loop: the TTL runs out; 12-redirect: an unanswered ARP on the far side is host unreachable', async () => {
        expect(await outcomesOfPingLines(exampleText('09-routing-loop.net'))).toEqual(['ttl-exceeded', 'reply']);
        expect(await outcomesOfPingLines(exampleText('12-redirect.net'))).toEqual(['reply', 'host-unreachable']);
    });

    test('a router without a route answers net unreachable; an error that cannot come back is silence', async () => {
        // r2 has no route for 10.8.0.1, and none back to h for its error.
        expect(
            await outcomesOfPingLines(net`
            switch a 10.0.1.0/24
            switch b 10.0.2.0/24
            host h {
              eth0 10.0.1.5/24 -- a
              route default via 10.0.1.1
            }
            router r {
              eth0 10.0.1.1/24 -- a
              eth1 10.0.2.1/24 -- b
              route 10.8.0.0/16 via 10.0.2.2
            }
            router r2 {
              eth0 10.0.2.2/24 -- b
            }
            host far {
              eth0 10.0.2.5/24 -- b
              route 10.9.0.0/16 via 10.0.2.1
            }
            ping h -> 10.9.0.1 fails
            ping far -> 10.9.0.1 fails
            ping h -> 10.8.0.1 fails
            ping far -> 10.0.1.5 fails
        `)
        ).toEqual(['net-unreachable', 'net-unreachable', 'silent', 'no-route']);
    });
});
