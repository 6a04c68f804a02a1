// A fresh database per test file: an in-memory PGlite by default, or a new database on the
// server named by TEST_DATABASE_URL (created here, dropped when the file's tests end). Both
// start as a copy of the run's migrated template (template.ts); migrate() then finds nothing
// to do, or migrates from scratch when there is no template.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { pgliteTemplatePath, serverTemplateName } from './template.ts';

export interface TestDatabase extends Database {
  /** The URL of the fresh server database, or undefined on PGlite. */
  readonly url: string | undefined;
}

export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const file = pgliteTemplatePath();
    const template = existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
    const database = await openDatabase({ databaseUrl: undefined, dataDir: '', poolMax: 1, template });
    await migrate(database);
    return Object.assign(database, { url: undefined });
  }
  const name = `timebank_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const template = serverTemplateName();
    const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
    await admin.query(`create database ${name}${found.rowCount === 1 ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolMax: 8 });
  await migrate(database);
  const close = database.close.bind(database);
  return Object.assign(database, {
    url: url.toString(),
    async close() {
      await close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  });
}
