import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  assertBackupFile,
  backupEmbedded,
  backupServer,
  embeddedDatabaseExists,
  restoreEmbedded,
  restoreServer,
} from '../backup.ts';
import { type CliContext, withDatabase } from '../context.ts';
import { failure, usageError } from '../errors.ts';

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

export async function backupCommand(
  ctx: CliContext,
  fileArg: string,
  opts: { force: boolean },
): Promise<void> {
  const file = path.resolve(fileArg);
  if (existsSync(file) && !opts.force)
    throw usageError(`${file} exists; add --force to overwrite it`);
  if (!existsSync(path.dirname(file)))
    throw usageError(`the folder ${path.dirname(file)} does not exist`);
  const config = ctx.readConfig();
  if (config.databaseUrl) {
    ctx.io.err('timebank: backing up the PostgreSQL server database with pg_dump');
    await backupServer(config.databaseUrl, file);
    ctx.io.out(`backup written to ${file}`);
    return;
  }
  if (!embeddedDatabaseExists(config.dataDir))
    throw failure(`there is no embedded database in ${config.dataDir}`);
  await withDatabase(config, async (database) => {
    ctx.io.err(`timebank: backing up ${database.describe()}`);
    const bytes = await backupEmbedded(database.pglite!, file);
    ctx.io.out(`backup written to ${file} (${megabytes(bytes)})`);
  });
  ctx.io.err(
    'timebank: secret.key is not in the backup: keep it (or TIMEBANK_SECRET_KEY) safe on its own',
  );
}

export async function restoreCommand(ctx: CliContext, fileArg: string): Promise<void> {
  const file = path.resolve(fileArg);
  const config = ctx.readConfig();
  if (config.databaseUrl) {
    assertBackupFile(file, 'server');
    ctx.io.err('timebank: restoring the PostgreSQL server database with pg_restore');
    await restoreServer(config.databaseUrl, file);
    ctx.io.out(`restored ${file}`);
    return;
  }
  assertBackupFile(file, 'embedded');
  ctx.io.err(`timebank: loading ${file} into a new database folder in ${config.dataDir}`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const restored = await restoreEmbedded(config.dataDir, file, stamp, config.durability);
  ctx.io.out(`restored ${file} (database at version ${restored.version})`);
  if (restored.previousKeptIn)
    ctx.io.out(`the database it replaced is kept in ${restored.previousKeptIn}`);
}
