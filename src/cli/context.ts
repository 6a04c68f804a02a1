// What every command receives: where to write, and how to read the configuration (env only,
// through readConfig, and only when a command runs, so --help touches nothing).
import path from 'node:path';
import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { fsyncTree } from '../db/durability.ts';
import { migrate } from '../db/migrate.ts';
import { DEMO_PASSWORD, type DemoSignIn } from '../demo/sign-ins.ts';
import { PGDATA_FOLDER } from './backup.ts';
import type { CliIo } from './io.ts';

export interface CliContext {
  io: CliIo;
  readConfig: () => Config;
}

export async function withDatabase<T>(
  config: Config,
  fn: (database: Database) => Promise<T>,
  purpose = 'timebank command',
): Promise<T> {
  const database = await openDatabase({
    purpose,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: Math.min(config.databasePoolMax, 2),
    durability: config.durability,
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/**
 * For data that can be made again (the demo network): the embedded database does not sync each
 * of its thousands of commits; its folder is synced once at the end instead, when the
 * configuration asks for durable commits.
 */
export async function withBulkDatabase<T>(
  config: Config,
  fn: (database: Database) => Promise<T>,
): Promise<T> {
  const result = await withDatabase({ ...config, durability: 'relaxed' }, fn, 'timebank demo');
  if (!config.databaseUrl && config.durability === 'sync')
    fsyncTree(path.join(config.dataDir, PGDATA_FOLDER));
  return result;
}

/** Migrates, telling stderr which database and each migration as it is applied. */
export async function migrateWithProgress(database: Database, io: CliIo, { describe = true } = {}) {
  if (describe) io.err(`timebank: ${database.describe()}`);
  return migrate(database, (name) => io.err(`timebank: applying migration ${name}`));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

export function printSignIns(io: CliIo, signIns: readonly DemoSignIn[]): void {
  io.out(
    `Demo sign-ins, all with the password "${DEMO_PASSWORD}" (the demo waives the second factor):`,
  );
  for (const s of signIns) {
    const where = s.timebankSlug ? `timebank ${s.timebankSlug}` : 'whole network';
    io.out(`  ${s.role.padEnd(14)} ${s.email.padEnd(34)} ${s.displayName} (${where})`);
  }
}
