import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withoutTrailingSpaces } from '../../language/src/kernel/compare.js';
import { measureNetText, type KernelTruth } from '../../language/src/kernel/lab.js';
import { kernelTitle, requireKernel, skipKernel } from './kernel-tier.js';

/**
 * The lab runner measured against the recorded kernel truths: measuring each fixture again (its
 * recorded pings, each on a fresh lab) must give exactly its `.truth.json`. For the kernel samples
 * this proves the harness builds what the samples' measurements built; for the recorded edge
 * cases, that the kernel still does what it did (trailing spaces aside, as the spec allows).
 */
const fixtures = join(import.meta.dirname, '../fixtures');
const cases = ['kernel-samples', 'kernel-cases'].flatMap((dir) =>
    readdirSync(join(fixtures, dir)).filter(file => file.endsWith('.net')).map(file => join(dir, file.slice(0, -4))));

describe.skipIf(skipKernel)(kernelTitle('kernel lab vs recorded kernel truths'), () => {
    test.concurrent.each(cases)('%s', async name => {
        requireKernel();
        const expected = JSON.parse(readFileSync(join(fixtures, `${name}.truth.json`), 'utf8')) as KernelTruth;
        const pings = expected.pings.map(({ source, target }) => ({ source, target }));
        const measured = await measureNetText(readFileSync(join(fixtures, `${name}.net`), 'utf8'), { pings });
        expect(withoutTrailingSpaces(measured)).toEqual(withoutTrailingSpaces(expected));
    }, 300_000);
});
