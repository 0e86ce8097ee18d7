import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { simulatePingTo } from '../../language/src/engine/name-ping.js';
import { loadNetText } from '../../language/src/load.js';

/**
 * Half-typed files are what an editor sees most: every prefix of every example (cut every few
 * characters) must load, validate and simulate without throwing.
 */
const dir = join(import.meta.dirname, '../../examples');
const examples = readdirSync(dir).filter((file) => file.endsWith('.net'));

test.each(examples)('every prefix of %s loads without an exception', async (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    for (let end = 0; end <= text.length; end += 5) {
        const { network, diagnostics } = await loadNetText(text.slice(0, end), file);
        expect(
            diagnostics.filter((diagnostic) => diagnostic.message.includes('An error occurred')),
            `cut at ${end}`
        ).toEqual([]);
        for (const ping of network.topology.pings) simulatePingTo(network, ping.source, ping);
    }
});

test.each(['lab.txt', 'LAB.NET', 'stdin', 'Untitled-1'])('a document named %s is a nettopo document', async (name) => {
    const { diagnostics, topology } = await loadNetText('switch lan 198.18.0.0/24\nhost a {\n  eth0 198.18.0.1/24 -- lan\n}\n', name);
    expect(diagnostics).toEqual([]);
    expect(topology.nodes.map((node) => node.name)).toEqual(['a']);
});
