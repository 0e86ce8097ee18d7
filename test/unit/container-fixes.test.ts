import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { simulatePingTo } from '../../language/src/engine/name-ping.js';
import { diagnosticFixes } from '../../language/src/fixes/diagnostic-fixes.js';
import { fixText } from '../../language/src/fixes/fix-text.js';
import { loadNetText } from '../../language/src/load.js';
import { codeOf, net } from './net-helpers.js';

/**
 * The container causes, each with its diagnostic and the fix that repairs it: the fixed text's
 * `ping` gets a reply in the engine (test/kernel/container-fixes.test.ts shows the kernel agrees).
 */

const fixtures = join(import.meta.dirname, '../fixtures/container-fixes');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** The first `ping` line of the text, simulated. */
async function firstPing(text: string) {
    const file = await loadNetText(text, 'lab.net');
    const ping = file.network.topology.pings[0];
    return simulatePingTo(file.network, ping.source, ping);
}

/** The diagnostics with a fix: code, line, fix titles. */
async function fixable(text: string) {
    const file = await loadNetText(text, 'lab.net');
    return file.diagnostics
        .filter((diagnostic) => diagnosticFixes(diagnostic).length)
        .map((diagnostic) => ({ code: codeOf(diagnostic), line: diagnostic.range.start.line + 1, fixes: diagnosticFixes(diagnostic).map((fix) => fix.title) }));
}

describe('a FORWARD policy that drops what a ping needs', () => {
    test('the cause is on the policy line, with an accept rule for its interfaces; the reply then gets its own', async () => {
        const text = fixture('forward-drop.net');
        expect((await firstPing(text)).reply).toBe(false);
        expect(await fixable(text)).toContainEqual({
            code: 'unreachable-destination',
            line: 15,
            fixes: ['Add `filter forward accept in d0 out eth0` to dh (its FORWARD policy drops)']
        });
        const fixed = await fixText(text, 'lab.net');
        expect(fixed.applied.map((fix) => fix.title)).toEqual([
            'Add `filter forward accept in d0 out eth0` to dh (its FORWARD policy drops)',
            'Add `filter forward accept out d0 state established,related` to dh (its FORWARD policy drops)'
        ]);
        expect(fixed.text).toContain(
            '  filter forward policy drop\n  filter forward accept in d0 out eth0\n  filter forward accept out d0 state established,related\n'
        );
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });

    test('a dropping rule gets the accept rule right before it', async () => {
        const text = fixture('forward-drop.net').replace('filter forward policy drop', 'filter forward drop in d0');
        const fixed = await fixText(text, 'lab.net');
        expect(fixed.applied.map((fix) => fix.title)).toEqual(['Add `filter forward accept in d0 out eth0` to dh before its rule `filter forward drop in d0`']);
        expect(fixed.text).toContain('  filter forward accept in d0 out eth0\n  filter forward drop in d0\n');
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });

    test('an INPUT policy that drops the echo request to the host', async () => {
        const text = net`
            switch lan 198.18.1.0/24
            host server {
              eth0 198.18.1.80/24 -- lan
              filter input policy drop
            }
            host alice {
              eth0 198.18.1.21/24 -- lan
            }
            ping alice -> server
        `;
        const fixed = await fixText(text, 'lab.net');
        expect(fixed.applied.map((fix) => fix.title)).toEqual(['Add `filter input accept in eth0` to server (its INPUT policy drops)']);
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });

    test('a drop a `ping ... fails` expects is a note, with no fix (an isolation stays)', async () => {
        const text = fixture('forward-drop.net').replace('ping web -> server', 'ping web -> server fails');
        const file = await loadNetText(text, 'lab.net');
        const notes = file.diagnostics.filter((diagnostic) => diagnostic.range.start.line + 1 === 15);
        expect(notes.map((diagnostic) => [diagnostic.severity, diagnosticFixes(diagnostic).length])).toEqual([[3, 0]]);
        expect(notes[0].message).toContain('as `ping web -> server fails` expects');
        expect((await fixText(text, 'lab.net')).applied).toEqual([]);
    });
});

describe('a container without a default route', () => {
    test('its ping out is refused at connect: the diagnostic on the container, the fix its bridge as gateway', async () => {
        const text = fixture('no-default.net');
        expect((await firstPing(text)).lines).toEqual(['ping: connect: Network is unreachable']);
        expect(await fixable(text)).toEqual([
            { code: 'container-no-default-route', line: 17, fixes: ['Add `route default via 198.19.2.1` to web (its bridge dh.d0)'] }
        ]);
        const fixed = await fixText(text, 'lab.net');
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });
});

describe('a container host that does not forward', () => {
    test('the forwarding cause fires for it, with the ip_forward fix', async () => {
        const text = fixture('forwarding-off.net');
        expect((await fixable(text)).map((entry) => entry.fixes)).toContainEqual(['Add `sysctl net.ipv4.ip_forward = 1` to dh']);
        const fixed = await fixText(text, 'lab.net');
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });
});

describe('a container pinging past its host, with no route back on the far side', () => {
    test('the masquerade on the bridge host comes first, the route back on the router second; the fixed ping replies', async () => {
        const text = fixture('no-route-back.net');
        expect((await firstPing(text)).reply).toBe(false);
        expect(await fixable(text)).toContainEqual({
            code: 'missing-return-route',
            line: 8,
            fixes: ['Add `nat masquerade from 198.19.1.0/24 out !d0` to dh (as Docker does)', 'Add `route 198.19.1.0/24 via 198.18.1.10` to r']
        });
        const fixed = await fixText(text, 'lab.net');
        // The masquerade repairs web's pings out; server's pings in to web still need the route back (Docker would publish a port).
        expect(fixed.applied.map((fix) => fix.title)).toEqual([
            'Add `nat masquerade from 198.19.1.0/24 out !d0` to dh (as Docker does)',
            'Add `route 198.19.1.0/24 via 198.18.1.10` to r'
        ]);
        expect(fixed.text).toContain('  route default via 198.18.1.1\n  nat masquerade from 198.19.1.0/24 out !d0\n');
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });

    test("the masquerade alone makes the container's ping reply", async () => {
        const text = fixture('no-route-back.net').replace(
            '  route default via 198.18.1.1\n',
            '  route default via 198.18.1.1\n  nat masquerade from 198.19.1.0/24 out !d0\n'
        );
        expect((await firstPing(text)).reply).toBe(true);
    });
});
