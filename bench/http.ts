// The transfer through the full HTTP API, measured against PostgreSQL's own yardstick.
//
// PostgreSQL server: pgbench TPC-B-like (its own database, scale >= clients, -M prepared,
// -j 2, over TCP like the app) against POST /api/v1/transfers on the real server process
// (`timebank serve` with production defaults: log level info, pool of 10), driven by
// autocannon over `clients` keep-alive connections, each request a new client-chosen id, on
// 10,000 accounts (uncontended) and on 10 hot accounts; `rounds` interleaved rounds, medians
// reported. History is loaded through ledger_post and VACUUM ANALYZE run first. Then p99
// latency at half the maximum rate, and a profile of where a request's time goes: CPU per
// transfer in the app, in PostgreSQL and in the load generator; statements per request; the
// same load at log level warn; and bench/what-if-server.ts, the same app with its
// per-request lookups served from memory.
// PGlite: the same HTTP path (server process, durability sync, the default, then relaxed)
// against a bare loop calling the posting function on an identical copy of the database,
// interleaved, and the what-if server on the same data.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../src/db/database.ts';
import type { Durability } from '../src/db/durability.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { newId } from '../src/lib/ids.ts';
import { silentLogger } from '../src/lib/log.ts';
import { systemActor } from '../src/modules/audit/record.ts';
import { createLedger } from '../src/modules/ledger/service.ts';
import { verifyLedger } from '../src/modules/ledger/verify.ts';
import { createWorld } from '../test/support/fixtures.ts';
import { Client } from '../test/support/http.ts';
import { freePort, type ServerProcess, startServerProcess } from '../test/load/server-process.ts';
import { insertMembers, openAccountsInBulk } from '../test/load/support.ts';
import { profileStatements, type StatementProfile } from './statements.ts';
import {
  type CpuPerOperation,
  cpuPerOperation,
  cpuProbe,
  dropDatabase,
  median,
  pgbench,
  pgbenchInit,
  ratio,
  recreateDatabase,
  round1,
  urlFor,
} from './common.ts';

export interface HttpBenchOptions {
  seconds: number;
  rounds: number;
  clients: number;
  /** Transfers of history loaded before measuring, on the server (PGlite: a quarter). */
  history: number;
  say: (line: string) => void;
}

const COLD_ACCOUNTS = 10_000;
const HOT_ACCOUNTS = 10;
const PGLITE_ACCOUNTS = 1_000;
const SECRET_KEY = 'cd'.repeat(32);
const TPCB_DB = 'timebank_bench_http_tpcb';
const APP_DB = 'timebank_bench_http';

// ------------------------------------------------------------------ a world to post in

interface BenchWorld {
  networkId: string;
  brokerEmail: string;
  brokerPersonId: string;
  accounts: string[];
}

/** North's ledger open with no practical floor (nothing is refused), `members` members with
 * accounts, and a broker who may move minutes between any two of them. */
async function buildWorld(database: Database, members: number): Promise<BenchWorld> {
  const db = database.db;
  const world = await createWorld(db);
  const ledger = createLedger({ db, clock: systemClock, log: silentLogger });
  await ledger.openTimebank(systemActor(world.networkA), {
    timebankId: world.north,
    settings: { balanceMinutesMin: -1_000_000_000 },
  });
  const memberIds = await insertMembers(db, world.networkA, world.north, members, 'Bench');
  const accounts = await openAccountsInBulk(db, world.networkA, memberIds);
  return {
    networkId: world.networkA,
    brokerEmail: world.brokerNorth.email!,
    brokerPersonId: world.brokerNorth.id,
    accounts,
  };
}

/** UUIDv7-shaped ids (time first, as the application makes them) in SQL. */
const V7 = `(lpad(to_hex(floor(extract(epoch from clock_timestamp()) * 1000)::bigint), 12, '0')
  || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`;

/** `count` transfers between random accounts, each through ledger_post as the app posts
 * them, in transactions of up to 5,000, each table analyzed after each transaction (the
 * plans the posting function caches while `transfer` is nearly empty scan it whole, and the
 * load slows down as it grows); then VACUUM ANALYZE. */
async function loadHistory(database: Database, w: BenchWorld, count: number): Promise<void> {
  for (let done = 0; done < count; ) {
    const n = Math.min(done === 0 ? 500 : 5_000, count - done);
    done += n;
    await database.execScript(`
      do $$
      declare
        accts uuid[] := (select array_agg(id order by id) from account
                         where network_id = '${w.networkId}' and owner_kind = 'member');
        n int := cardinality(accts);
        d int;
        c int;
      begin
        for i in 1..${n} loop
          d := 1 + floor(random() * n)::int;
          c := 1 + (d + floor(random() * (n - 1))::int) % n;
          perform ledger_post('${w.networkId}'::uuid, jsonb_build_object(
            'recorded_by_person_id', '${w.brokerPersonId}',
            'transfers', jsonb_build_array(jsonb_build_object(
              'id', ${V7.replace(/\n/g, ' ')}, 'phase', 'posted',
              'debit_account_id', accts[d], 'credit_account_id', accts[c],
              'minutes', 1 + floor(random() * 60)::int, 'kind', 'exchange',
              'category', 'history'))));
        end loop;
      end $$;
      analyze account, transfer;`);
  }
  await database.execScript('vacuum analyze');
}

// ------------------------------------------------------------------ HTTP load

interface Session {
  url: string;
  headers: Record<string, string>;
}

async function signIn(url: string, email: string): Promise<Session> {
  const c = new Client(url);
  const r = await c.signIn(email);
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status} ${r.text}`);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    url,
    headers: { cookie, 'x-csrf-token': c.csrf!, 'content-type': 'application/json' },
  };
}

/** A transfer body as a client would send it: a new id, two different random accounts. */
function transferBody(accounts: string[]): string {
  const a = Math.floor(Math.random() * accounts.length);
  const b = (a + 1 + Math.floor(Math.random() * (accounts.length - 1))) % accounts.length;
  return JSON.stringify({
    id: newId(),
    debitAccountId: accounts[a],
    creditAccountId: accounts[b],
    minutes: 1 + Math.floor(Math.random() * 60),
    kind: 'exchange',
    category: 'bench',
  });
}

export interface LoadResult {
  tps: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<string, number>;
  errors: number;
  cpu: CpuPerOperation;
}

async function httpLoad(
  session: Session,
  accounts: string[],
  opts: { seconds: number; clients: number; overallRate?: number },
  cpu?: { appPid: number; database?: string },
): Promise<LoadResult> {
  const stop = cpu ? await cpuProbe(cpu.appPid, cpu.database) : undefined;
  const result = await autocannon({
    url: session.url,
    connections: opts.clients,
    duration: opts.seconds,
    timeout: 30,
    ...(opts.overallRate ? { overallRate: Math.max(1, Math.round(opts.overallRate)) } : {}),
    requests: [
      {
        method: 'POST',
        path: '/api/v1/transfers',
        headers: session.headers,
        setupRequest: (req) => ({ ...req, body: transferBody(accounts) }),
      },
    ],
  });
  const used = stop ? await stop() : undefined;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]),
  );
  const created = statuses['201'] ?? 0;
  return {
    tps: created / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statuses,
    errors: result.errors,
    cpu: cpuPerOperation(
      used ?? { app: 0, postgres: 0, loadGenerator: 0, machineBusy: 0, machineTotal: 1 },
      created,
    ),
  };
}

function checkStatuses(label: string, r: LoadResult): void {
  const other = Object.keys(r.statuses).filter((s) => s !== '201');
  if (other.length > 0 || r.errors > 0) {
    throw new Error(`${label}: statuses ${JSON.stringify(r.statuses)}, ${r.errors} errors`);
  }
}

// ------------------------------------------------------------------ PostgreSQL server

interface ServerRound {
  pgbenchTps: number;
  /** Machine CPU per pgbench transaction (pgbench's own included). */
  pgbenchMachineCpuMs: number;
  cold: LoadResult;
  hot: LoadResult;
}

const WHAT_IF_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'what-if-server.ts');

/** `timebank serve` (or, with `whatIf`, bench/what-if-server.ts) on a free port, its output
 * going to a file in `logDir`. */
async function startApp(
  logDir: string,
  env: Record<string, string>,
  log: string,
  whatIf = false,
): Promise<ServerProcess> {
  return startServerProcess({
    port: await freePort(),
    env: { TIMEBANK_SECRET_KEY: SECRET_KEY, TIMEBANK_DATA_DIR: logDir, ...env },
    logFile: path.join(logDir, log),
    ...(whatIf ? { nodeArgs: ['--import', 'tsx', WHAT_IF_SERVER] } : {}),
  });
}

async function serverRound(
  opts: HttpBenchOptions,
  session: Session,
  app: ServerProcess,
  accounts: string[],
): Promise<ServerRound> {
  const { seconds, clients } = opts;
  const stopTpcb = await cpuProbe(undefined, undefined);
  const pgbenchTps = await pgbenchTpcb(opts);
  const tpcbCpu = await stopTpcb();
  const cpu = { appPid: app.pid, database: APP_DB };
  const cold = await httpLoad(session, accounts, { seconds, clients }, cpu);
  checkStatuses('HTTP, 10,000 accounts', cold);
  const hot = await httpLoad(session, accounts.slice(0, HOT_ACCOUNTS), { seconds, clients }, cpu);
  checkStatuses('HTTP, 10 hot accounts', hot);
  return {
    pgbenchTps,
    pgbenchMachineCpuMs: cpuPerOperation(tpcbCpu, pgbenchTps * seconds).machineMs,
    cold,
    hot,
  };
}

/** pgbench's TPC-B-like transaction, -M prepared, `clients` clients on 2 threads. */
function pgbenchTpcb(opts: HttpBenchOptions): Promise<number> {
  const args = ['-n', '-M', 'prepared', '-c', String(opts.clients), '-j', '2'];
  return pgbench(TPCB_DB, [...args, '-T', String(opts.seconds)]);
}

const brief = (r: LoadResult) =>
  `${round1(r.tps)}/s p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms (CPU/transfer: app ${r.cpu.appMs} ms, PostgreSQL ${r.cpu.postgresMs} ms, load ${r.cpu.loadGeneratorMs} ms, others ${r.cpu.othersMs} ms, machine ${r.cpu.machineMs} ms; ${Math.round(r.cpu.machineBusyShare * 100)}% busy)`;

async function serverBench(opts: HttpBenchOptions) {
  const { say, seconds, clients } = opts;
  const dir = mkdtempSync(path.join(tmpdir(), 'timebank-bench-http-'));
  let app: ServerProcess | undefined;
  try {
    say(`server: pgbench -i -s ${Math.max(10, clients)}; app database with 10,000 accounts`);
    await recreateDatabase(TPCB_DB);
    await pgbenchInit(TPCB_DB, Math.max(10, clients));
    await recreateDatabase(APP_DB);
    const database = await openDatabase({ databaseUrl: urlFor(APP_DB), dataDir: '', poolMax: 4 });
    await migrate(database);
    const w = await buildWorld(database, COLD_ACCOUNTS);
    const t0 = performance.now();
    await loadHistory(database, w, opts.history);
    say(
      `server: ${opts.history} transfers of history in ${round1((performance.now() - t0) / 1000)} s`,
    );
    await database.close();

    app = await startApp(dir, { DATABASE_URL: urlFor(APP_DB) }, 'server.log');
    const session = await signIn(app.url, w.brokerEmail);
    await httpLoad(session, w.accounts, { seconds: 2, clients }); // warm-up, not counted
    const rounds: ServerRound[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const r = await serverRound(opts, session, app, w.accounts);
      rounds.push(r);
      say(
        `server round ${i + 1}: pgbench ${round1(r.pgbenchTps)} tps; HTTP 10,000 accounts ${brief(r.cold)}; 10 hot ${brief(r.hot)}`,
      );
    }
    const coldMax = median(rounds.map((r) => r.cold.tps));
    const hotMax = median(rounds.map((r) => r.hot.tps));
    const cpu = { appPid: app.pid, database: APP_DB };
    const halfCold = await httpLoad(
      session,
      w.accounts,
      { seconds: seconds * 2, clients, overallRate: coldMax / 2 },
      cpu,
    );
    checkStatuses('half rate, 10,000 accounts', halfCold);
    const halfHot = await httpLoad(
      session,
      w.accounts.slice(0, HOT_ACCOUNTS),
      { seconds: seconds * 2, clients, overallRate: hotMax / 2 },
      cpu,
    );
    checkStatuses('half rate, 10 hot', halfHot);
    say(`half the maximum rate: 10,000 accounts ${brief(halfCold)}; 10 hot ${brief(halfHot)}`);
    const profile = await serverProfile(opts, dir, w, { app, session });
    await app.stop();
    return await finishServer(rounds, halfCold, halfHot, profile);
  } finally {
    await app?.kill9();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Variant {
  name: string;
  app: ServerProcess;
  session: Session;
}

/** Where the time of a request goes. Statements per request, counted in this process on an
 * app built the same way. Then three servers side by side, measured in interleaved rounds
 * on 10,000 accounts: the app as served (log level info), the app at log level warn, and
 * the what-if server (the per-request lookups served from memory), which is also measured
 * at half its maximum rate. */
async function serverProfile(
  opts: HttpBenchOptions,
  dir: string,
  w: BenchWorld,
  served: { app: ServerProcess; session: Session },
) {
  const statements: StatementProfile = await profileStatements(urlFor(APP_DB), w, 200);
  opts.say(`statements per transfer request: ${JSON.stringify(statements)}`);
  const env = { DATABASE_URL: urlFor(APP_DB) };
  const variants: Variant[] = [{ name: 'logLevelInfo', ...served }];
  try {
    for (const [name, extra, whatIf] of [
      ['logLevelWarn', { TIMEBANK_LOG_LEVEL: 'warn' }, false],
      ['whatIfLookupsInMemory', {}, true],
    ] as const) {
      const app = await startApp(dir, { ...env, ...extra }, `${name}.log`, whatIf);
      variants.push({ name, app, session: await signIn(app.url, w.brokerEmail) });
      await httpLoad(variants.at(-1)!.session, w.accounts, { seconds: 2, clients: opts.clients });
    }
    const results = new Map<string, LoadResult[]>(variants.map((v) => [v.name, []]));
    const { seconds, clients } = opts;
    for (let i = 0; i < opts.rounds; i++) {
      for (const v of variants) {
        const cpu = { appPid: v.app.pid, database: APP_DB };
        const r = await httpLoad(v.session, w.accounts, { seconds, clients }, cpu);
        checkStatuses(v.name, r);
        results.get(v.name)!.push(r);
        opts.say(`profile round ${i + 1}, ${v.name}: ${brief(r)}`);
      }
    }
    const summary = (name: string) => {
      const rs = results.get(name)!;
      const m = (f: (r: LoadResult) => number) => round1(median(rs.map(f)));
      return {
        tps: m((r) => r.tps),
        p99Ms: m((r) => r.p99Ms),
        appCpuMs: m((r) => r.cpu.appMs),
        postgresCpuMs: m((r) => r.cpu.postgresMs),
        machineCpuMs: m((r) => r.cpu.machineMs),
      };
    };
    const whatIf = variants.find((v) => v.name === 'whatIfLookupsInMemory')!;
    const whatIfTps = summary(whatIf.name).tps;
    const half = await httpLoad(
      whatIf.session,
      w.accounts,
      { seconds: seconds * 2, clients, overallRate: whatIfTps / 2 },
      { appPid: whatIf.app.pid, database: APP_DB },
    );
    checkStatuses('what-if at half rate', half);
    opts.say(`what-if at half its maximum rate: ${brief(half)}`);
    return {
      statements,
      logLevelInfo: summary('logLevelInfo'),
      logLevelWarn: summary('logLevelWarn'),
      whatIfLookupsInMemory: { ...summary(whatIf.name), halfRate: half },
      rounds: Object.fromEntries(results),
    };
  } finally {
    for (const v of variants.slice(1)) await v.app.stop();
  }
}

/** HTTP on 10,000 accounts against a server started for it (the PGlite what-if). */
async function measureVariant(
  opts: HttpBenchOptions,
  app: ServerProcess,
  w: BenchWorld,
  label: string,
): Promise<LoadResult> {
  const session = await signIn(app.url, w.brokerEmail);
  await httpLoad(session, w.accounts, { seconds: 2, clients: opts.clients });
  const { seconds, clients } = opts;
  const r = await httpLoad(session, w.accounts, { seconds, clients }, { appPid: app.pid });
  checkStatuses(label, r);
  opts.say(`${label}: ${brief(r)}`);
  return r;
}

async function finishServer(
  rounds: ServerRound[],
  halfCold: LoadResult,
  halfHot: LoadResult,
  profile: Awaited<ReturnType<typeof serverProfile>>,
) {
  const database = await openDatabase({ databaseUrl: urlFor(APP_DB), dataDir: '', poolMax: 2 });
  const violations = await verifyLedger(database.db);
  const transfers = await sql<{ n: number }>`select count(*)::int as n from transfer`.execute(
    database.db,
  );
  await database.close();
  if (!process.env.BENCH_KEEP) await Promise.all([dropDatabase(APP_DB), dropDatabase(TPCB_DB)]);
  const m = (f: (r: ServerRound) => number) => round1(median(rounds.map(f)));
  const medians = {
    pgbenchTps: m((r) => r.pgbenchTps),
    httpColdTps: m((r) => r.cold.tps),
    httpHotTps: m((r) => r.hot.tps),
    httpColdP50Ms: m((r) => r.cold.p50Ms),
    httpColdP99Ms: m((r) => r.cold.p99Ms),
    httpHotP99Ms: m((r) => r.hot.p99Ms),
    pgbenchMachineCpuMs: m((r) => r.pgbenchMachineCpuMs),
    httpColdMachineCpuMs: m((r) => r.cold.cpu.machineMs),
    httpColdAppCpuMs: m((r) => r.cold.cpu.appMs),
    httpColdPostgresCpuMs: m((r) => r.cold.cpu.postgresMs),
    httpColdLoadGeneratorCpuMs: m((r) => r.cold.cpu.loadGeneratorMs),
  };
  return {
    rounds,
    medians,
    halfRate: { cold: halfCold, hot: halfHot },
    ratios: {
      httpVsPgbench: ratio(medians.httpColdTps, medians.pgbenchTps),
      httpHotVsCold: ratio(medians.httpHotTps, medians.httpColdTps),
      whatIfVsPgbench: ratio(profile.whatIfLookupsInMemory.tps, medians.pgbenchTps),
      whatIfVsServed: ratio(profile.whatIfLookupsInMemory.tps, profile.logLevelInfo.tps),
      logLevelWarnVsInfo: ratio(profile.logLevelWarn.tps, profile.logLevelInfo.tps),
    },
    profile,
    transfers: transfers.rows[0]!.n,
    violations: violations.length,
  };
}

// ------------------------------------------------------------------ PGlite

/** The posting without HTTP or the service: ledger_post called directly, the same batch the
 * service builds, one call after another, for `seconds`. */
async function bareLoop(database: Database, w: BenchWorld, seconds: number): Promise<number> {
  const instance = database.pglite!;
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    const body = JSON.parse(transferBody(w.accounts));
    const batch = {
      at: new Date().toISOString(),
      recorded_by_person_id: w.brokerPersonId,
      on_behalf_of_person_id: null,
      transfers: [
        {
          id: body.id,
          phase: 'posted',
          debit_account_id: body.debitAccountId,
          credit_account_id: body.creditAccountId,
          minutes: body.minutes,
          kind: body.kind,
          category: body.category,
          memo: null,
          reason: null,
          exchange_id: null,
          activity_id: null,
        },
      ],
    };
    await instance.query('select ledger_post($1::uuid, $2::jsonb)', [
      w.networkId,
      JSON.stringify(batch),
    ]);
    done++;
  }
  return done / ((performance.now() - t0) / 1000);
}

async function pgliteMode(
  opts: HttpBenchOptions,
  durability: Durability,
  bareDir: string,
  httpDir: string,
  w: BenchWorld,
) {
  const bare = await openDatabase({
    databaseUrl: undefined,
    dataDir: bareDir,
    poolMax: 1,
    durability,
  });
  const env: Record<string, string> =
    durability === 'sync' ? {} : { TIMEBANK_DURABILITY: durability };
  let app = await startApp(httpDir, env, `server-${durability}.log`);
  try {
    const session = await signIn(app.url, w.brokerEmail);
    await httpLoad(session, w.accounts, { seconds: 1, clients: opts.clients });
    await bareLoop(bare, w, 1);
    const rounds: { bareTps: number; http: LoadResult }[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      const bareTps = await bareLoop(bare, w, opts.seconds);
      const http = await httpLoad(
        session,
        w.accounts,
        { seconds: opts.seconds, clients: opts.clients },
        { appPid: app.pid },
      );
      checkStatuses(`PGlite ${durability}`, http);
      rounds.push({ bareTps, http });
      opts.say(
        `pglite ${durability} round ${i + 1}: bare ${round1(bareTps)}/s; HTTP ${brief(http)}`,
      );
    }
    const bareTps = round1(median(rounds.map((r) => r.bareTps)));
    const httpTps = round1(median(rounds.map((r) => r.http.tps)));
    // The same data directory, served by the what-if server (lookups in memory).
    await app.stop();
    app = await startApp(httpDir, env, `what-if-${durability}.log`, true);
    const whatIf = await measureVariant(opts, app, w, `pglite ${durability} what-if`);
    return {
      rounds,
      bareSqlTps: bareTps,
      httpTps,
      httpP99Ms: median(rounds.map((r) => r.http.p99Ms)),
      httpVsBare: ratio(httpTps, bareTps),
      whatIfLookupsInMemory: whatIf,
      whatIfVsBare: ratio(whatIf.tps, bareTps),
    };
  } finally {
    await app.stop();
    await bare.close();
  }
}

async function pgliteBench(opts: HttpBenchOptions) {
  const bareDir = mkdtempSync(path.join(tmpdir(), 'timebank-bench-pglite-bare-'));
  const httpDir = mkdtempSync(path.join(tmpdir(), 'timebank-bench-pglite-http-'));
  try {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: bareDir, poolMax: 1 });
    await migrate(database);
    const w = await buildWorld(database, PGLITE_ACCOUNTS);
    await loadHistory(database, w, Math.round(opts.history / 4));
    await database.close();
    cpSync(bareDir, httpDir, { recursive: true });
    const sync = await pgliteMode(opts, 'sync', bareDir, httpDir, w);
    const relaxed = await pgliteMode(opts, 'relaxed', bareDir, httpDir, w);
    const violations: number[] = [];
    for (const dataDir of [bareDir, httpDir]) {
      const db = await openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1 });
      violations.push((await verifyLedger(db.db)).length);
      await db.close();
    }
    return { accounts: PGLITE_ACCOUNTS, sync, relaxed, violations };
  } finally {
    rmSync(bareDir, { recursive: true, force: true });
    rmSync(httpDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ entry

export async function runHttpBench(opts: HttpBenchOptions) {
  const server = await serverBench(opts);
  const pglite = await pgliteBench(opts);
  return {
    clients: opts.clients,
    seconds: opts.seconds,
    rounds: opts.rounds,
    history: opts.history,
    server,
    pglite,
  };
}

export type HttpBenchResult = Awaited<ReturnType<typeof runHttpBench>>;
