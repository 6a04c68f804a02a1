import type { Database } from '../../db/database.ts';
import { createDemoNetwork, type DemoProgress } from '../../demo/create.ts';
import { DomainError } from '../../lib/errors.ts';
import {
  type CliContext,
  migrateWithProgress,
  plural,
  printSignIns,
  withBulkDatabase,
} from '../context.ts';
import { failure } from '../errors.ts';
import type { CliIo } from '../io.ts';

export interface DemoCommandOptions {
  seed: number;
  scale: number;
  replace: boolean;
}

export async function demoCommand(ctx: CliContext, opts: DemoCommandOptions): Promise<void> {
  await withBulkDatabase(ctx.readConfig(), async (database) => {
    await migrateWithProgress(database, ctx.io);
    const started = performance.now();
    const result = await createDemo(database, opts, ctx.io);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const c = result.counts;
    ctx.io.out(
      `demo network "argyll" created in ${seconds} s: ${plural(c.timebanks, 'timebank')}, ` +
        `${plural(c.persons, 'person')}, ${plural(c.members, 'membership')}, ${plural(c.organisations, 'organisation')}, ` +
        `${plural(c.accounts, 'ledger account')}, ${plural(c.transfers, 'transfer')}`,
    );
    printSignIns(ctx.io, result.signIns);
  });
}

async function createDemo(database: Database, opts: DemoCommandOptions, io: CliIo) {
  try {
    return await createDemoNetwork(database, { ...opts, onProgress: progressPrinter(io) });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'demo_exists') {
      throw failure(`${err.message}; add --replace to build it again`);
    }
    throw err;
  }
}

export function progressPrinter(io: CliIo): (p: DemoProgress) => void {
  return (p) => io.err(`timebank: demo: writing ${p.step} (${p.done}/${p.total})`);
}
