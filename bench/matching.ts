// Broker matching benchmark (issue 6, docs/performance.md): npm run bench -- matching
//
// On the PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// a database bench_matching_<random> is made, migrated and filled in set-based SQL
// (generate_series) with one network of BENCH_MEMBERS members (1,000,000) in ten timebanks of
// 100,000: areas (islands among them), profiles for 40 % with two offered categories and words,
// availability windows, restrictions, checks, ledger accounts with balances, open offers, open
// requests, and 200,000 past exchanges in the measured timebank. Then the ranking of requests
// of that timebank runs through the matching service as its broker (the policy, the request,
// the pre-filter, the facts, the pure ranking): BENCH_QUERIES (300) after BENCH_WARMUP (30),
// one at a time. JSON under bench/results/. The target: p95 under 50 ms. The database is
// dropped at the end unless BENCH_KEEP=1.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import type { Principal } from '../src/modules/auth/principal.ts';
import { TAXONOMY } from '../src/modules/categories/taxonomy.ts';
import { createMatching } from '../src/modules/matching/service.ts';
import { createSafeguarding } from '../src/modules/safeguarding/service.ts';
import { createSecretBox } from '../src/lib/secretbox.ts';
import { dropDatabase, recreateDatabase, urlFor } from './common.ts';

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const NAME = `bench_matching_${Math.random().toString(36).slice(2, 8)}`;
const settings = {
  members: Number(process.env.BENCH_MEMBERS ?? 1_000_000),
  queries: Number(process.env.BENCH_QUERIES ?? 300),
  warmup: Number(process.env.BENCH_WARMUP ?? 30),
};
const TIMEBANKS = 10;
const AREAS = 20;
const TARGET_P95_MS = 50;
const say = (line: string) => console.log(line);

/** A deterministic UUID (version 7 form) for row n of a kind. */
const uid = (kind: number, n: string) => sql.raw(`('0000000${kind}-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`);
const SLUGS = TAXONOMY.flatMap((t) => t.subs.map((s) => s.slug));
const WORDS = ['hedge', 'garden', 'lawn', 'shopping', 'lift', 'hospital', 'computer', 'phone', 'reading', 'letters', 'cooking', 'baking', 'dog', 'walks', 'sewing', 'painting', 'ironing', 'laundry', 'bike', 'repairs'];
const arr = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/** The seed, statement by statement: every table in one set-based insert. */
function seedStatements(members: number) {
  const perTb = Math.floor(members / TIMEBANKS);
  const tb = (expr: string) => uid(2, `(${expr})`);
  return [
    sql`insert into network (id, slug, name) values (${uid(1, '1')}, 'bench', 'Bench network')`,
    sql`insert into timebank (network_id, id, slug, name) select ${uid(1, '1')}, ${tb('t')}, 'tb-' || t, 'Timebank ' || t from generate_series(0, ${sql.lit(TIMEBANKS - 1)}) t`,
    sql`insert into timebank_ledger_settings (network_id, timebank_id, balance_minutes_min) select ${uid(1, '1')}, ${tb('t')}, -6000 from generate_series(0, ${sql.lit(TIMEBANKS - 1)}) t`,
    sql`insert into area (network_id, id, timebank_id, name, kind)
        select ${uid(1, '1')}, ${uid(3, `(t * ${AREAS} + a)`)}, ${tb('t')}, 'Area ' || a, case when a % 5 = 0 then 'island' else 'village' end
          from generate_series(0, ${sql.lit(TIMEBANKS - 1)}) t, generate_series(0, ${sql.lit(AREAS - 1)}) a`,
    sql`insert into person (network_id, id, display_name, birth_year)
        select ${uid(1, '1')}, ${uid(4, 'i')}, 'Person ' || i, 1940 + i % 70 from generate_series(0, ${sql.lit(members - 1)}) i`,
    sql`insert into member (network_id, id, timebank_id, person_id, status, paused_until, area_id, joined_on)
        select ${uid(1, '1')}, ${uid(5, 'i')}, ${tb(`i / ${perTb} % ${TIMEBANKS}`)}, ${uid(4, 'i')},
               case when i % 20 = 0 then 'paused' when i % 20 = 1 then 'left' else 'active' end,
               case when i % 20 = 0 then date '2030-01-01' end,
               ${uid(3, `((i / ${perTb} % ${TIMEBANKS}) * ${AREAS} + i % ${AREAS})`)}, date '2024-01-01'
          from generate_series(0, ${sql.lit(members - 1)}) i`,
    sql`insert into member_profile (network_id, member_id, offer_text)
        select ${uid(1, '1')}, ${uid(5, 'i')}, 'I can help with ' || (${sql.raw(arr(WORDS))})[1 + i % ${sql.lit(WORDS.length)}] || ' and ' || (${sql.raw(arr(WORDS))})[1 + (i / 7) % ${sql.lit(WORDS.length)}]
          from generate_series(0, ${sql.lit(members - 1)}) i where i % 5 < 2`,
    sql`insert into member_profile_category (network_id, member_id, kind, category_slug)
        select ${uid(1, '1')}, ${uid(5, 'i')}, 'offer', (${sql.raw(arr(SLUGS))})[1 + (i * k) % ${sql.lit(SLUGS.length)}]
          from generate_series(0, ${sql.lit(members - 1)}) i, (values (7), (13)) v(k) where i % 5 < 2 on conflict do nothing`,
    sql`insert into availability_window (network_id, member_id, weekday, part)
        select ${uid(1, '1')}, ${uid(5, 'i')}, 1 + i % 7, (array['morning','afternoon','evening'])[1 + i % 3] from generate_series(0, ${sql.lit(members - 1)}) i where i % 3 = 0`,
    sql`insert into member_restriction (network_id, member_id, kind) select ${uid(1, '1')}, ${uid(5, 'i')}, 'no_home_visits' from generate_series(0, ${sql.lit(members - 1)}) i where i % 50 = 7`,
    sql`insert into account (network_id, id, timebank_id, owner_kind, member_id, credits_posted, debits_posted, entry_count, balance_minutes_min)
        select ${uid(1, '1')}, ${uid(6, 'i')}, ${tb(`i / ${perTb} % ${TIMEBANKS}`)}, 'member', ${uid(5, 'i')}, (i * 37) % 3000, case when i % 4 = 0 then 0 else (i * 53) % 4000 end, 2, -6000
          from generate_series(0, ${sql.lit(members - 1)}) i`,
    sql`insert into listing (network_id, id, timebank_id, kind, member_id, title, category_slug, area_id, mode, expires_on, created_by_person_id)
        select ${uid(1, '1')}, ${uid(7, 'i')}, ${tb(`i * 20 / ${perTb} % ${TIMEBANKS}`)}, case when i % 2 = 0 then 'offer' else 'request' end, ${uid(5, 'i * 20')},
               (${sql.raw(arr(WORDS))})[1 + i % ${sql.lit(WORDS.length)}] || ' help', (${sql.raw(arr(SLUGS))})[1 + i % ${sql.lit(SLUGS.length)}],
               ${uid(3, `((i * 20 / ${perTb} % ${TIMEBANKS}) * ${AREAS} + (i * 20) % ${AREAS})`)}, (array['home','outside','online'])[1 + i % 3], date '2099-01-01', ${uid(4, 'i * 20')}
          from generate_series(0, ${sql.lit(Math.floor(members / 20) - 1)}) i`,
    sql`insert into exchange (network_id, id, timebank_id, listing_id, receiver_member_id, state, what, category_slug, mode, check_needed)
        select ${uid(1, '1')}, ${uid(8, 'i')}, ${tb('0')}, ${uid(7, `(2 * (i % ${Math.floor(perTb / 40)}) + 1)`)}, ${uid(5, `((2 * (i % ${Math.floor(perTb / 40)}) + 1) * 20)`)}, 'agreed', 'help', 'home-garden', 'home', false
          from generate_series(0, ${sql.lit(Math.floor(perTb * 2) - 1)}) i`,
    sql`insert into exchange_giver (network_id, exchange_id, member_id, position) select ${uid(1, '1')}, ${uid(8, 'i')}, ${uid(5, `((i * 7919) % ${perTb})`)}, 0 from generate_series(0, ${sql.lit(Math.floor(perTb * 2) - 1)}) i`,
    sql`insert into exchange_occurrence (network_id, id, exchange_id, seq, starts_at, ends_at, state)
        select ${uid(1, '1')}, ${uid(9, 'i')}, ${uid(8, 'i')}, 1, timestamptz '2025-01-01' + (i % 365) * interval '1 day', timestamptz '2025-01-01' + (i % 365) * interval '1 day' + interval '1 hour',
               case when i % 10 = 0 then 'no_show' when i % 10 = 1 then 'cancelled' else 'confirmed' end
          from generate_series(0, ${sql.lit(Math.floor(perTb * 2) - 1)}) i`,
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  say(`matching benchmark: ${settings.members} members in ${TIMEBANKS} timebanks, database ${NAME}`);
  await recreateDatabase(NAME);
  const database = await openDatabase({ databaseUrl: urlFor(NAME), dataDir: '', poolMax: 14 });
  try {
    await migrate(database);
    const db = database.db;
    const seedStarted = Date.now();
    for (const s of seedStatements(settings.members)) await s.execute(db);
    await sql`vacuum analyze`.execute(db);
    const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
    say(`seeded in ${seedSeconds} s`);
    const tb0 = (await sql<{ id: string }>`select ${uid(2, '0')} as id`.execute(db)).rows[0]!.id;
    const net = (await sql<{ id: string }>`select ${uid(1, '1')} as id`.execute(db)).rows[0]!.id;
    const requests = (
      await sql<{ id: string }>`select id from listing where network_id = ${net} and timebank_id = ${tb0} and kind = 'request' and status = 'open' order by id limit 200`.execute(db)
    ).rows.map((r) => r.id);
    const principal: Principal = {
      networkId: net,
      personId: (await sql<{ id: string }>`select ${uid(4, '0')} as id`.execute(db)).rows[0]!.id,
      memberships: [],
      grants: [{ role: 'broker', timebankId: tb0 }],
      sessionId: '',
      displayName: 'Broker',
      locale: 'en',
      csrfToken: '',
      stage: 'ready',
      actingFor: null,
      currentTimebankId: tb0,
      totpEnabled: false,
    };
    const safeguarding = createSafeguarding({ db, clock: systemClock, secretBox: createSecretBox(Buffer.alloc(32, 1)) });
    const matching = createMatching({ db, clock: systemClock, safeguarding });
    const times: number[] = [];
    let considered = 0;
    for (let i = 0; i < settings.warmup + settings.queries; i++) {
      const t0 = performance.now();
      const r = await matching.rankRequest(principal, tb0, requests[i % requests.length]!);
      const ms = performance.now() - t0;
      if (i >= settings.warmup) {
        times.push(ms);
        considered += r.considered;
      }
    }
    times.sort((a, b) => a - b);
    const result = {
      benchmark: 'matching',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverage: loadavg() },
      settings: { ...settings, timebanks: TIMEBANKS, membersPerTimebank: Math.floor(settings.members / TIMEBANKS) },
      seedSeconds,
      candidatesConsideredMean: Math.round(considered / times.length),
      ms: { p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1), p99: +percentile(times, 99).toFixed(1), max: +times[times.length - 1]!.toFixed(1) },
      target: { p95Ms: TARGET_P95_MS, met: percentile(times, 95) < TARGET_P95_MS },
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `matching-${result.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    say(`ranking p50 ${result.ms.p50} ms, p95 ${result.ms.p95} ms, p99 ${result.ms.p99} ms (target p95 < ${TARGET_P95_MS} ms: ${result.target.met ? 'met' : 'MISSED'}); ${result.candidatesConsideredMean} candidates considered on average`);
    say(`written ${file}`);
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP !== '1') await dropDatabase(NAME);
  }
}

await main();
