// The real `timebank` command, spawned as a user runs it: on a new embedded data directory, or
// (with TEST_DATABASE_URL) on a new database of the PostgreSQL server.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/database.ts';
import { listMigrations } from '../db/migrate.ts';
import { DEMO_SIGN_INS } from '../demo/sign-ins.ts';
import { freePort, startServerProcess } from '../../test/load/server-process.ts';
import { assertBackupFile } from './backup.ts';

const BIN = fileURLToPath(new URL('../../bin/timebank.js', import.meta.url));
const serverUrl = process.env.TEST_DATABASE_URL;

let dir: string;
let databaseUrl: string | undefined;

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'timebank-cli-'));
  if (serverUrl) {
    const name = `timebank_cli_${randomBytes(6).toString('hex')}`;
    await onServer(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (databaseUrl)
    await onServer(
      `drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`,
    );
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function timebank(args: string[], input?: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TIMEBANK_DATA_DIR: path.join(dir, 'data'),
    TIMEBANK_LOG_LEVEL: 'silent',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function withTheDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl, dataDir: path.join(dir, 'data'), poolMax: 1 });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const signInEmails = () =>
  withTheDatabase(async (database) => {
    const rows = await database.db
      .selectFrom('sign_in_directory')
      .select('email')
      .orderBy('email')
      .execute();
    return rows.map((r) => r.email);
  });

describe('the timebank command', () => {
  it('prints its help with exit code 0', async () => {
    const run = await timebank(['--help']);
    expect(run.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'demo',
      'create-admin',
      'backup',
      'restore',
      'verify',
    ]) {
      expect(run.stdout).toContain(command);
    }
  });

  it('refuses an unknown command, an unknown option and a bad value with exit code 2 and a message', async () => {
    // Refused before anything opens the database, so the three may run at once.
    const [unknownCommand, unknownOption, badScale] = await Promise.all([
      timebank(['frobnicate']),
      timebank(['migrate', '--colour']),
      timebank(['demo', '--scale', 'lots']),
    ]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/unknown option '--colour'/);
    expect(badScale.code).toBe(2);
    expect(badScale.stderr).toMatch(/--scale.*must be a number/);
  });

  it('migrates a new database and says how many migrations it applied', async () => {
    const run = await timebank(['migrate']);
    expect(run.stderr).toMatch(/applying migration 0001-foundation/);
    expect(run.code).toBe(0);
    const count = listMigrations().length;
    expect(run.stdout).toContain(
      `database at version ${listMigrations().at(-1)!.version}; ${count} migrations applied`,
    );
  });

  it('creates a small demo network, shows progress and prints the sign-ins', async () => {
    const run = await timebank(['demo', '--scale', '0.05', '--seed', '42']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/demo: writing person/);
    for (const s of DEMO_SIGN_INS) expect(run.stdout).toContain(s.email);
  });

  it('refuses a second demo with exit code 1 and says how to replace it', async () => {
    const run = await timebank(['demo', '--scale', '0.05']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/exists already; add --replace/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a weak admin password with exit code 2', async () => {
    const run = await timebank(
      ['create-admin', '--email', 'jo@example.org', '--name', 'Jo', '--password-stdin'],
      'short\n',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at least 10 characters/);
  });

  it('restores a backup of the live database: what was written after the backup is gone', async () => {
    const file = path.join(dir, serverUrl ? 'backup.pgdump' : 'backup.tar.gz');
    const backup = await timebank(['backup', file]);
    expect(backup.stdout + backup.stderr).toMatch(/backup written/);
    expect(backup.code, backup.stderr).toBe(0);
    const admin = await timebank(
      [
        'create-admin',
        '--email',
        'later@example.org',
        '--name',
        'Written Later',
        '--network',
        'later',
        '--password-stdin',
      ],
      'a-long-enough-passphrase\n',
    );
    expect(admin.code, admin.stderr).toBe(0);
    expect(await signInEmails()).toContain('later@example.org');

    const restore = await timebank(['restore', file]);
    expect(restore.code, restore.stderr).toBe(0);
    const emails = await signInEmails();
    expect(emails).not.toContain('later@example.org');
    expect(emails).toContain('member@demo.timebank.test');
  }, 90_000);

  it('verifies the ledger: exit 0 when it holds, exit 1 listing what is broken', async () => {
    const sound = await timebank(['verify']);
    expect(sound.code, sound.stderr).toBe(0);
    expect(sound.stdout).toMatch(/holds every invariant/);
    await withTheDatabase((database) =>
      sql`update account set credits_posted = credits_posted + 7
        where id = (select id from account where owner_kind = 'member' order by id limit 1)`.execute(
        database.db,
      ),
    );
    const broken = await timebank(['verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/invariant 2 \(account_totals\)/);
    expect(broken.stderr).toMatch(/violations? of the ledger's invariants/);
  });

  it.skipIf(serverUrl)(
    'backs up through the running server, and refuses restore and migrate while it runs',
    async () => {
      const dataDir = path.join(dir, 'data');
      const server = await startServerProcess({
        port: await freePort(),
        env: { TIMEBANK_DATA_DIR: dataDir, TIMEBANK_LOG_LEVEL: 'warn' },
      });
      try {
        const held = JSON.parse(readFileSync(path.join(dataDir, 'timebank.lock'), 'utf8'));
        expect(held).toMatchObject({ pid: server.pid, purpose: 'timebank serve' });
        const file = path.join(dir, 'while-serving.tar.gz');
        const backup = await timebank(['backup', file]);
        expect(backup.code, backup.stderr).toBe(0);
        expect(backup.stderr).toMatch(new RegExp(`asking the server \\(process ${server.pid}\\)`));
        assertBackupFile(file, 'embedded');

        const restore = await timebank(['restore', file]);
        expect(restore.code).toBe(1);
        expect(restore.stderr).toMatch(new RegExp(`in use by process ${server.pid} \\(timebank serve`));
        const migrate = await timebank(['migrate']);
        expect(migrate.code).toBe(1);
        expect(migrate.stderr).toMatch(/stop it first/);
        // The server kept serving through all of it.
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      } finally {
        expect(await server.stop()).toBe(0);
      }
      expect(existsSync(path.join(dataDir, 'timebank.lock'))).toBe(false);
      const restore = await timebank(['restore', path.join(dir, 'while-serving.tar.gz')]);
      expect(restore.code, restore.stderr).toBe(0);
    },
    90_000,
  );

  it.skipIf(serverUrl)('takes over the lock of a process that died', async () => {
    const dataDir = path.join(dir, 'data');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(
      path.join(dataDir, 'timebank.lock'),
      JSON.stringify({ pid: dead, purpose: 'timebank serve', startedAt: '2026-01-01T00:00:00Z' }),
    );
    const run = await timebank(['migrate']);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(dataDir, 'timebank.lock'))).toBe(false);
  });

  it('refuses to restore a file that is not a backup, with exit code 2', async () => {
    const notABackup = path.join(dir, 'notes.txt');
    writeFileSync(notABackup, 'just some notes\n');
    const run = await timebank(['restore', notABackup]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a/);
  });
});
