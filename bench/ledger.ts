// Ledger benchmark: npx tsx bench/ledger.ts  (JSON under bench/results/, summary on stdout)
//
// PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
//   pgbench TPC-B-like (its own database, scale 10 >= 8 clients) against ledger_post() driven
//   by pgbench with the same client count (the posting function alone), and against the
//   ledger service from Node (validation, JSON, retries: the path routes will use), on 10 hot
//   accounts and on 10,000 accounts. History is loaded and VACUUM ANALYZE run first; each
//   figure is the median of 3 interleaved rounds of BENCH_SECONDS (default 5) seconds.
// PGlite (file-backed, one connection): the service against a bare SQL loop of the same
//   posting, in durability 'relaxed' and 'sync'.
// BENCH_KEEP=1 keeps the two server databases afterwards (timebank_bench_ledger, _pgbench).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import type { Durability } from '../src/db/durability.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { newId } from '../src/lib/ids.ts';
import { silentLogger } from '../src/lib/log.ts';
import type { Actor } from '../src/modules/audit/record.ts';
import { createLedger, type Ledger } from '../src/modules/ledger/service.ts';
import { actorFor, seedNetwork } from '../src/modules/ledger/testing.ts';
import { verifyLedger } from '../src/modules/ledger/verify.ts';

const run = promisify(execFile);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = 3;
const CLIENTS = 8;
const COLD_ACCOUNTS = 10_000;
const HOT_ACCOUNTS = 10;
const HISTORY_TRANSFERS = Number(process.env.BENCH_HISTORY ?? 40_000);
const PGLITE_ACCOUNTS = 1_000;
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round1 = (x: number) => Math.round(x * 10) / 10;
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

function urlFor(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
}

async function recreateDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.query(`create database ${name}`);
  await c.end();
}

function connArgs(name: string): string[] {
  const u = new URL(urlFor(name));
  return [
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
  ];
}

async function pgbench(name: string, args: string[]): Promise<number> {
  const { stdout } = await run('pgbench', [...connArgs(name), ...args, name], {
    maxBuffer: 1 << 24,
  });
  const m = /tps = ([\d.]+)/.exec(stdout);
  if (!m) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(m[1]);
}

// ------------------------------------------------------------------ server set-up

/** An id shaped like the application's UUIDv7 (time first), so the primary key grows at
 * its right edge as it does in production. */
const V7 = `(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0') || '7'
  || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`;

function postingScript(networkId: string, personId: string): string {
  return `\\set a random(1, :naccounts)
\\set b random(1, :naccounts - 1)
\\set m random(1, 60)
select ledger_post('${networkId}'::uuid, jsonb_build_object('recorded_by_person_id', '${personId}',
  'transfers', jsonb_build_array(jsonb_build_object('id', ${V7.replace(/\n/g, ' ')},
  'debit_account_id', x.id, 'credit_account_id', y.id, 'minutes', :m::int, 'kind', 'exchange', 'category', 'bench'))))
from bench_account x, bench_account y
where x.n = :a::int and y.n = case when :b::int >= :a::int then :b::int + 1 else :b::int end;
`;
}

interface ServerWorld {
  name: string;
  database: Database;
  ledger: Ledger;
  actor: Actor;
  accounts: string[];
  script: string;
}

async function setUpServer(): Promise<ServerWorld> {
  const name = 'timebank_bench_ledger';
  await recreateDatabase(name);
  const database = await openDatabase({ databaseUrl: urlFor(name), dataDir: '', poolMax: CLIENTS });
  await migrate(database);
  const ledger = createLedger({ db: database.db, clock: systemClock, log: silentLogger });
  const seed = await seedNetwork(database.db, { timebanks: 1, membersPerTimebank: COLD_ACCOUNTS });
  const actor = actorFor(seed.networkId, seed.adminPersonId);
  const settings = { balanceMinutesMin: -1_000_000_000 };
  await ledger.openTimebank(actor, { timebankId: seed.timebanks[0]!.id, settings });
  await openAccountsInBulk(database);
  const rows = await sql<{ id: string }>`select id from bench_account order by n`.execute(
    database.db,
  );
  const script = path.join(mkdtempSync(path.join(tmpdir(), 'timebank-bench-')), 'post.sql');
  writeFileSync(script, postingScript(seed.networkId, seed.adminPersonId));
  return { name, database, ledger, actor, accounts: rows.rows.map((r) => r.id), script };
}

/** Member accounts for 10,000 members in one statement (the service opens them one by one). */
async function openAccountsInBulk(database: Database): Promise<void> {
  await sql`
    insert into account (network_id, id, timebank_id, owner_kind, member_id, balance_minutes_min,
      balance_minutes_max)
    select m.network_id, ${sql.raw(V7)}, m.timebank_id, 'member', m.id, s.balance_minutes_min,
      s.balance_minutes_max
    from member m
    join timebank_ledger_settings s on s.network_id = m.network_id and s.timebank_id = m.timebank_id`.execute(
    database.db,
  );
  await sql`create table bench_account as
    select row_number() over (order by id)::int as n, id from account where owner_kind = 'member'`.execute(
    database.db,
  );
  await sql`alter table bench_account add primary key (n)`.execute(database.db);
}

async function loadHistory(w: ServerWorld): Promise<void> {
  const perClient = Math.ceil(HISTORY_TRANSFERS / CLIENTS);
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(CLIENTS),
    '-j',
    String(CLIENTS),
    '-t',
    String(perClient),
  ];
  await pgbench(w.name, [...args, '-D', `naccounts=${COLD_ACCOUNTS}`, '-f', w.script]);
  await w.database.execScript('vacuum analyze');
}

async function setUpPgbench(): Promise<string> {
  const name = 'timebank_bench_pgbench';
  await recreateDatabase(name);
  await run('pgbench', [...connArgs(name), '-i', '-q', '-s', '10', name]);
  return name;
}

// ------------------------------------------------------------------ measuring

interface LoopResult {
  tps: number;
  p50Ms: number;
  p99Ms: number;
  refused: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** CLIENTS loops calling the service for SECONDS; throughput and latency. */
async function serviceLoops(
  ledger: Ledger,
  actor: Actor,
  accounts: string[],
  clients: number,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let refused = 0;
  const end = performance.now() + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const a = Math.floor(Math.random() * accounts.length);
      const b = (a + 1 + Math.floor(Math.random() * (accounts.length - 1))) % accounts.length;
      const input = {
        id: newId(),
        debitAccountId: accounts[a]!,
        creditAccountId: accounts[b]!,
        minutes: 1 + Math.floor(Math.random() * 60),
        kind: 'exchange' as const,
        category: 'bench',
      };
      const t0 = performance.now();
      try {
        await ledger.transfer(actor, input);
        latencies.push(performance.now() - t0);
      } catch {
        refused++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((x, y) => x - y);
  return {
    tps: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    refused,
  };
}

interface ServerRound {
  pgbenchTpcb: number;
  functionCold: number;
  functionHot: number;
  serviceCold: LoopResult;
  serviceHot: LoopResult;
}

async function serverRound(w: ServerWorld, tpcbDb: string): Promise<ServerRound> {
  const common = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(CLIENTS),
    '-j',
    String(CLIENTS),
    '-T',
    String(SECONDS),
  ];
  const pgbenchTpcb = await pgbench(tpcbDb, common);
  const functionCold = await pgbench(w.name, [
    ...common,
    '-D',
    `naccounts=${COLD_ACCOUNTS}`,
    '-f',
    w.script,
  ]);
  const functionHot = await pgbench(w.name, [
    ...common,
    '-D',
    `naccounts=${HOT_ACCOUNTS}`,
    '-f',
    w.script,
  ]);
  const serviceCold = await serviceLoops(w.ledger, w.actor, w.accounts, CLIENTS);
  const serviceHot = await serviceLoops(
    w.ledger,
    w.actor,
    w.accounts.slice(0, HOT_ACCOUNTS),
    CLIENTS,
  );
  return { pgbenchTpcb, functionCold, functionHot, serviceCold, serviceHot };
}

async function serverBench() {
  const tpcbDb = await setUpPgbench();
  const w = await setUpServer();
  await loadHistory(w);
  const rounds: ServerRound[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await serverRound(w, tpcbDb));
    console.log(
      `server round ${i + 1}: ${JSON.stringify(rounds.at(-1), (_, v) => (typeof v === 'number' ? round1(v) : v))}`,
    );
  }
  const t0 = performance.now();
  const violations = await verifyLedger(w.database.db);
  const verifySeconds = round1((performance.now() - t0) / 1000);
  const transfers = await sql<{ n: number }>`select count(*)::int as n from transfer`.execute(
    w.database.db,
  );
  await w.database.close();
  if (!process.env.BENCH_KEEP) await Promise.all([dropDatabase(w.name), dropDatabase(tpcbDb)]);
  rmSync(path.dirname(w.script), { recursive: true, force: true });
  return {
    ...summariseServer(rounds, transfers.rows[0]!.n),
    violations: violations.length,
    verifySeconds,
  };
}

function summariseServer(rounds: ServerRound[], transfers: number) {
  const m = (f: (r: ServerRound) => number) => round1(median(rounds.map(f)));
  const tpcb = m((r) => r.pgbenchTpcb);
  const medians = {
    pgbenchTpcbTps: tpcb,
    functionColdTps: m((r) => r.functionCold),
    functionHotTps: m((r) => r.functionHot),
    serviceColdTps: m((r) => r.serviceCold.tps),
    serviceHotTps: m((r) => r.serviceHot.tps),
    serviceColdP50Ms: m((r) => r.serviceCold.p50Ms),
    serviceColdP99Ms: m((r) => r.serviceCold.p99Ms),
    serviceHotP99Ms: m((r) => r.serviceHot.p99Ms),
  };
  const ratios = {
    functionColdVsPgbench: ratio(medians.functionColdTps, tpcb),
    serviceColdVsPgbench: ratio(medians.serviceColdTps, tpcb),
    functionHotVsCold: ratio(medians.functionHotTps, medians.functionColdTps),
    serviceHotVsCold: ratio(medians.serviceHotTps, medians.serviceColdTps),
  };
  return { clients: CLIENTS, seconds: SECONDS, rounds, medians, ratios, transfers };
}

// ------------------------------------------------------------------ PGlite

async function pgliteWorld(dataDir: string, durability: Durability) {
  const database = await openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1, durability });
  await migrate(database);
  const ledger = createLedger({ db: database.db, clock: systemClock, log: silentLogger });
  const accounts = await sql<{ id: string; network_id: string }>`
    select id, network_id from account where owner_kind = 'member' order by id`.execute(
    database.db,
  );
  return {
    database,
    ledger,
    accounts: accounts.rows.map((r) => r.id),
    networkId: accounts.rows[0]?.network_id,
  };
}

async function seedPglite(dataDir: string): Promise<void> {
  const { database, ledger } = await pgliteWorld(dataDir, 'relaxed');
  const seed = await seedNetwork(database.db, {
    timebanks: 1,
    membersPerTimebank: PGLITE_ACCOUNTS,
  });
  const actor = actorFor(seed.networkId, seed.adminPersonId);
  await ledger.openTimebank(actor, {
    timebankId: seed.timebanks[0]!.id,
    settings: { balanceMinutesMin: -1_000_000_000 },
  });
  await openAccountsInBulk(database);
  const rows = await sql<{ id: string }>`select id from bench_account order by n`.execute(
    database.db,
  );
  const accounts = rows.rows.map((r) => r.id);
  await serviceLoops(ledger, actor, accounts, 1);
  await database.execScript('vacuum analyze');
  await database.close();
}

/** The same posting without the service: one prepared ledger_post call per transfer. */
async function bareLoop(
  database: Database,
  networkId: string,
  accounts: string[],
  actor: Actor,
): Promise<number> {
  const instance = database.pglite!;
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    const a = Math.floor(Math.random() * accounts.length);
    const b = (a + 1 + Math.floor(Math.random() * (accounts.length - 1))) % accounts.length;
    const batch = {
      recorded_by_person_id: actor.personId,
      transfers: [
        {
          id: newId(),
          debit_account_id: accounts[a],
          credit_account_id: accounts[b],
          minutes: 1 + (done % 60),
          kind: 'exchange',
          category: 'bench',
        },
      ],
    };
    await instance.query('select ledger_post($1::uuid, $2::jsonb)', [
      networkId,
      JSON.stringify(batch),
    ]);
    done++;
  }
  return done / ((performance.now() - t0) / 1000);
}

async function pgliteBench() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'timebank-bench-pglite-'));
  try {
    await seedPglite(dataDir);
    const result: Record<string, { bareSqlTps: number; serviceTps: number; serviceP99Ms: number }> =
      {};
    for (const mode of ['relaxed', 'sync'] as const) {
      const w = await pgliteWorld(dataDir, mode);
      const person = await sql<{
        id: string;
      }>`select id from person where network_id = ${w.networkId!} limit 1`.execute(w.database.db);
      const actor = actorFor(w.networkId!, person.rows[0]!.id);
      const bare: number[] = [];
      const service: LoopResult[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        bare.push(await bareLoop(w.database, w.networkId!, w.accounts, actor));
        service.push(await serviceLoops(w.ledger, actor, w.accounts, 1));
      }
      await w.database.close();
      result[mode] = {
        bareSqlTps: round1(median(bare)),
        serviceTps: round1(median(service.map((s) => s.tps))),
        serviceP99Ms: round1(median(service.map((s) => s.p99Ms))),
      };
      console.log(`pglite ${mode}: ${JSON.stringify(result[mode])}`);
    }
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() };
  console.log(
    `ledger benchmark: ${CLIENTS} clients, ${ROUNDS} rounds of ${SECONDS} s, load ${loadavg()[0]!.toFixed(2)}`,
  );
  const server = await serverBench();
  const pglite = await pgliteBench();
  const result = { startedAt, machine, loadAverageAtEnd: loadavg(), server, pglite };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `ledger-${startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nmedians (transfers/s):', JSON.stringify(server.medians, null, 2));
  console.log('ratios:', JSON.stringify(server.ratios, null, 2));
  console.log('pglite:', JSON.stringify(pglite, null, 2));
  console.log(`written ${file}`);
}

await main();
