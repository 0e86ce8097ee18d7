// `npm run fuzz [-- --from N] [-- --count N] [-- --every N]`: the fuzz tier in full, seeds 1 to 10,000
// (test/fuzz/fuzz.test.ts runs a slice of them in CI): every case through `check` and `check --fix`,
// every Nth (default: every one) through `ping`, `routes` and `export`, and all through a language
// server. Prints each failure with its seed; exit 1 when there is any.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzCli, fuzzServer } from '../test/fuzz/fuzz-run.js';
import { fuzzCase } from '../test/fuzz/mutations.js';

const { values } = parseArgs({
    options: { from: { type: 'string', default: '1' }, count: { type: 'string', default: '10000' }, every: { type: 'string', default: '1' } }
});
const from = Number(values.from),
    count = Number(values.count),
    every = Number(values.every);
/** Cases are made and run a slice at a time, so that memory stays flat over 10,000. */
const SLICE = 200;

const dir = mkdtempSync(join(tmpdir(), 'nettopo-fuzz-'));
let failures = 0;
try {
    for (let start = from; start < from + count; start += SLICE) {
        const cases = Array.from({ length: Math.min(SLICE, from + count - start) }, (_, index) => fuzzCase(start + index));
        const found = [...(await fuzzCli(cases, dir, every)).failures, ...(await fuzzServer(cases))];
        for (const failure of found) console.log(`FAIL ${failure}`);
        failures += found.length;
        console.log(`seeds ${start}..${start + cases.length - 1}: ${found.length} failures`);
    }
} finally {
    rmSync(dir, { recursive: true, force: true });
}
console.log(`${count} cases from seed ${from}: ${failures} failures`);
process.exitCode = failures ? 1 : 0;
