import { describe, expect, test } from 'vitest';
import { networkOf } from '../../language/src/address/ipv4.js';
import type { RouteType } from '../../language/src/model/topology.js';
import { RouteTable, type RouteEntry } from '../../language/src/engine/route-table.js';
import { prng } from '../support/prng.js';

/**
 * The route table's prefix index against the definition it must keep: of the entries whose
 * prefix holds the address (and that the filter accepts), the longest prefix, then the lowest
 * metric, then the first added. The linear scan below is that definition, and lives only here and
 * in the benchmark.
 */
function linearScan(entries: readonly RouteEntry[], address: number, accept: (entry: RouteEntry) => boolean = () => true): RouteEntry | undefined {
    let best: RouteEntry | undefined;
    for (const entry of entries) {
        if (networkOf(address, entry.length) !== entry.destination || !accept(entry)) continue;
        if (!best || entry.length > best.length || (entry.length === best.length && entry.metric < best.metric)) best = entry;
    }
    return best;
}

const TYPES: RouteType[] = ['unicast', 'unicast', 'unicast', 'blackhole', 'unreachable', 'prohibit'];
const DEVICES = ['eth0', 'eth1', 'eth2'];

/** A table of `size` entries crowded into a few regions so that prefixes overlap and repeat; /0 and /32 included. */
function randomTable(seed: number, size: number): { table: RouteTable; entries: RouteEntry[]; regions: number[] } {
    const random = prng(seed);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
    const regions = Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * 2 ** 32));
    const table = new RouteTable();
    const entries: RouteEntry[] = [];
    for (let index = 0; index < size; index++) {
        const roll = random();
        const length = roll < 0.05 ? 0 : roll < 0.15 ? 32 : Math.floor(random() * 33);
        // Near a region: the low bits vary, so prefixes nest inside each other and share addresses.
        const address = (pick(regions) ^ Math.floor(random() * 2 ** Math.floor(random() * 33))) >>> 0;
        const type = pick(TYPES);
        const entry: RouteEntry = {
            destination: networkOf(address, length),
            length,
            type,
            device: type === 'unicast' ? pick(DEVICES) : undefined,
            metric: pick([0, 0, 10, 20, 100]),
            proto: 'boot',
            scope: random() < 0.5 ? 'link' : 'universe'
        };
        table.add(entry);
        entries.push(entry);
    }
    return { table, entries, regions };
}

/** Addresses to ask about: near the regions, each prefix's first and last address, and anywhere. */
function probes(seed: number, entries: readonly RouteEntry[], regions: readonly number[]): number[] {
    const random = prng(seed);
    const addresses: number[] = [0, 0xffffffff];
    for (const entry of entries) {
        addresses.push(entry.destination, (entry.destination + 2 ** (32 - entry.length) - 1) >>> 0);
    }
    for (let index = 0; index < 300; index++) {
        const region = regions[index % regions.length];
        addresses.push((region ^ Math.floor(random() * 2 ** Math.floor(random() * 33))) >>> 0, Math.floor(random() * 2 ** 32));
    }
    return addresses;
}

const FILTERS: Record<string, (entry: RouteEntry) => boolean> = {
    'bound to eth1': (entry) => entry.type !== 'unicast' || entry.device === 'eth1',
    'scope link on eth0': (entry) => entry.scope === 'link' && entry.type === 'unicast' && entry.device === 'eth0',
    'metric above 0': (entry) => entry.metric > 0
};

describe('route lookup: the prefix index answers as a linear scan over the routes', () => {
    test.each(Array.from({ length: 60 }, (_, index) => [index, [1, 5, 40, 300][index % 4]]))('random table %i (%i routes)', (seed, size) => {
        const { table, entries, regions } = randomTable(1000 + seed, size);
        const addresses = probes(2000 + seed, entries, regions);
        // As a table being configured answers (probing each length), then as a complete one (the index).
        for (const complete of [false, true]) {
            if (complete) table.complete();
            for (const address of addresses) {
                expect(table.longestMatch(address)).toBe(linearScan(entries, address));
                for (const accept of Object.values(FILTERS)) expect(table.longestMatch(address, accept)).toBe(linearScan(entries, address, accept));
            }
        }
    });

    test('an empty table finds nothing, a /0 holds every address', () => {
        const table = new RouteTable();
        table.complete();
        expect(table.longestMatch(0)).toBeUndefined();
        expect(table.longestMatch(0xffffffff)).toBeUndefined();
        const everything: RouteEntry = { destination: 0, length: 0, type: 'unicast', device: 'eth0', metric: 0, proto: 'boot', scope: 'link' };
        table.add(everything);
        table.complete();
        for (const address of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) expect(table.longestMatch(address)).toBe(everything);
    });

    test('a shorter prefix added after longer ones inside it does not hide them', () => {
        const table = new RouteTable();
        const host: RouteEntry = { destination: 0xc6120105, length: 32, type: 'blackhole', metric: 0, proto: 'boot', scope: 'universe' };
        const subnet: RouteEntry = { destination: 0xc6120100, length: 24, type: 'unicast', device: 'eth0', metric: 0, proto: 'boot', scope: 'link' };
        const wide: RouteEntry = { destination: 0xc6000000, length: 8, type: 'unicast', device: 'eth1', metric: 0, proto: 'boot', scope: 'link' };
        for (const entry of [host, subnet, wide]) table.add(entry);
        table.complete();
        expect(table.longestMatch(0xc6120105)).toBe(host);
        expect(table.longestMatch(0xc6120106)).toBe(subnet);
        expect(table.longestMatch(0xc6130000)).toBe(wide);
        expect(table.has(0xc6120100, 24, 0)).toBe(true);
        expect(table.has(0xc6120100, 24, 5)).toBe(false);
    });
});
