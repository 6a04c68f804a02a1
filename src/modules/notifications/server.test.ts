// The server runs the outbox worker: mail waiting when it starts is sent, and closing the
// server stops the worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { createWorld } from '../../../test/support/fixtures.ts';
import { TestSmtp } from '../../../test/support/smtp.ts';
import { testConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { silentLogger } from '../../lib/log.ts';
import { startServer } from '../../server.ts';
import { enqueueNotification } from './enqueue.ts';

let smtp: TestSmtp;
let dataDir: string;
let serverDb: TestDatabase | undefined;

beforeAll(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'tb-notify-'));
});
afterAll(async () => {
  await smtp.stop();
  await serverDb?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('sends the mail waiting in the outbox once the server starts, and stops the worker on close', async () => {
  // A database with one notification waiting, as after a restart.
  serverDb = process.env.TEST_DATABASE_URL ? await freshDatabase() : undefined;
  const databaseUrl = serverDb?.url;
  const seed =
    serverDb ??
    (await openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1, durability: 'relaxed' }));
  if (!serverDb) await migrate(seed);
  const w = await createWorld(seed.db);
  await seed.db.transaction().execute((tx) =>
    enqueueNotification(tx, {
      networkId: w.networkA,
      kind: 'listing_lapsing',
      recipient: { personId: w.member.id },
      payload: { listingTitle: 'Dog walking', lapsesOn: '2026-02-01', daysLeft: 2 },
      timebankId: w.north,
      at: new Date(),
    }),
  );
  if (!serverDb) await seed.close();
  const config = testConfig({
    dataDir,
    databaseUrl,
    port: 0,
    smtp: smtp.config('noreply@tb.example.org'),
  });
  const server = await startServer(config, { log: silentLogger });
  try {
    for (let i = 0; i < 100 && smtp.received.length === 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(smtp.to(w.member.email!).map((m) => m.subject)).toEqual([
      'Your listing "Dog walking" lapses in 2 days',
    ]);
  } finally {
    await server.close();
  }
  expect(smtp.received).toHaveLength(1);
}, 120_000); // a server on disk, migrated from nothing: slow on a loaded machine
