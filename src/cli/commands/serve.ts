// `timebank serve`: migrate, make the demo network on an empty database (TIMEBANK_DEMO=auto),
// print the demo sign-ins when the demo is there, then serve until SIGINT or SIGTERM.
import type { Config } from '../../config.ts';
import { createDemoNetwork, demoNetworkExists } from '../../demo/create.ts';
import { DEMO_SIGN_INS } from '../../demo/sign-ins.ts';
import { createLogger } from '../../lib/log.ts';
import {
  type CliContext,
  migrateWithProgress,
  printSignIns,
  withBulkDatabase,
} from '../context.ts';
import type { CliIo } from '../io.ts';
import { hasAnyNetwork } from '../queries.ts';
import { progressPrinter } from './demo.ts';

export async function serveCommand(ctx: CliContext): Promise<void> {
  const config = ctx.readConfig();
  await prepareDatabase(config, ctx.io);
  // Loaded here so that the other commands do not load the web server.
  const { startServer } = await import('../../server.ts');
  const server = await startServer(config, { log: createLogger(config.logLevel) });
  ctx.io.err(`timebank: ${server.database}`);
  ctx.io.err(`timebank: serving on ${server.url} (stop with Ctrl-C)`);
  const signal = await untilStopSignal();
  ctx.io.err(`timebank: ${signal} received, stopping`);
  await server.close();
}

async function prepareDatabase(config: Config, io: CliIo): Promise<void> {
  await withBulkDatabase(config, async (database) => {
    // Migrations and the demo run with relaxed commits and one sync at the end; the server
    // then opens the database as configured and says how (not this preparation's mode).
    await migrateWithProgress(database, io, { describe: false });
    if (config.demo === 'auto' && !(await hasAnyNetwork(database.db))) {
      io.err(
        'timebank: the database is empty; creating the demo network (TIMEBANK_DEMO=off skips this)',
      );
      await createDemoNetwork(database, { onProgress: progressPrinter(io) });
    }
    if (await demoNetworkExists(database)) printSignIns(io, DEMO_SIGN_INS);
  });
}

function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
