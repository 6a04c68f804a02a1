// One migrated database per test run, copied for every test file: migrating and (on PGlite)
// running initdb for each of ~50 files cost more than the tests. The template is named by a
// hash of the migrations, so a changed or added migration makes a new one.
//   PGlite: a tarball of a migrated in-memory cluster in the system's temp directory, loaded
//           with `loadDataDir` (no initdb, no migrations).
//   Server: a database `timebank_tpl_<hash>` that each file's database is created from
//           (`create database … template …`); templates of other migration sets are dropped
//           a day after they were made (other checkouts may still be using them).
// globalSetup (test/support/global-setup.ts) makes them before any file runs; freshDatabase
// falls back to migrating from scratch when a template is missing.
import { createHash } from 'node:crypto';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/database.ts';
import { listMigrations, migrate } from '../../src/db/migrate.ts';

export function templateKey(): string {
  const hash = createHash('sha256');
  for (const m of listMigrations()) hash.update(`${m.name}:${m.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}

export const pgliteTemplatePath = () =>
  path.join(os.tmpdir(), `timebank-test-template-${templateKey()}.tar`);

export const serverTemplateName = () => `timebank_tpl_${templateKey()}`;

export async function preparePgliteTemplate(): Promise<void> {
  const file = pgliteTemplatePath();
  if (existsSync(file)) return;
  const database = await openDatabase({ databaseUrl: undefined, dataDir: '', poolMax: 1 });
  try {
    await migrate(database);
    const tarball = await database.pglite!.dumpDataDir('none');
    // Written aside and renamed, so a reader never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await database.close();
  }
}

async function withAdmin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function prepareServerTemplate(serverUrl: string): Promise<void> {
  const name = serverTemplateName();
  const exists = await withAdmin(serverUrl, async (admin) => {
    const old = await admin.query<{ datname: string }>(
      `select datname from pg_database
        where datname like 'timebank\\_tpl\\_%' and datname <> $1
          and coalesce(shobj_description(oid, 'pg_database'), '') < $2`,
      [name, new Date(Date.now() - 86_400_000).toISOString()],
    );
    for (const { datname } of old.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    const found = await admin.query(`select 1 from pg_database where datname = $1`, [name]);
    return found.rowCount === 1;
  });
  if (exists) return;
  // Built under a temporary name and renamed when complete, so an interrupted run never
  // leaves a half-migrated template behind.
  const building = `${name}_${process.pid}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${building}`));
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolMax: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  await withAdmin(serverUrl, async (admin) => {
    await admin.query(`comment on database ${building} is '${new Date().toISOString()}'`);
    try {
      await admin.query(`alter database ${building} rename to ${name}`);
    } catch (err) {
      // Another run made the same template meanwhile: use theirs.
      if ((err as { code?: string }).code !== '42P04') throw err;
      await admin.query(`drop database ${building} with (force)`);
    }
  });
}
