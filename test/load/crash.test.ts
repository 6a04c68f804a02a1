// Crash: the real server (`timebank serve` as a child process) is killed with SIGKILL in the
// middle of load, restarted on the same data, and every transfer whose answer never came is
// replayed with its id. Each replay must answer 200 with Idempotency-Hit when the transfer
// had committed before the kill (checked first with GET), 201 when it had not; afterwards
// every acknowledged transfer is in the database exactly once, nothing else is, the balances
// are what the clients were told, and every invariant holds.
//
// On PGlite (default durability: sync) the app is killed. On the PostgreSQL server
// (TEST_DATABASE_URL) the app is killed over a fresh database of that server; then the
// database server itself (postmaster and all its processes) and the app are killed at once,
// as when the machine goes down, and both restart, PostgreSQL with crash recovery. That
// second kill uses a throwaway cluster of our own (private-postgres.ts), never the shared
// server, which other people's tests use at the same time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/log.ts';
import { systemActor } from '../../src/modules/audit/record.ts';
import { createLedger } from '../../src/modules/ledger/service.ts';
import { verifyLedger } from '../../src/modules/ledger/verify.ts';
import { freshDatabase } from '../support/db.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { type PrivateCluster, startPrivateCluster } from './private-postgres.ts';
import { freePort, type ServerProcess, startServerProcess } from './server-process.ts';
import {
  balanceMismatches,
  categoryTotals,
  insertMembers,
  LedgerModel,
  openAccounts,
  randomTransfer,
  Tally,
  type TransferBody,
} from './support.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
const ACCOUNTS = 20;
const WRITERS = 8;
/** The kill comes once this many transfers were acknowledged, or after KILL_AFTER_MS. */
const KILL_AFTER_ACKS = 150;
const KILL_AFTER_MS = 3_000;
const CATEGORY = 'crash-load';
const SECRET_KEY = 'ab'.repeat(32);
const LIMIT_REFUSALS = new Set(['overdraft_limit', 'ceiling_limit']);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Setup {
  world: World;
  accounts: string[];
}

/** Two networks' worth of people (createWorld), North's ledger open with a generous floor,
 * and ACCOUNTS member accounts opened through the ledger service. */
async function setUp(database: Database): Promise<Setup> {
  const world = await createWorld(database.db);
  const ledger = createLedger({ db: database.db, clock: systemClock, log: silentLogger });
  const admin = systemActor(world.networkA);
  await ledger.openTimebank(admin, {
    timebankId: world.north,
    settings: { balanceMinutesMin: -100_000 },
  });
  const members = await insertMembers(database.db, world.networkA, world.north, ACCOUNTS, 'Crash');
  return { world, accounts: await openAccounts(ledger, admin, members, 4) };
}

interface LoadOutcome {
  acked: Map<string, TransferBody>;
  inDoubt: Map<string, TransferBody>;
  statuses: Tally;
  problems: string[];
}

/**
 * WRITERS clients post transfers among the accounts; `crash` is called in the middle, with
 * requests in flight. A client stops at its first request without an answer (or, when
 * `serverErrorsInDoubt`, with a 5xx: the database went away under the app), as a real client
 * would before retrying. Transfers with no answer are in doubt.
 */
async function loadAndCrash(
  client: Client,
  accounts: string[],
  crash: () => Promise<void>,
  serverErrorsInDoubt: boolean,
): Promise<LoadOutcome> {
  const out: LoadOutcome = {
    acked: new Map(),
    inDoubt: new Map(),
    statuses: new Tally(),
    problems: [],
  };
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const body = randomTransfer(accounts, [], 1, CATEGORY);
      let r: Awaited<ReturnType<Client['post']>>;
      try {
        r = await client.post('/api/v1/transfers', body);
      } catch {
        out.statuses.add('no answer');
        out.inDoubt.set(body.id, body);
        return;
      }
      const code = (r.body as { code?: string }).code;
      out.statuses.add(code ? `${r.status} ${code}` : String(r.status));
      if (r.status === 201) out.acked.set(body.id, body);
      else if (r.status >= 500 && serverErrorsInDoubt) {
        out.inDoubt.set(body.id, body);
        return;
      } else if (!(r.status === 422 && code && LIMIT_REFUSALS.has(code))) {
        out.problems.push(`${body.id}: ${r.status} ${r.text}`);
        return;
      }
    }
  };
  const loops = Array.from({ length: WRITERS }, loop);
  const started = Date.now();
  while (out.acked.size < KILL_AFTER_ACKS && Date.now() - started < KILL_AFTER_MS) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await crash();
  stopped = true;
  await Promise.all(loops);
  return out;
}

interface ReplayOutcome {
  /** In-doubt transfers that had committed before the crash (replay: 200, hit). */
  committedBefore: number;
  /** In-doubt transfers that had not (replay: 201, applied now). */
  appliedNow: number;
  problems: string[];
}

/** Asks for each in-doubt transfer, then resends it with the same id and content. */
async function replayInDoubt(
  client: Client,
  load: LoadOutcome,
  model: LedgerModel,
): Promise<ReplayOutcome> {
  const out: ReplayOutcome = { committedBefore: 0, appliedNow: 0, problems: [] };
  for (const body of load.inDoubt.values()) {
    const seen = await client.get(`/api/v1/transfers/${body.id}`);
    if (seen.status !== 200 && seen.status !== 404) {
      out.problems.push(`GET ${body.id}: ${seen.status} ${seen.text}`);
      continue;
    }
    const committed = seen.status === 200;
    const r = await client.post('/api/v1/transfers', body);
    const hit = r.headers.get('idempotency-hit') === 'true';
    if (committed && r.status === 200 && hit) out.committedBefore++;
    else if (!committed && r.status === 201 && !hit) out.appliedNow++;
    else {
      out.problems.push(`replay ${body.id} (committed: ${committed}): ${r.status} ${r.text}`);
      continue;
    }
    model.apply(body);
  }
  return out;
}

/** The database holds exactly the model's transfers and balances, and every invariant. */
async function expectDatabaseMatches(database: Database, networkId: string, model: LedgerModel) {
  expect(await verifyLedger(database.db)).toEqual([]);
  const written = await categoryTotals(database.db, networkId, CATEGORY);
  expect([...model.accepted.keys()].filter((id) => !written.ids.has(id))).toEqual([]);
  expect([...written.ids].filter((id) => !model.accepted.has(id))).toEqual([]);
  expect(written.count).toBe(model.accepted.size);
  expect(written.minutes).toBe(model.minutes);
  expect(await balanceMismatches(database.db, networkId, model)).toEqual([]);
}

/** A throwaway PostgreSQL cluster of our own (we kill it) with a migrated database and the
 * world of the load in it. */
async function privateClusterWithWorld(): Promise<{ cluster: PrivateCluster; url: string; setup: Setup }> {
  const cluster = await startPrivateCluster();
  cleanups.push(() => cluster.dispose());
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create database timebank_crash');
  await admin.end();
  const url = cluster.url.replace(/\/postgres$/, '/timebank_crash');
  const database = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 2 });
  await migrate(database);
  const setup = await setUp(database);
  await database.close();
  return { cluster, url, setup };
}

/** Waits until the app answers /readyz again, as a load balancer would before sending traffic. */
async function readyAgain(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error('the app did not become ready after PostgreSQL restarted');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signedInBroker(url: string, world: World): Promise<Client> {
  const c = new Client(url);
  expect((await c.signIn(world.brokerNorth.email!)).status).toBe(200);
  return c;
}

/** Load, crash, recover, replay: the part every scenario shares. */
async function crashAndReplay(opts: {
  server: ServerProcess;
  setup: Setup;
  crash: () => Promise<void>;
  recover: () => Promise<void>;
  serverErrorsInDoubt: boolean;
  label: string;
}): Promise<LedgerModel> {
  const client = await signedInBroker(opts.server.url, opts.setup.world);
  const load = await loadAndCrash(
    client,
    opts.setup.accounts,
    opts.crash,
    opts.serverErrorsInDoubt,
  );
  await opts.recover();
  const model = new LedgerModel();
  for (const t of load.acked.values()) model.apply(t);
  // The session was in the database: the same client carries on after the restart.
  const replay = await replayInDoubt(client, load, model);
  console.log(
    `${opts.label}: ${load.acked.size} acknowledged, ${load.inDoubt.size} in doubt ` +
      `(${replay.committedBefore} had committed, ${replay.appliedNow} applied on replay); ` +
      `statuses ${JSON.stringify(load.statuses)}`,
  );
  expect(load.problems).toEqual([]);
  expect(replay.problems).toEqual([]);
  expect(load.acked.size).toBeGreaterThan(0);
  expect(load.inDoubt.size).toBeGreaterThan(0);
  expect(replay.committedBefore + replay.appliedNow).toBe(load.inDoubt.size);
  return model;
}

describe(`kill -9 in the middle of load (${onServer ? 'PostgreSQL server' : 'PGlite'})`, () => {
  it('loses no acknowledged transfer and applies every in-doubt one exactly once when the app is killed', async () => {
    const port = await freePort();
    let database: Database;
    let env: Record<string, string>;
    let dataDir: string | undefined;
    if (onServer) {
      const fresh = await freshDatabase();
      cleanups.push(() => fresh.close());
      database = fresh;
      env = { DATABASE_URL: fresh.url!, TIMEBANK_SECRET_KEY: SECRET_KEY };
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'timebank-crash-'));
      dataDir = dir;
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      database = await openDatabase({ databaseUrl: undefined, dataDir: dir, poolMax: 1 });
      await migrate(database);
      env = { TIMEBANK_DATA_DIR: dir, TIMEBANK_SECRET_KEY: SECRET_KEY };
    }
    const setup = await setUp(database);
    // PGlite is one process's database: the server takes it over.
    if (!onServer) await database.close();
    const start = () => startServerProcess({ port, env: { ...env, TIMEBANK_LOG_LEVEL: 'warn' } });
    let server = await start();
    cleanups.push(() => server.kill9());
    const model = await crashAndReplay({
      server,
      setup,
      crash: () => server.kill9(),
      recover: async () => {
        server = await start();
      },
      serverErrorsInDoubt: false,
      label: `app killed (${onServer ? 'PostgreSQL server' : 'PGlite'})`,
    });
    if (!onServer) {
      expect(await server.stop()).toBe(0);
      database = await openDatabase({ databaseUrl: undefined, dataDir: dataDir!, poolMax: 1 });
      cleanups.push(() => database.close());
    }
    await expectDatabaseMatches(database, setup.world.networkA, model);
  }, 120_000);

  it.runIf(onServer)(
    'loses no acknowledged transfer and applies every in-doubt one exactly once when PostgreSQL and the app are killed together',
    async () => {
      const { cluster, url, setup } = await privateClusterWithWorld();
      let database: Database;
      const port = await freePort();
      const env = {
        DATABASE_URL: url,
        TIMEBANK_SECRET_KEY: SECRET_KEY,
        TIMEBANK_LOG_LEVEL: 'warn',
      };
      let server = await startServerProcess({ port, env });
      cleanups.push(() => server.kill9());
      const model = await crashAndReplay({
        server,
        setup,
        // As a machine would go down: the database's processes and the app at once.
        crash: async () => {
          await Promise.all([cluster.kill9(), server.kill9()]);
        },
        recover: async () => {
          cluster.start();
          server = await startServerProcess({ port, env });
        },
        serverErrorsInDoubt: true,
        label: 'PostgreSQL and app killed',
      });
      database = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 2 });
      cleanups.push(() => database.close());
      await expectDatabaseMatches(database, setup.world.networkA, model);
    },
    120_000,
  );

  it.runIf(onServer)(
    'keeps serving when only PostgreSQL is killed: nothing acknowledged lost, every in-doubt transfer applied once',
    async () => {
      const { cluster, url, setup } = await privateClusterWithWorld();
      let database: Database;
      const port = await freePort();
      const env = { DATABASE_URL: url, TIMEBANK_SECRET_KEY: SECRET_KEY, TIMEBANK_LOG_LEVEL: 'warn' };
      const server = await startServerProcess({ port, env });
      cleanups.push(() => server.kill9());
      const model = await crashAndReplay({
        server,
        setup,
        // The app stays up: its pool must drop the dead connections and make new ones.
        crash: () => cluster.kill9(),
        recover: async () => {
          cluster.start();
          await readyAgain(server.url);
        },
        serverErrorsInDoubt: true,
        label: 'PostgreSQL killed under the running app',
      });
      expect(await server.stop()).toBe(0);
      database = await openDatabase({ databaseUrl: url, dataDir: '', poolMax: 2 });
      cleanups.push(() => database.close());
      await expectDatabaseMatches(database, setup.world.networkA, model);
    },
    120_000,
  );
});
