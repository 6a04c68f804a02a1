import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  assertBackupFile,
  backupEmbedded,
  backupServer,
  embeddedDatabaseExists,
  restoreEmbedded,
  restoreServer,
  writeWhole,
} from '../backup.ts';
import { hasControlSocket, requestSnapshot } from '../../db/control.ts';
import { lockDataDir, lockHolder } from '../../db/lock.ts';
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
  const holder = lockHolder(config.dataDir);
  if (holder && hasControlSocket(config.dataDir)) {
    // The server has the database open: it takes the snapshot between statements.
    ctx.io.err(
      `timebank: asking the server (process ${holder.pid}) for a snapshot of ${config.dataDir}`,
    );
    const bytes = await requestSnapshot(config.dataDir);
    await writeWhole(file, bytes);
    ctx.io.out(`backup written to ${file} (${megabytes(bytes.length)})`);
  } else {
    await withDatabase(
      config,
      async (database) => {
        ctx.io.err(`timebank: backing up ${database.describe()}`);
        const bytes = await backupEmbedded(database, file);
        ctx.io.out(`backup written to ${file} (${megabytes(bytes)})`);
      },
      'timebank backup',
    );
  }
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
  // Refused while the server (or any other command) has the database open.
  mkdirSync(config.dataDir, { recursive: true });
  const lock = lockDataDir(config.dataDir, 'timebank restore');
  let restored: Awaited<ReturnType<typeof restoreEmbedded>>;
  try {
    ctx.io.err(`timebank: loading ${file} into a new database folder in ${config.dataDir}`);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    restored = await restoreEmbedded(config.dataDir, file, stamp, config.durability);
  } finally {
    lock.release();
  }
  ctx.io.out(`restored ${file} (database at version ${restored.version})`);
  if (restored.previousKeptIn)
    ctx.io.out(`the database it replaced is kept in ${restored.previousKeptIn}`);
}
