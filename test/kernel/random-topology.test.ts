import { describe, expect, test } from 'vitest';
import { checkLabAddresses } from '../../language/src/kernel/address-guard.js';
import { loadNetText } from '../../language/src/load.js';
import { randomContainerLab } from './random-containers.js';
import { randomTopology } from './random-topology.js';

/** The generator itself: the differential test relies on its topologies being valid and repeatable. */
const BROKEN = ['lexing-error', 'parsing-error', 'linking-error'];

describe('random topologies', () => {
    test.each(Array.from({ length: 50 }, (_, index) => index + 1))('seed %i parses, stays in 198.18.0.0/15 and has 8 pings', async (seed) => {
        const text = randomTopology(seed);
        expect(randomTopology(seed)).toBe(text);
        expect(text.split('\n')[0]).toBe(`# random topology, seed ${seed}`);
        const { topology, diagnostics } = await loadNetText(text);
        const broken = diagnostics.filter((diagnostic) => BROKEN.includes((diagnostic.data as { code?: string } | undefined)?.code ?? ''));
        expect(broken.map((diagnostic) => diagnostic.message)).toEqual([]);
        expect(topology.pings).toHaveLength(8);
        expect(() =>
            checkLabAddresses(
                topology,
                topology.pings.flatMap((ping) => (ping.target === undefined ? [] : [ping.target]))
            )
        ).not.toThrow();
    });
});

describe('random container labs', () => {
    test.each(Array.from({ length: 50 }, (_, index) => index + 1))(
        'seed %i parses, stays in 198.18.0.0/15, has bridges, containers and 10 pings',
        async (seed) => {
            const text = randomContainerLab(seed);
            expect(randomContainerLab(seed)).toBe(text);
            expect(text.split('\n')[0]).toBe(`# random container lab, seed ${seed}`);
            const { topology, diagnostics } = await loadNetText(text);
            const errors = diagnostics.filter(
                (diagnostic) => (diagnostic.severity ?? 1) === 1 && (diagnostic.data as { code?: string } | undefined)?.code !== 'ping-expectation'
            );
            expect(errors.map((diagnostic) => diagnostic.message)).toEqual([]);
            expect(topology.pings).toHaveLength(10);
            expect(topology.nodes.some((node) => node.interfaces.some((iface) => iface.bridge))).toBe(true);
            expect(topology.nodes.some((node) => node.interfaces.some((iface) => iface.link?.kind === 'bridge'))).toBe(true);
            expect(() =>
                checkLabAddresses(
                    topology,
                    topology.pings.flatMap((ping) => (ping.target === undefined ? [] : [ping.target]))
                )
            ).not.toThrow();
        }
    );

    test('over 50 seeds, every kind of statement the generator knows appears', () => {
        const texts = Array.from({ length: 50 }, (_, index) => randomContainerLab(index + 1)).join('\n');
        for (const statement of [
            'nat masquerade',
            'out !d0',
            'to !',
            'filter forward policy drop',
            'state established,related',
            'filter forward reject',
            'filter input',
            'filter output',
            'filter input policy drop',
            'bridge-nf-call-iptables = 0',
            'bridge d1'
        ]) {
            expect(texts, statement).toContain(statement);
        }
    });
});
