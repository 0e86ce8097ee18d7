import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fuzzCli, fuzzServer } from './fuzz-run.js';
import { fuzzCase } from './mutations.js';

/**
 * The fuzz tier, CI's share: a few hundred seeded mutations of the examples and of generated labs
 * through the real CLI and a real language server (`npm run fuzz` runs all 10,000). What each case
 * must survive is in fuzz-run.ts. A failure names the seed: `fuzzCase(seed)` rebuilds the file.
 */

/** CI's slice: seeds 1 to 240 (NETTOPO_FUZZ_FIRST moves it, to try another slice of the full run's 10,000). */
const CASES = 240;
const first = Number(process.env.NETTOPO_FUZZ_FIRST ?? 1);
const cases = Array.from({ length: CASES }, (_, index) => fuzzCase(first + index));
let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nettopo-fuzz-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`fuzz: seeds ${first} to ${first + CASES - 1}`, () => {
    test('the mutations are mutations: most cases differ from their base, and they are deterministic', () => {
        expect(fuzzCase(first).bytes.equals(cases[0].bytes)).toBe(true);
        expect(cases.filter((fuzz) => !fuzz.description.endsWith('unchanged')).length).toBeGreaterThan(CASES * 0.8);
    });

    test('the CLI: check, check --fix (every byte outside the edits kept), and ping, routes, export on every 12th case', async () => {
        const { failures, fixedFiles } = await fuzzCli(cases, dir, 12);
        expect(failures).toEqual([]);
        // The byte check has something to check: fixes were applied to a good share of the cases.
        expect(fixedFiles).toBeGreaterThan(CASES / 10);
    }, 1_800_000);

    test('the language server: open, hover, code lens, change, close, under .net and other names', async () => {
        expect(await fuzzServer(cases)).toEqual([]);
    }, 1_800_000);
});
