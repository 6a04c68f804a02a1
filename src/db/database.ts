// One Database for both engines: PGlite embedded (default) or a PostgreSQL server with a pool.
// Type normalisation lives here and nowhere else: int8 -> number (checked safe), date -> 'YYYY-MM-DD'.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import {
  type Durability,
  DURABILITY_NOTES,
  fsyncTree,
  pgliteStorageOptions,
} from './durability.ts';
import { type DataDirLock, lockDataDir } from './lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

const INT8 = 20;
const DATE = 1082;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Runs a script of several statements (migrations). */
  execScript(script: string): Promise<void>;
  /** Where the data lives, for start-up messages (no secrets). */
  describe(): string;
  close(): Promise<void>;
  /** The embedded instance, for backup/restore and durability; undefined on the server. */
  readonly pglite: PGlite | undefined;
  /** How commits of the embedded database reach the disk (durability.ts); 'server' when
   * PostgreSQL runs as a server (its own settings apply). */
  readonly durability: Durability | 'server';
  /** Embedded on disk only: a gzipped tar of the data directory after a checkpoint, taken
   * while it stays open. */
  readonly snapshot: (() => Promise<Uint8Array>) | undefined;
}

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`int8 value ${value} is outside the safe integer range`);
  return n;
}

export interface OpenOptions {
  databaseUrl: string | undefined;
  /** Embedded data directory; '' or 'memory://' keeps the database in memory (tests). */
  dataDir: string;
  poolMax: number;
  /** Embedded database only: 'sync' (default) or 'relaxed'; see durability.ts. */
  durability?: Durability;
  log?: Logger;
  /** Embedded database only: what the process opens it for, written in the data directory's lock. */
  purpose?: string;
  /** Embedded in memory only: start from this data directory (a tarball from `dumpDataDir`),
   * not from an empty cluster. Tests start from a migrated template this way. */
  template?: Blob;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl
    ? openServer(opts.databaseUrl, opts.poolMax, opts.log)
    : openEmbedded(opts.dataDir, opts.durability ?? 'sync', opts.purpose ?? 'open', opts.template);
}

async function openEmbedded(
  dataDir: string,
  durability: Durability,
  purpose: string,
  template: Blob | undefined,
): Promise<Database> {
  const inMemory = dataDir === '' || dataDir.startsWith('memory://');
  if (template && !inMemory) throw new Error('a template is only for an in-memory database');
  let pgDir: string | undefined;
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    pgDir = path.join(dataDir, 'pgdata');
    mkdirSync(dataDir, { recursive: true });
    lock = lockDataDir(dataDir, purpose);
  }
  let instance: PGlite;
  try {
    instance = await PGlite.create({
      ...(pgDir ? pgliteStorageOptions(pgDir, durability) : {}),
      ...(template ? { loadDataDir: template } : {}),
      // btree_gin: the listing search's indexes by timebank and network (migration 0008).
      extensions: { pg_trgm, btree_gin },
      parsers: { [INT8]: (v: string) => parseInt8(v), [DATE]: (v: string) => v },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  if (pgDir && durability === 'sync') fsyncTree(pgDir);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(instance) });
  return {
    kind: 'pglite',
    db,
    pglite: instance,
    durability: pgDir ? durability : 'relaxed',
    async execScript(script) {
      await db.connection().execute(async () => {
        await instance.exec(script);
      });
    },
    describe: () =>
      pgDir
        ? `embedded PostgreSQL (PGlite) in ${pgDir}, ${DURABILITY_NOTES[durability]}`
        : 'embedded PostgreSQL (PGlite) in memory',
    // Under the dialect's lock, so no statement runs while the files are read.
    snapshot: pgDir
      ? () =>
          db.connection().execute(async () => {
            await instance.query('checkpoint');
            const tarball = await instance.dumpDataDir('gzip');
            return new Uint8Array(await tarball.arrayBuffer());
          })
      : undefined,
    async close() {
      try {
        await db.destroy();
        if (!instance.closed) await instance.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openServer(url: string, poolMax: number, log?: Logger): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseInt8;
        if (oid === DATE) return (v: string) => v;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (err) => log?.error({ err }, 'idle database connection failed'));
  // A checked-out client whose server goes away emits 'error'; unhandled, it would end the process.
  pool.on('connect', (client) =>
    client.on('error', (err) => log?.warn({ err }, 'database connection lost')),
  );
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const safe = new URL(url);
  safe.password = '';
  return {
    kind: 'postgres',
    db,
    pglite: undefined,
    snapshot: undefined,
    durability: 'server',
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    describe: () => `PostgreSQL server at ${safe.host}${safe.pathname}`,
    async close() {
      await db.destroy();
    },
  };
}
