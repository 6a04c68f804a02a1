// The bank workload on the PostgreSQL server: the real app listening on a port, 10 hot and
// 10,000 cold member accounts, 16 HTTP clients posting random transfers (mostly among the hot
// accounts) with ids they choose, some of them replayed, for a bounded time, while readers
// keep summing every balance (in one SQL statement, and through the timebank totals endpoint)
// and must always read 0. No client may ever see a 5xx or a deadlock or serialization
// failure: only 201, 200 (replays) and 422 limit refusals. Afterwards every invariant holds
// and the database holds exactly what the clients were told was accepted.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/log.ts';
import { systemActor } from '../../src/modules/audit/record.ts';
import { createLedger } from '../../src/modules/ledger/service.ts';
import { verifyLedger } from '../../src/modules/ledger/verify.ts';
import { freshDatabase, type TestDatabase } from '../support/db.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import {
  balanceMismatches,
  categoryTotals,
  insertMembers,
  LedgerModel,
  networkBalanceSum,
  openAccounts,
  openAccountsInBulk,
  randomTransfer,
  Tally,
  type TransferBody,
} from './support.ts';

const HOT = 10;
const COLD = 10_000;
const COLD_THROUGH_SERVICE = 1_000;
const WRITERS = 16;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 5);
/** Share of transfers between two hot accounts; the rest have one cold side. */
const HOT_SHARE = 0.85;
/** Share of requests that resend an earlier accepted transfer, as a client retrying would. */
const REPLAY_SHARE = 0.03;
const CATEGORY = 'bank-load';
/** Two hot accounts get tight limits, so that refusals happen under contention too. */
const TIGHT = { balanceMinutesMin: -120, balanceMinutesMax: 240 };
const LIMIT_REFUSALS = new Set(['overdraft_limit', 'ceiling_limit']);

let database: TestDatabase;
let readerPool: Database;
let url: string;
let closeApp: () => Promise<void>;
let world: World;
let hot: string[];
let cold: string[];
let broker: Client;
let coordinator: Client;
let setupSeconds = 0;
/** Warnings and errors the app logged (a retried deadlock is logged as a warning). */
const appLog: { level: number; msg: string; sqlState?: string }[] = [];

/** The app's logger at level warn, kept in memory. */
function capturingLogger() {
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) appLog.push(JSON.parse(line));
      done();
    },
  });
  return pino({ level: 'warn' }, sink);
}

async function signedIn(email: string | null): Promise<Client> {
  const c = new Client(url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  const t0 = performance.now();
  database = await freshDatabase();
  const app = await buildApp({
    config: testConfig({ databaseUrl: database.url, databasePoolMax: 8 }),
    database,
    clock: systemClock,
    log: capturingLogger(),
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  closeApp = () => app.close();
  readerPool = await openDatabase({ databaseUrl: database.url, dataDir: '', poolMax: 2 });
  const db = database.db;
  world = await createWorld(db);
  const ledger = createLedger({ db, clock: systemClock, log: silentLogger });
  const admin = systemActor(world.networkA);
  // Generous default floor and no ceiling: most transfers succeed.
  await ledger.openTimebank(admin, {
    timebankId: world.north,
    settings: { balanceMinutesMin: -100_000 },
  });
  const hotMembers = await insertMembers(db, world.networkA, world.north, HOT, 'Hot');
  const coldMembers = await insertMembers(db, world.networkA, world.north, COLD, 'Cold');
  broker = await signedIn(world.brokerNorth.email);
  coordinator = await signedIn(world.coordinatorNorth.email);
  // The hot accounts open through the API (on first use), a thousand cold ones through the
  // service, the other cold ones in one statement writing the same rows (the service opens
  // about 500 a second here; verifyLedger checks every stored limit against the rule).
  hot = [];
  for (const memberId of hotMembers) {
    const r = await broker.get(`/api/v1/timebanks/${world.north}/members/${memberId}/account`);
    expect(r.status).toBe(200);
    hot.push(r.body.accountId);
  }
  cold = [
    ...(await openAccounts(ledger, admin, coldMembers.slice(0, COLD_THROUGH_SERVICE), 8)),
    ...(await openAccountsInBulk(db, world.networkA, coldMembers.slice(COLD_THROUGH_SERVICE))),
  ];
  for (const id of hot.slice(0, 2)) {
    const r = await coordinator.request('PUT', `/api/v1/accounts/${id}/limits`, {
      ...TIGHT,
      reason: 'load test: a tight limit',
    });
    expect(r.status).toBe(200);
  }
  await database.execScript('vacuum analyze');
  setupSeconds = (performance.now() - t0) / 1000;
}, 120_000);

afterAll(async () => {
  if (!process.env.TEST_DATABASE_URL) return;
  await closeApp?.();
  await readerPool?.close();
  await database?.close();
});

interface WriterResult {
  statuses: Tally;
  model: LedgerModel;
  replays: number;
  problems: string[];
}

/** Posts random transfers until the deadline; every answer is classified and checked. */
async function writer(client: Client, deadline: number, out: WriterResult): Promise<void> {
  const mine: TransferBody[] = [];
  while (performance.now() < deadline) {
    const replay = mine.length > 0 && Math.random() < REPLAY_SHARE;
    const body = replay
      ? mine[Math.floor(Math.random() * mine.length)]!
      : randomTransfer(hot, cold, HOT_SHARE, CATEGORY);
    const r = await client.post('/api/v1/transfers', body);
    const code = (r.body as { code?: string }).code;
    out.statuses.add(code ? `${r.status} ${code}` : String(r.status));
    if (r.status === 201 && !replay) {
      out.model.apply(body);
      mine.push(body);
    } else if (r.status === 200 && replay) {
      out.replays++;
      if (r.headers.get('idempotency-hit') !== 'true')
        out.problems.push(`${body.id}: no hit header`);
      const first = (r.body as { transfers: { id: string; minutes: number }[] }).transfers[0];
      if (first?.id !== body.id || first.minutes !== body.minutes) {
        out.problems.push(`${body.id}: replay answered another transfer`);
      }
    } else if (!(r.status === 422 && code && LIMIT_REFUSALS.has(code) && !replay)) {
      out.problems.push(`${body.id}${replay ? ' (replay)' : ''}: ${r.status} ${r.text}`);
    }
  }
}

/** Sums every balance of the network in one statement, as fast as it can. */
async function sqlReader(stop: () => boolean): Promise<number[]> {
  const sums: number[] = [];
  while (!stop()) sums.push(await networkBalanceSum(readerPool.db, world.networkA));
  return sums;
}

/** Reads the timebank's totals through the API (a coordinator's report). */
async function httpReader(stop: () => boolean): Promise<{ sums: number[]; statuses: Tally }> {
  const sums: number[] = [];
  const statuses = new Tally();
  while (!stop()) {
    const r = await coordinator.get(`/api/v1/timebanks/${world.north}/ledger-totals`);
    statuses.add(String(r.status));
    if (r.status === 200) sums.push(r.body.balanceSumMinutes);
  }
  return { sums, statuses };
}

describe.runIf(process.env.TEST_DATABASE_URL)('the bank workload on the PostgreSQL server', () => {
  it(`keeps every invariant with ${WRITERS} HTTP clients on ${HOT} hot and ${COLD} cold accounts, and never shows a client a 5xx or a deadlock`, async () => {
    const results: WriterResult[] = Array.from({ length: WRITERS }, () => ({
      statuses: new Tally(),
      model: new LedgerModel(),
      replays: 0,
      problems: [],
    }));
    let stopped = false;
    const stop = () => stopped;
    const readers = Promise.all([sqlReader(stop), httpReader(stop)]);
    const t0 = performance.now();
    const deadline = t0 + SECONDS * 1000;
    await Promise.all(
      results.map((out, i) => writer(i % 2 === 0 ? broker : coordinator, deadline, out)),
    ).finally(() => {
      stopped = true;
    });
    const elapsed = (performance.now() - t0) / 1000;
    const [sqlSums, http] = await readers;

    const statuses = new Tally();
    const model = new LedgerModel();
    for (const r of results) {
      for (const [k, n] of r.statuses.counts) for (let i = 0; i < n; i++) statuses.add(k);
      for (const t of r.model.accepted.values()) model.apply(t);
    }
    const replays = results.reduce((n, r) => n + r.replays, 0);
    console.log(
      `bank workload: set-up ${setupSeconds.toFixed(1)} s; ${model.accepted.size} accepted in ${elapsed.toFixed(1)} s ` +
        `(${(model.accepted.size / elapsed).toFixed(0)}/s), ${replays} replays, statuses ${JSON.stringify(statuses)}; ` +
        `${sqlSums.length} SQL and ${http.sums.length} HTTP balance sums read`,
    );

    expect(results.flatMap((r) => r.problems)).toEqual([]);
    for (const key of statuses.keys())
      expect(key).toMatch(/^(201|200|422 (overdraft|ceiling)_limit)$/);
    expect(model.accepted.size).toBeGreaterThan(200);
    expect(statuses.get('201')).toBe(model.accepted.size);
    expect(statuses.get('200')).toBe(replays);
    expect(replays).toBeGreaterThan(0);
    expect(appLog.filter((l) => l.level >= 40)).toEqual([]);

    expect(sqlSums.length).toBeGreaterThan(10);
    expect(new Set(sqlSums)).toEqual(new Set([0]));
    expect(http.statuses.keys()).toEqual(['200']);
    expect(http.sums.length).toBeGreaterThan(0);
    expect(new Set(http.sums)).toEqual(new Set([0]));

    const db = database.db;
    expect(await verifyLedger(db)).toEqual([]);
    const written = await categoryTotals(db, world.networkA, CATEGORY);
    expect(written.count).toBe(model.accepted.size);
    expect(written.minutes).toBe(model.minutes);
    expect([...model.accepted.keys()].filter((id) => !written.ids.has(id))).toEqual([]);
    expect(await balanceMismatches(db, world.networkA, model)).toEqual([]);
    const tight = await sql<{ b: number | string }>`
      select credits_posted - debits_posted as b from account
      where network_id = ${world.networkA} and id = any(${hot.slice(0, 2)}::uuid[])`.execute(db);
    for (const r of tight.rows) {
      expect(Number(r.b)).toBeGreaterThanOrEqual(TIGHT.balanceMinutesMin);
      expect(Number(r.b)).toBeLessThanOrEqual(TIGHT.balanceMinutesMax);
    }
  }, 60_000);
});
