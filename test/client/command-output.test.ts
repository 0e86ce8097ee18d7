import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { pingOutput, routeTableOutputs, wrapWords } from '../../client/src/command-output.js';
import { loadNetText, type LoadedFile } from '../../language/src/load.js';
import type { PingView } from '../../language/src/lsp/net-protocol.js';
import { buildPingView } from '../../language/src/views/ping-view.js';
import { buildTopologyView } from '../../language/src/views/topology-view.js';

/** What the node terminals print, laid out from the server's real views of the examples. */
async function example(name: string): Promise<LoadedFile> {
    return loadNetText(readFileSync(join(import.meta.dirname, '../../examples', name), 'utf8'), name);
}

async function ping(name: string, source: string, target: string): Promise<PingView> {
    const view = buildPingView(await example(name), source, target);
    if ('error' in view) throw new Error(view.error);
    return view;
}

// Colours are for the terminal; the tests read the text.
// eslint-disable-next-line no-control-regex -- the terminal's colour codes (ESC [ ... m) are what is stripped
const plain = (lines: readonly string[]) => lines.map((line) => line.replace(/\x1b\[[0-9;]*m/g, ''));

describe('Run ping output', () => {
    test("is the command, ping's own lines, the trace hop by hop and the verdict", async () => {
        const view = await ping('03-one-way-route.net', 'alice', 'carol');
        const output = pingOutput(view, { trace: true });
        expect(output.command).toBe('ping -c 1 192.168.20.30');
        const lines = plain(output.lines);
        expect(lines.slice(0, view.transcript.length)).toEqual(view.transcript);
        const header = lines.indexOf('--- hop by hop (nettopo) ---');
        expect(lines.slice(view.transcript.length, header).every((line) => line === '')).toBe(true);
        const steps = lines.slice(header + 1, -2);
        expect(steps.filter((line) => /^ *\d+\. /.test(line))).toHaveLength(view.steps.length);
        view.steps.forEach((step, index) => expect(steps.find((line) => line.startsWith(`${`${index + 1}.`.padStart(3)}  ${step.node}`))).toContain(step.text));
        const stop = view.steps.find((step) => step.stop)!;
        expect(steps.some((line) => line.trim() === `stops here: ${stop.stop}`)).toBe(true);
        expect(lines.at(-2)).toBe(view.verdict);
        expect(lines.at(-1)).toBe(`  ${view.explanation}`);
    });

    test("without the trace it is ping's lines and the verdict", async () => {
        const view = await ping('04-both-ways.net', 'alice', 'carol');
        expect(plain(pingOutput(view, { trace: false }).lines)).toEqual([...view.transcript, '✓ reply, ttl=63']);
    });

    test('a ping that sends nothing says so in the trace', async () => {
        const view = await ping('02-no-route.net', 'alice', 'carol');
        expect(view.steps).toEqual([]);
        const lines = plain(pingOutput(view, { trace: true }).lines);
        expect(lines).toContain('ping: connect: Network is unreachable');
        expect(lines).toContain('no packet was sent');
    });
});

describe("wrapping to the terminal's width", () => {
    test("each hop's explanation wraps under itself, within the columns", async () => {
        const view = await ping('03-one-way-route.net', 'alice', 'carol');
        const lines = plain(pingOutput(view, { trace: true, columns: 60 }).lines);
        // ping's own lines are left as ping prints them; the terminal wraps those.
        const trace = lines.slice(lines.indexOf('--- hop by hop (nettopo) ---'));
        expect(
            trace.every((line) => line.length <= 60),
            trace.join('\n')
        ).toBe(true);
        const first = lines.findIndex((line) => line.startsWith(' 1.  alice'));
        const column = lines[first].indexOf('alice sends');
        expect(lines[first + 1].slice(0, column).trim()).toBe('');
        expect(lines[first + 1][column]).not.toBe(' ');
        // Nothing is lost: the words are the step's.
        const unwrapped = plain(pingOutput(view, { trace: true }).lines);
        expect(lines.join(' ').split(/\s+/)).toEqual(unwrapped.join(' ').split(/\s+/));
    });

    test('words stay whole; a word longer than the line keeps a line of its own', () => {
        expect(wrapWords('one two three four five six seven eight nine', 20)).toEqual(['one two three four', 'five six seven eight', 'nine']);
        expect(wrapWords('a 0123456789012345678901234 b', 20)).toEqual(['a', '0123456789012345678901234', 'b']);
        expect(wrapWords('too narrow to wrap', 10)).toEqual(['too narrow to wrap']);
    });
});

describe('Route table output', () => {
    test('is ip route, then route -n, line by line as the printers give them', async () => {
        const topology = buildTopologyView(await example('03-one-way-route.net'));
        const alice = topology.nodes.find((node) => node.name === 'alice')!;
        const [ipRoute, routeN] = routeTableOutputs(alice);
        expect(ipRoute.command).toBe('ip route');
        expect(ipRoute.lines.join('\n')).toBe(alice.ipRoute.replace(/\n$/, ''));
        expect(ipRoute.lines).toEqual(['192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.21 ', '192.168.20.0/24 via 192.168.10.1 dev eth0 ']);
        expect(routeN.command).toBe('route -n');
        expect(routeN.lines[0]).toBe('Kernel IP routing table');
        expect(routeN.lines).toHaveLength(4);
    });
});
