import { main } from './main.js';

// A reader that goes away (`nettopo check big.net | head -1`) ends the command quietly, as it would a C tool.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
    });
}

// The executable entry point: run, then exit with the command's status once output is flushed.
process.exitCode = await main(process.argv.slice(2));
