// The entry of the `timebank` command (bin/timebank.js loads this file through tsx).
import { processIo } from './io.ts';
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo);
