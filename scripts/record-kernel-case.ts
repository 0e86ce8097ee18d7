// Records what the kernel does for a lab as a kernel case: builds FILE.net in network namespaces (its
// pings, each on a fresh lab), and writes FILE.truth.json beside it, the truth the kernel tier then
// measures again and holds the engine to. Run as root: `npm run record-case -- test/fixtures/kernel-cases/NAME.net`.
import { readFileSync, writeFileSync } from 'node:fs';
import { measureTopology } from '../language/src/kernel/lab.js';
import { loadNetText } from '../language/src/load.js';

const files = process.argv.slice(2);
if (!files.length || files.some((file) => !file.endsWith('.net'))) {
    console.error('usage: npm run record-case -- FILE.net...');
    process.exit(2);
}
for (const file of files) {
    const { topology } = await loadNetText(readFileSync(file, 'utf8'), file);
    const truth = await measureTopology(topology);
    writeFileSync(`${file.slice(0, -4)}.truth.json`, JSON.stringify(truth, null, 1) + '\n');
    console.log(`${file}: ${truth.pings.length} pings recorded`);
}
