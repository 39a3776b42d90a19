#!/usr/bin/env node
/** Entry point: run one command (cli/program.ts) and set the process exit code. */
import { run } from './program.js';

// `bulwark … | head`: the reader went away. Stop quietly, like other Unix tools, instead of a crash dump.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await run(process.argv.slice(2));
