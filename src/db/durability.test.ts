import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { fsyncTree, pgliteStorageOptions, syncStartParams } from './durability.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'timebank-durability-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const setting = async (pg: PGlite, name: string) =>
  (await pg.query<Record<string, string>>(`show ${name}`)).rows[0]?.[name];

describe('durability of the embedded database', () => {
  it('in sync mode runs PostgreSQL with fsync on and syncs the WAL to disk at every commit', async () => {
    const synced: string[] = [];
    const pgDir = path.join(dir, 'sync');
    const pg = await PGlite.create(
      pgliteStorageOptions(pgDir, 'sync', (fd) => synced.push(readlinkSync(`/proc/self/fd/${fd}`))),
    );
    expect(await setting(pg, 'fsync')).toBe('on');
    expect(await setting(pg, 'wal_sync_method')).toBe('fsync');
    await pg.exec('create table t (n integer)');
    synced.length = 0;
    for (let i = 0; i < 5; i++) await pg.query('insert into t values ($1)', [i]);
    const walSyncs = synced.filter((f) => f.includes(`${path.sep}pg_wal${path.sep}`));
    expect(walSyncs.length).toBeGreaterThanOrEqual(5);
    await pg.close();
    expect(fsyncTree(pgDir)).toBeGreaterThan(100);
  });

  it('keeps PGlite’s own behaviour in relaxed mode, and opens the same data either way', async () => {
    const pgDir = path.join(dir, 'sync');
    const pg = await PGlite.create(pgliteStorageOptions(pgDir, 'relaxed'));
    expect(await setting(pg, 'fsync')).toBe('off');
    expect((await pg.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n).toBe(5);
    await pg.close();
  });

  it('drops only the fsync-off flag from PGlite’s start parameters', () => {
    const params = syncStartParams();
    expect(params).not.toContain('-F');
    expect(params).toContain('--single');
    expect(params.join(' ')).toContain('wal_sync_method=fsync');
  });

  it('names the mode in the description shown at start', async () => {
    const dataDir = path.join(dir, 'data');
    const relaxed = await openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1, durability: 'relaxed' });
    expect(relaxed.durability).toBe('relaxed');
    expect(relaxed.describe()).toContain('durability RELAXED');
    await relaxed.close();
    const sync = await openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1 });
    expect(sync.durability).toBe('sync');
    expect(sync.describe()).toContain('durability sync: each commit is on disk before it is acknowledged');
    await sync.close();
  });
});
