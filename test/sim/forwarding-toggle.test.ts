import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runPings } from '../../language/src/checks/ping-checks.js';
import { loadNetText } from '../../language/src/load.js';
import { toggleForwardingEdits } from '../../language/src/views/forwarding-toggle.js';
import { net } from '../unit/net-helpers.js';

/** Toggling a node's forwarding from the simulator: an edit of the file, which the engine then simulates. */

const examples = join(import.meta.dirname, '../../examples');

/** The text after toggling `node`'s forwarding. */
async function toggled(text: string, node: string): Promise<string> {
    const file = await loadNetText(text);
    const edits = toggleForwardingEdits(file, node);
    if ('error' in edits) throw new Error(edits.error);
    return TextDocument.applyEdits(TextDocument.create('file:///t.net', 'nettopo', 1, text), [...edits.edits]);
}

describe('toggleForwardingEdits', () => {
    test("06-linux-router: turning mid's forwarding on adds the sysctl, keeps every comment, and the ping gets its reply", async () => {
        const text = readFileSync(join(examples, '06-linux-router.net'), 'utf8');
        const after = await toggled(text, 'mid');
        expect(after.split('\n').filter((line) => !text.split('\n').includes(line))).toEqual(['  sysctl net.ipv4.ip_forward = 1']);
        expect(after.replace('\n  sysctl net.ipv4.ip_forward = 1', '')).toBe(text);
        const runs = runPings((await loadNetText(after)).network);
        expect(runs[0].result.reply).toBe(true);
    });

    test('07: a forwarding node is turned off in place, and back on', async () => {
        const text = readFileSync(join(examples, '07-linux-router-forwarding.net'), 'utf8');
        const off = await toggled(text, 'mid');
        expect(off).toBe(text.replace('sysctl net.ipv4.ip_forward = 1', 'sysctl net.ipv4.ip_forward = 0'));
        expect(await toggled(off, 'mid')).toBe(text);
    });

    test('a router forwarding on one interface only is turned on everywhere: per-interface lines follow', async () => {
        const text = net`
            router r {
              eth0 10.0.0.1/24
              eth1 10.0.1.1/24
              sysctl net.ipv4.ip_forward = 0
              sysctl net.ipv4.conf.eth1.forwarding = 1
            }
        `;
        expect(await toggled(text, 'r')).toBe(text.replace('ip_forward = 0', 'ip_forward = 1'));
        const mixed = text.replace('conf.eth1.forwarding = 1', 'conf.eth1.forwarding = 0').replace('ip_forward = 0', 'ip_forward = 1');
        expect(await toggled(mixed, 'r')).toBe(mixed.replace('conf.eth1.forwarding = 0', 'conf.eth1.forwarding = 1'));
    });

    test('an unknown node is an error, not an edit', async () => {
        const file = await loadNetText('host a {\n  eth0 10.0.0.1/24\n}\n');
        expect(toggleForwardingEdits(file, 'b')).toEqual({ error: "no host or router is named 'b'" });
    });
});
