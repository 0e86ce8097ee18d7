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

describe('a bridge whose subnet overlaps a LAN its host is on', () => {
    /** The diagnostics of a text: code, line, message. */
    async function found(text: string) {
        const file = await loadNetText(text, 'lab.net');
        return file.diagnostics.map((diagnostic) => ({ code: codeOf(diagnostic), line: diagnostic.range.start.line + 1, message: diagnostic.message }));
    }

    test("the bridge contains the LAN: one warning at the bridge line, the containers' loss; the fix narrows bridge and container", async () => {
        const text = fixture('bridge-overlap.net');
        expect((await firstPing(text)).reply).toBe(false);
        const subnetCodes = new Set(['bridge-overlaps-lan', 'subnet-on-two-interfaces', 'overlapping-subnets']);
        expect((await found(text)).filter((entry) => subnetCodes.has(entry.code))).toEqual([
            {
                code: 'bridge-overlaps-lan',
                line: 10,
                message:
                    "dh's bridge docker0 (198.18.0.0/16) overlaps 198.18.5.0/24, the subnet of dh's eth0 (lan): its container web looks for 198.18.5.20 (printer) " +
                    "on docker0, where nobody answers (dh reaches it by eth0, the longer prefix); fix: narrow docker0 to 198.18.0.1/22, clear of 198.18.5.0/24 (its containers' addresses with it)"
            }
        ]);
        expect(await fixable(text)).toContainEqual({
            code: 'bridge-overlaps-lan',
            line: 10,
            fixes: ["Narrow docker0 to 198.18.0.1/22, clear of 198.18.5.0/24 (its containers' addresses with it)"]
        });
        const fixed = await fixText(text, 'lab.net');
        expect(fixed.text).toContain('  bridge docker0 198.18.0.1/22\n');
        expect(fixed.text).toContain('  eth0 198.18.0.2/22 -- dh.docker0\n');
        expect((await firstPing(fixed.text)).reply).toBe(true);
        expect(await found(fixed.text)).toEqual([]);
    });

    test('a container the narrowed subnet would leave out: the warning, with no fix', async () => {
        const text = fixture('bridge-overlap.net').replace('host printer {', 'host db {\n  eth0 198.18.9.2/16 -- dh.docker0\n}\n\nhost printer {');
        const warning = (await found(text)).filter((entry) => entry.code === 'bridge-overlaps-lan');
        expect(warning.map((entry) => entry.message)).toEqual([
            "dh's bridge docker0 (198.18.0.0/16) overlaps 198.18.5.0/24, the subnet of dh's eth0 (lan): its containers (web, db) look for 198.18.5.20 (printer) " +
                'on docker0, where nobody answers (dh reaches it by eth0, the longer prefix)'
        ]);
        expect((await fixable(text)).filter((entry) => entry.code === 'bridge-overlaps-lan')).toEqual([]);
    });

    test('the LAN contains the bridge: the host loses the LAN hosts in the overlap too, and no narrowing helps', async () => {
        const text = net`
            switch lan 198.18.0.0/16
            host dh {
              bridge docker0 198.18.5.1/24
              eth0 198.18.0.10/16 -- lan
              sysctl net.ipv4.ip_forward = 1
              nat masquerade from 198.18.5.0/24 out !docker0
            }
            host web {
              eth0 198.18.5.2/24 -- dh.docker0
              route default via 198.18.5.1
            }
            host printer {
              eth0 198.18.5.20/16 -- lan
            }
            host nas {
              eth0 198.18.0.30/16 -- lan
            }
            ping dh -> printer
        `;
        expect((await firstPing(text)).reply).toBe(false);
        const subnetCodes = new Set(['bridge-overlaps-lan', 'subnet-on-two-interfaces', 'overlapping-subnets']);
        // The bridge comes first in its block: the warning is at its line all the same.
        expect((await found(text)).filter((entry) => subnetCodes.has(entry.code))).toEqual([
            {
                code: 'bridge-overlaps-lan',
                line: 3,
                message:
                    "dh's bridge docker0 (198.18.5.0/24) overlaps 198.18.0.0/16, the subnet of dh's eth0 (lan): dh sends 198.18.5.20 (printer) to docker0 " +
                    'by its longer prefix, where nobody answers: neither dh nor its containers reach it'
            }
        ]);
        expect((await fixable(text)).filter((entry) => entry.code === 'bridge-overlaps-lan')).toEqual([]);
    });
});

describe('a masquerade whose `out` misses the way its packets leave', () => {
    test('`out eth1` where the route leaves by eth0: the cause at the nat line, the fix rewrites its `out` (`!d0` as Docker, or eth0)', async () => {
        const text = fixture('masquerade-out.net');
        expect((await firstPing(text)).reply).toBe(false);
        const file = await loadNetText(text, 'lab.net');
        const atNat = file.diagnostics.filter((diagnostic) => diagnostic.range.start.line + 1 === 27);
        expect(atNat).toHaveLength(1);
        expect(atNat[0].message).toMatch(
            new RegExp(
                "^dh's `nat masquerade from 198\\.19\\.1\\.0/24 out eth1` does not match the packets that leave by eth0: they go on untranslated, " +
                    'and r has no route back to their sources: pings from web to 198\\.18\\.2\\.0/24 \\(r, server\\) and 198\\.18\\.1\\.1 \\(r\\) get no reply: ' +
                    'the replies are lost at r; fix: '
            )
        );
        expect(diagnosticFixes(atNat[0]).map((fix) => fix.title)).toEqual([
            "Change dh's `nat masquerade from 198.19.1.0/24 out eth1` to `nat masquerade from 198.19.1.0/24 out !d0` (its packets leave by eth0)",
            "Change dh's `nat masquerade from 198.19.1.0/24 out eth1` to `nat masquerade from 198.19.1.0/24 out eth0` (its packets leave by eth0)"
        ]);
        const fixed = await fixText(text, 'lab.net');
        // No second masquerade: the one there is repaired. server's pings in to web still need r's route back.
        expect(fixed.applied.map((fix) => fix.title)).toEqual([
            'Add `route 198.19.1.0/24 via 198.18.1.10` to r',
            "Change dh's `nat masquerade from 198.19.1.0/24 out eth1` to `nat masquerade from 198.19.1.0/24 out !d0` (its packets leave by eth0)"
        ]);
        expect(fixed.text).toContain('  route default via 198.18.1.1\n  nat masquerade from 198.19.1.0/24 out !d0\n}');
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });

    test('the rewritten `out` alone makes the container ping reply; a second masquerade is not proposed', async () => {
        const text = fixture('masquerade-out.net');
        for (const out of ['!d0', 'eth0']) expect((await firstPing(text.replace('out eth1', `out ${out}`))).reply).toBe(true);
        expect((await fixable(text)).flatMap((entry) => entry.fixes).filter((title) => title.startsWith('Add `nat'))).toEqual([]);
    });

    test('`out d0`, the bridge itself: the fix is `out !d0`', async () => {
        const text = fixture('masquerade-out.net').replace('out eth1', 'out d0');
        const fixes = (await fixable(text)).filter((entry) => entry.line === 27);
        expect(fixes).toEqual([
            {
                code: 'missing-return-route',
                line: 27,
                fixes: [
                    "Change dh's `nat masquerade from 198.19.1.0/24 out d0` to `nat masquerade from 198.19.1.0/24 out !d0` (its packets leave by eth0)",
                    "Change dh's `nat masquerade from 198.19.1.0/24 out d0` to `nat masquerade from 198.19.1.0/24 out eth0` (its packets leave by eth0)"
                ]
            }
        ]);
        const fixed = await fixText(text, 'lab.net');
        expect(fixed.text).toContain('  nat masquerade from 198.19.1.0/24 out !d0\n');
        expect((await firstPing(fixed.text)).reply).toBe(true);
    });
});
