import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseIpv4 } from '../../language/src/address/ipv4.js';
import { formatIpRoutes, formatRouteN } from '../../language/src/engine/route-format.js';
import { loadTexts } from '../../language/src/cli/cli-support.js';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';
import { net, reported } from './net-helpers.js';

/**
 * `routes from "FILE"`: a node's main table read from an `ip route show` dump, through the file
 * system of the services (Node's for a file on disk, none for text in memory), relative to the
 * `.net` file; what the file says wrong, on the `routes from` line with the file's line number.
 */

let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nettopo-routes-from-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the files (name → text) into the test's folder and loads `lab.net` from disk. */
async function loadLab(files: Record<string, string>): Promise<LoadedFile> {
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    const [file] = await loadTexts([{ path: join(dir, 'lab.net'), text: files['lab.net'] }]);
    return file;
}

const lab = (routes = '"r1.routes"') => net`
    switch lan 198.18.1.0/24
    router r1 {
      eth0 198.18.1.1/24 -- lan
      eth1 198.18.2.1/24 -- far.eth0
      routes from ${routes}
    }
    router far {
      eth0 198.18.2.2/24
      eth1 198.19.0.1/24
      route 198.18.1.0/24 via 198.18.2.1
    }
    host h {
      eth0 198.18.1.10/24 -- lan
      route default via 198.18.1.1
    }
    ping h -> 198.19.0.1
`;

/** A dump as `ip route show` printed it on r1 (iproute2 ends each line with a space). */
const DUMP = [
    'default via 198.18.2.2 dev eth1 proto static metric 100 ',
    '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 ',
    '198.18.2.0/24 dev eth1 proto kernel scope link src 198.18.2.1 ',
    '198.19.0.0/16 proto bgp metric 20 ',
    '\tnexthop via 198.18.2.2 dev eth1 weight 1 ',
    '\tnexthop via 198.18.1.10 dev eth0 weight 2 ',
    'blackhole 198.19.5.0/24 ',
    '198.19.8.8 via 198.18.1.10 dev eth0 ',
    '198.19.9.0/24 via 198.19.200.1 dev eth0 onlink ',
    '198.19.10.0/24 dev eth1 scope link mtu 1400 ',
    ''
].join('\n');

describe('a dump read into the node', () => {
    test('the table prints back as ip route show printed it, and routes the node’s packets', async () => {
        const file = await loadLab({ 'lab.net': lab(), 'r1.routes': DUMP });
        expect(reported(file).filter((entry) => entry.severity === 'error')).toEqual([]);
        const r1 = file.network.nodes.get('r1')!;
        expect(formatIpRoutes(r1.table)).toBe(DUMP);
        // h's ping goes by r1's route file: the multipath route's first nexthop, far.
        expect(file.pingRuns.map((run) => run.result.lines)).toEqual([['64 bytes from 198.19.0.1: icmp_seq=1 ttl=63']]);
        const via = r1.table.lookup(parseIpv4('198.19.9.1') as number);
        expect(via.kind === 'route' && via.route.gateway).toBe(parseIpv4('198.19.200.1'));
    });

    test('multipath routes are said once, on the routes from line', async () => {
        const file = await loadLab({ 'lab.net': lab(), 'r1.routes': DUMP });
        const multipath = reported(file).filter((entry) => entry.code === 'route-file-multipath');
        expect(multipath).toEqual([
            {
                line: 5,
                severity: 'info',
                code: 'route-file-multipath',
                message:
                    'r1.routes has 1 multipath route (the first on line 4): the kernel picks one nexthop per flow by a hash whose seed is random at boot, which no file says; nettopo sends by the first nexthop'
            }
        ]);
    });

    test('a path relative to the .net file, in a folder', async () => {
        const file = await loadLab({ 'lab.net': lab('"tables/r1.routes"'), 'tables/r1.routes': '198.19.8.8 via 198.18.1.10 dev eth0 \n' });
        expect(formatIpRoutes(file.network.nodes.get('r1')!.table)).toContain('198.19.8.8 via 198.18.1.10 dev eth0 \n');
    });
});

describe('what is wrong, on the routes from line with the file’s line', () => {
    const errors = async (dump: string) =>
        reported(await loadLab({ 'lab.net': lab(), 'r1.routes': dump }))
            .filter((entry) => entry.severity === 'error' && entry.code !== 'ping-expectation')
            .map(({ line, code, message }) => ({ line, code, message }));

    test('a gateway on no connected subnet, as ip route add refuses it', async () => {
        expect(await errors('198.19.30.0/24 via 10.0.0.1 dev eth0\n')).toEqual([
            {
                line: 5,
                code: 'route-refused',
                message:
                    'r1.routes line 1: ip route add refuses this route: Error: Nexthop has invalid gateway. (10.0.0.1 is not inside a subnet r1 is directly connected to on that interface)'
            }
        ]);
    });

    test('a connected route no address of the node makes', async () => {
        const [error] = await errors(
            '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 \n198.18.7.0/24 dev eth1 proto kernel scope link src 198.18.7.1 \n'
        );
        expect(error).toMatchObject({ line: 5, code: 'route-refused' });
        expect(error.message).toMatch(/^r1.routes line 2: .*no address of r1 makes this connected route: r1.eth1 needs the address 198.18.7.1\/24/);
    });

    test('a line that does not read, and a duplicate', async () => {
        expect(await errors('198.19.1.0/24 via 198.18.1.10 tos 4\n198.19.2.0/24 via 198.18.1.10\n198.19.2.0/24 via 198.18.2.2\n')).toEqual([
            {
                line: 5,
                code: 'route-refused',
                message:
                    'r1.routes line 3: ip route add refuses this route: RTNETLINK answers: File exists (r1 already has a route to this destination with this metric; add a different `metric` to keep both)'
            },
            {
                line: 5,
                code: 'route-file-line',
                message: 'r1.routes line 1: tos: a route for one TOS value changes which packets it takes, and nettopo does not model TOS'
            }
        ]);
    });

    test('a missing file, a folder, an empty path', async () => {
        expect(await errors('')).toEqual([]);
        mkdirSync(join(dir, 'folder.routes'), { recursive: true });
        const lines = (await loadLab({ 'lab.net': `${lab('"nothing.routes"')}host x {\n  routes from "folder.routes"\n  routes from ""\n}\n` })).diagnostics
            .filter((diagnostic) => diagnostic.code === 'route-file-unreadable')
            .map((diagnostic) => diagnostic.message);
        expect(lines).toEqual([
            'there is no file "nothing.routes" (the path is relative to this file)',
            '"folder.routes" is a directory, not a route file',
            'routes from needs the path of a route file, in double quotes: routes from "r1.routes"'
        ]);
    });

    test('a path without quotes, or none: said on the line, not a parse error at from', async () => {
        const file = await loadNetText('router r {\n  routes from r1.routes\n  routes from\n}\n', 'lab.net');
        expect(reported(file).filter((entry) => entry.code === 'route-file-unreadable')).toEqual(
            [2, 3].map((line) => ({
                line,
                severity: 'error',
                code: 'route-file-unreadable',
                message: 'routes from needs the path of a route file, in double quotes: routes from "r1.routes"'
            }))
        );
    });

    test('text in memory reads no file: said so, not a crash', async () => {
        const file = await loadNetText(lab(), 'lab.net');
        expect(reported(file).filter((entry) => entry.code === 'route-file-unreadable')).toEqual([
            {
                line: 5,
                severity: 'error',
                code: 'route-file-unreadable',
                message: 'cannot read files in this editor host: "r1.routes" is not loaded (open the folder in a desktop editor, or use the nettopo CLI)'
            }
        ]);
    });

    test('a file with thousands of bad routes shows the first twenty and counts the rest', async () => {
        const dump = Array.from({ length: 1000 }, (_, index) => `198.19.${index >> 8}.${index & 255} via 10.0.0.1\n`).join('');
        const onLine = reported(await loadLab({ 'lab.net': lab(), 'r1.routes': dump })).filter((entry) => entry.line === 5);
        expect(onLine).toHaveLength(21);
        expect(onLine.at(-1)!.message).toBe('r1.routes: 980 more problems with its routes, beyond the 20 shown');
    });
});

describe('a big table, summarized where a person reads it', () => {
    test('the connected and default routes, the first ten others, and how many more; whole without a limit', async () => {
        const dump = `${DUMP}${Array.from({ length: 200 }, (_, index) => `198.20.${index}.0/24 via 198.18.2.2 dev eth1 proto bgp metric 20 \n`).join('')}`;
        const table = (await loadLab({ 'lab.net': lab(), 'r1.routes': dump })).network.nodes.get('r1')!.table;
        const summary = formatIpRoutes(table, 50).split('\n');
        expect(summary.slice(0, 3)).toEqual([
            'default via 198.18.2.2 dev eth1 proto static metric 100 ',
            '198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 ',
            '198.18.2.0/24 dev eth1 proto kernel scope link src 198.18.2.1 '
        ]);
        expect(summary.at(-2)).toBe(`… ${table.entries.length - 13} more routes`);
        expect(formatRouteN(table, 50).split('\n')).toHaveLength(2 + 13 + 2);
        expect(formatIpRoutes(table)).toBe(dump);
    });
});
