import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { parseHelper } from 'langium/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Topology } from '../../language/src/generated/ast.js';
import { createNetServices } from '../../language/src/net-module.js';
import { net } from '../unit/net-helpers.js';
import { at, offsetOf } from './lsp-helpers.js';

/**
 * Hovers on a node whose table comes from a route file, in a server that reads files (Node's file
 * system, as the desktop editor's server has): a big table summarized, the `routes from` line's counts.
 */
const { Net: services } = createNetServices(NodeFileSystem);
const parse = parseHelper<Topology>(services);
let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nettopo-routes-hover-'));
    const bgp = Array.from({ length: 120 }, (_, index) => `198.19.${index}.0/24 via 198.18.1.2 dev eth0 proto bgp metric 20 \n`).join('');
    writeFileSync(
        join(dir, 'r1.routes'),
        `default via 198.18.1.2 dev eth0 proto static \n198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 \n${bgp}`
    );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let documents = 0;

async function hoverAt(needle: string, shift: number): Promise<string> {
    const text = net`
        router r1 {
          eth0 198.18.1.1/24
          routes from "r1.routes"
        }
    `;
    const document = await parse(text, { documentUri: URI.file(join(dir, `lab${++documents}.net`)).toString(), validation: true });
    const hover = await services.lsp.HoverProvider!.getHoverContent(document, at(document, offsetOf(document, needle, shift)));
    return hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
}

describe('a table from a route file, hovered', () => {
    test('the node: the size, the connected and default routes, the first ten, and how many more', async () => {
        const value = await hoverAt('router r1', 8);
        expect(value).toContain('`ip route` — 122 routes; its connected and default routes and the first 10 others:');
        expect(value).toContain(
            'default via 198.18.1.2 dev eth0 proto static \n198.18.1.0/24 dev eth0 proto kernel scope link src 198.18.1.1 \n198.19.0.0/24 via'
        );
        expect(value).toContain('198.19.9.0/24 via 198.18.1.2 dev eth0 proto bgp metric 20 \n… 110 more routes\n');
        expect(value).not.toContain('198.19.10.0/24');
    });

    test('the routes from line: what its file gave the node', async () => {
        expect(await hoverAt('"r1.routes"', 2)).toBe(
            "**routes from** `r1.routes` — 122 routes into `r1`'s main table: 1 connected (made by r1's addresses, checked against them), 0 multipath (sent by the first nexthop), 0 refused by `ip route add`. The node's hover shows the table."
        );
    });
});
