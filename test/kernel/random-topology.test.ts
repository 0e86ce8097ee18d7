import { describe, expect, test } from 'vitest';
import { checkLabAddresses } from '../../language/src/kernel/address-guard.js';
import { loadNetText } from '../../language/src/load.js';
import { randomTopology } from './random-topology.js';

/** The generator itself: the differential test relies on its topologies being valid and repeatable. */
const BROKEN = ['lexing-error', 'parsing-error', 'linking-error'];

describe('random topologies', () => {
    test.each(Array.from({ length: 50 }, (_, index) => index + 1))('seed %i parses, stays in 198.18.0.0/15 and has 8 pings', async seed => {
        const text = randomTopology(seed);
        expect(randomTopology(seed)).toBe(text);
        expect(text.split('\n')[0]).toBe(`# random topology, seed ${seed}`);
        const { topology, diagnostics } = await loadNetText(text);
        const broken = diagnostics.filter(diagnostic => BROKEN.includes((diagnostic.data as { code?: string } | undefined)?.code ?? ''));
        expect(broken.map(diagnostic => diagnostic.message)).toEqual([]);
        expect(topology.pings).toHaveLength(8);
        expect(() => checkLabAddresses(topology, topology.pings.map(ping => ping.target))).not.toThrow();
    });
});
