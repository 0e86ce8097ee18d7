import { writeSync } from 'node:fs';
import { systemReason } from './cli-support.js';
import { main } from './main.js';

/** The status of a command whose output could not be written: it did not do its job (1 would read as "has errors"). */
const OUTPUT_FAILED = 2;

// A reader that goes away (`nettopo check big.net | head -1`) ends the command quietly, as it would
// a C tool. Any other failure to write (a full disk, a closed terminal) ends it with one line saying
// so, on standard error when that one still works; never a stack trace.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        if (stream === process.stdout) {
            try {
                writeSync(2, `nettopo: cannot write the output: ${systemReason(error)}\n`);
            } catch {
                // Standard error is gone too: the status says it.
            }
        }
        process.exit(OUTPUT_FAILED);
    });
}

// The executable entry point: run, then exit with the command's status once output is flushed.
process.exitCode = await main(process.argv.slice(2));
