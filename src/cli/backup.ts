// Backups. Embedded: a gzipped tar of the PGlite data directory taken from the open database
// (after a checkpoint), restored by loading it into a fresh data directory that then takes the
// old one's place. Server: pg_dump's custom format and pg_restore, when they are installed.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Database } from '../db/database.ts';
import { type Durability, fsyncTree } from '../db/durability.ts';
import { failure, usageError } from './errors.ts';

/** The folder openDatabase keeps the embedded database in, inside the data directory. */
export const PGDATA_FOLDER = 'pgdata';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const PG_DUMP_MAGIC = Buffer.from('PGDMP');

export function embeddedDatabaseExists(dataDir: string): boolean {
  return existsSync(path.join(dataDir, PGDATA_FOLDER, 'PG_VERSION'));
}

function startsWith(file: string, magic: Buffer): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    return readSync(fd, head, 0, magic.length, 0) === magic.length && head.equals(magic);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a backup file that is missing or not of the kind this installation restores. */
export function assertBackupFile(file: string, kind: 'embedded' | 'server'): void {
  if (!existsSync(file)) throw usageError(`${file} does not exist`);
  const ok = kind === 'embedded' ? startsWith(file, GZIP_MAGIC) : startsWith(file, PG_DUMP_MAGIC);
  if (!ok) {
    throw usageError(
      kind === 'embedded'
        ? `${file} is not a backup of an embedded database (a .tar.gz from timebank backup)`
        : `${file} is not a pg_dump custom-format backup (from timebank backup with DATABASE_URL set)`,
    );
  }
}

/** Writes beside the target and renames, so a failed backup never leaves half a file. */
export async function writeWhole(file: string, bytes: Uint8Array): Promise<void> {
  const partial = `${file}.partial`;
  const handle = await open(partial, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, file);
}

/** Backs up an open embedded database; returns the size in bytes. */
export async function backupEmbedded(database: Database, file: string): Promise<number> {
  if (!database.snapshot) throw new Error('not an embedded database');
  const bytes = await database.snapshot();
  await writeWhole(file, bytes);
  return bytes.length;
}

/**
 * Restores an embedded backup into dataDir. The database is loaded and checked in a new folder
 * first; only then does the current one move aside (kept, and returned) and the new one take
 * its place. The server must not be running on this data directory.
 */
export async function restoreEmbedded(
  dataDir: string,
  file: string,
  stamp: string,
  durability: Durability,
): Promise<{ version: number; previousKeptIn: string | undefined }> {
  const staging = path.join(dataDir, `${PGDATA_FOLDER}.restoring-${stamp}`);
  let version: number;
  try {
    version = await loadAndCheck(staging, await readFile(file));
    if (durability === 'sync') fsyncTree(staging); // on disk before it takes the old one's place
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  const current = path.join(dataDir, PGDATA_FOLDER);
  let previousKeptIn: string | undefined;
  if (existsSync(current)) {
    previousKeptIn = path.join(dataDir, `${PGDATA_FOLDER}.before-restore-${stamp}`);
    await rename(current, previousKeptIn);
  }
  await rename(staging, current);
  return { version, previousKeptIn };
}

async function loadAndCheck(folder: string, tarball: Buffer): Promise<number> {
  const pglite = await PGlite.create({
    dataDir: folder,
    loadDataDir: new Blob([new Uint8Array(tarball)]),
    extensions: { pg_trgm },
  });
  try {
    const result = await pglite.query<{ version: number | null }>(
      'select max(version) as version from schema_migration',
    );
    const version = result.rows[0]?.version;
    if (version == null) throw failure('the backup holds no migrated timebank database');
    return version;
  } catch (err) {
    if (err instanceof Error && /schema_migration/.test(err.message)) {
      throw failure('the backup holds no timebank database (no schema_migration table)');
    }
    throw err;
  } finally {
    await pglite.close();
  }
}

// ---- PostgreSQL server ----

/** The URL without its password, and the password for PGPASSWORD (kept off the command line). */
function splitPassword(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return {
    url: u.toString(),
    env: password ? { ...process.env, PGPASSWORD: password } : process.env,
  };
}

function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? failure(
              `${tool} is not installed: install the PostgreSQL client tools (the server's major version or newer)`,
            )
          : err,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          failure(
            `${tool} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
          ),
        );
    });
  });
}

export async function backupServer(databaseUrl: string, file: string): Promise<void> {
  const { url, env } = splitPassword(databaseUrl);
  const partial = `${file}.partial`;
  await runTool(
    'pg_dump',
    ['--format=custom', '--no-owner', `--file=${partial}`, `--dbname=${url}`],
    env,
  );
  await rename(partial, file);
}

export async function restoreServer(databaseUrl: string, file: string): Promise<void> {
  const { url, env } = splitPassword(databaseUrl);
  const args = ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error'];
  await runTool('pg_restore', [...args, `--dbname=${url}`, file], env);
}
