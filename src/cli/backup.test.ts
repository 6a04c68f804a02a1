// The embedded backup, in-process: taken from a database that stays open and keeps being
// written to, then restored in place of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import {
  assertBackupFile,
  backupEmbedded,
  embeddedDatabaseExists,
  restoreEmbedded,
} from './backup.ts';
import { CliError } from './errors.ts';

let dir: string;
let dataDir: string;
let database: Database;

const open = () => openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1 });
const networks = async (d: Database) =>
  (await d.db.selectFrom('network').select('slug').orderBy('slug').execute()).map((r) => r.slug);
const addNetwork = (d: Database, slug: string) =>
  sql`insert into network (id, slug, name) values (gen_random_uuid(), ${slug}, ${slug})`.execute(
    d.db,
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'timebank-backup-'));
  dataDir = path.join(dir, 'data');
  database = await open();
  await migrate(database);
});
afterAll(async () => {
  if (database.pglite && !database.pglite.closed) await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded backup and restore', () => {
  it('restores what was committed before the backup and nothing written after it', async () => {
    const file = path.join(dir, 'live.tar.gz');
    await addNetwork(database, 'before');
    const bytes = await backupEmbedded(database, file);
    expect(bytes).toBeGreaterThan(100_000);
    await addNetwork(database, 'after');
    expect(await networks(database)).toEqual(['after', 'before']);
    await database.close();

    const restored = await restoreEmbedded(dataDir, file, 'test', 'sync');
    expect(restored.previousKeptIn).toBe(path.join(dataDir, 'pgdata.before-restore-test'));
    database = await open();
    expect(await networks(database)).toEqual(['before']);
    expect(embeddedDatabaseExists(dataDir)).toBe(true);
  });

  it('leaves the database alone when the backup cannot be loaded', async () => {
    const broken = path.join(dir, 'broken.tar.gz');
    writeFileSync(broken, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
    await database.close();
    await expect(restoreEmbedded(dataDir, broken, 'broken', 'sync')).rejects.toThrow();
    database = await open();
    expect(await networks(database)).toEqual(['before']);
  });

  it('tells a non-backup file apart before touching anything', () => {
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'notes');
    expect(() => assertBackupFile(text, 'embedded')).toThrow(CliError);
    expect(() => assertBackupFile(text, 'server')).toThrow(/pg_dump custom-format/);
    expect(() => assertBackupFile(path.join(dir, 'missing'), 'embedded')).toThrow(/does not exist/);
  });
});
