import { main } from './main.js';

// The executable entry point: run, then exit with the command's status once output is flushed.
process.exitCode = await main(process.argv.slice(2));
