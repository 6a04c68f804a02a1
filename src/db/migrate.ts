// Numbered SQL migrations, the same files on PGlite and PostgreSQL. A landed file is never
// edited: its checksum is recorded and a changed file stops start-up.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_421_001; // pg_advisory_xact_lock key: one migrator at a time on a server.

export interface Migration {
  version: number;
  name: string;
  script: string;
  checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const script = readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.replace(/\.sql$/, ''),
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    });
}

export interface MigrateResult {
  applied: string[];
  current: number;
}

export async function migrate(
  database: Database,
  onProgress: (name: string) => void = () => {},
): Promise<MigrateResult> {
  await database.execScript(`
    create table if not exists schema_migration (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    );`);
  const applied: string[] = [];
  for (const m of listMigrations()) {
    const done = await database.db.transaction().execute(async (tx) => {
      if (database.kind === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
      const row = await sql<{ checksum: string }>`
        select checksum from schema_migration where version = ${m.version}`.execute(tx);
      const existing = row.rows[0];
      if (existing) {
        if (existing.checksum !== m.checksum) {
          throw new Error(`migration ${m.name} was edited after it was applied (checksum differs)`);
        }
        return false;
      }
      onProgress(m.name);
      await sql.raw(m.script).execute(tx);
      await sql`insert into schema_migration (version, name, checksum)
        values (${m.version}, ${m.name}, ${m.checksum})`.execute(tx);
      return true;
    });
    if (done) applied.push(m.name);
  }
  const all = listMigrations();
  return { applied, current: all.at(-1)?.version ?? 0 };
}
