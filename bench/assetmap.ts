// Community asset map benchmark (issue 9, docs/performance.md): npm run bench -- assetmap
//
// On the PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// a database bench_assetmap_<random> is made, migrated and filled set-based (generate_series in
// the database) with one network whose timebank has BENCH_MEMBERS members (1,000,000) in 50
// areas, and 60 top-level categories: open offers and requests, completed capability
// conversations with their categories, profile categories, survey answers, and exchanges with
// their hours in the last year. Then the map's snapshot is refreshed (the sweep's work, timed)
// and 23 earlier months are copied in as history (the trend). The figure with a target: the
// map's data as the service gives it to a coordinator (cells, area totals, gaps, trend, names)
// under 1 s. Also timed: the lists behind one cell, and the pillars. JSON under bench/results/.
// BENCH_KEEP=1 keeps the database.
//
// The exchanges' hours point at transfers in production; posting a million-member ledger here
// would measure the ledger, not the map, so the foreign key from exchange_hours to transfer is
// dropped in this database only and the hours are written directly.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import { silentLogger } from '../src/lib/log.ts';
import { createActivities } from '../src/modules/activities/service.ts';
import { createAssetMap } from '../src/modules/assetmap/service.ts';
import type { Principal } from '../src/modules/auth/principal.ts';
import { createLedger } from '../src/modules/ledger/service.ts';
import { dropDatabase, recreateDatabase, urlFor } from './common.ts';

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const NAME = `bench_assetmap_${randomBytes(4).toString('hex')}`;
const settings = {
  members: Number(process.env.BENCH_MEMBERS ?? 1_000_000),
  areas: 50,
  categories: 60,
  reads: Number(process.env.BENCH_READS ?? 30),
};
const TARGET_MS = 1000;
const say = (line: string) => console.log(line);
const NET = '01900000-0000-7000-8000-000000000001';
const TB = '01900000-0000-7000-8000-000000000002';
const COORD = '01900000-0000-7000-8000-000000000003';

/** The seed, one statement after another; member i is in area i % 50, categories spread by i. */
function seedSql(n: number): string {
  const cat = (expr: string) => `'cat-' || lpad((abs(hashtext((${expr})::text)) % ${settings.categories} + 1)::text, 2, '0')`;
  return `
insert into network (id, slug, name) values ('${NET}'::uuid, 'bench', 'Bench network');
insert into timebank (network_id, id, slug, name) values ('${NET}'::uuid, '${TB}'::uuid, 'bench', 'Bench timebank');
create temporary table bench_area as
  select a as n, (lpad(to_hex(a), 8, '0') || '-0000-7000-8000-000000000000')::uuid as id from generate_series(1, ${settings.areas}) a;
insert into area (network_id, id, timebank_id, name, kind) select '${NET}'::uuid, id, '${TB}'::uuid, 'Area ' || n, 'village' from bench_area;
insert into person (network_id, id, display_name) values ('${NET}'::uuid, '${COORD}'::uuid, 'Coordinator');
create temporary table bench_m as
  select i, gen_random_uuid() as person_id, gen_random_uuid() as member_id from generate_series(1, ${n}) i;
insert into person (network_id, id, display_name) select '${NET}'::uuid, person_id, 'Member ' || i from bench_m;
insert into member (network_id, id, timebank_id, person_id, status, paused_until, area_id, joined_on)
  select '${NET}'::uuid, m.member_id, '${TB}'::uuid, m.person_id, case when i % 20 = 0 then 'left' when i % 10 = 0 then 'paused' else 'active' end,
    case when i % 20 <> 0 and i % 10 = 0 then date '2030-01-01' end, a.id, '2025-01-01'
  from bench_m m join bench_area a on a.n = i % ${settings.areas} + 1;
-- Open offers (one member in 8) and requests (one in 6).
insert into listing (network_id, id, timebank_id, kind, member_id, title, category_slug, area_id, mode, expires_on, created_by_person_id)
  select '${NET}'::uuid, gen_random_uuid(), '${TB}'::uuid, case when i % 8 = 0 then 'offer' else 'request' end, member_id, 'Help ' || i, ${cat('i * 7')}, null, 'home', '2030-01-01', person_id
  from bench_m where i % 8 = 0 or i % 6 = 0;
-- Completed conversations (one member in 4): two gifts and a need each.
create temporary table bench_c as select gen_random_uuid() as id, i, member_id, person_id from bench_m where i % 4 = 0;
insert into capability_conversation (network_id, id, timebank_id, member_id, status, held_by, step, hands_text, hours_per_month, ways, created_by_person_id, updated_by_person_id, completed_at)
  select '${NET}'::uuid, id, '${TB}'::uuid, member_id, 'complete', 'online', 'time', 'Bench', i % 12, array['join_group'], person_id, person_id, now() - interval '40 days'
  from bench_c;
insert into capability_conversation_category (network_id, conversation_id, kind, category_slug)
  select '${NET}'::uuid, id, 'hands', ${cat('i')} from bench_c
  union all select '${NET}'::uuid, id, 'head', ${cat('i + 13')} from bench_c
  union all select '${NET}'::uuid, id, 'need', ${cat('i + 29')} from bench_c where i % 3 = 0;
-- Profiles with categories (one member in 5).
insert into member_profile (network_id, member_id) select '${NET}'::uuid, member_id from bench_m where i % 5 = 0;
insert into member_profile_category (network_id, member_id, kind, category_slug)
  select '${NET}'::uuid, member_id, 'skill', ${cat('i * 3')} from bench_m where i % 5 = 0;
-- Survey answers (one member in 10).
insert into community_survey_response (network_id, member_id, timebank_id, co_produces_now, would_do_more, ways, extra_hours_per_month, answered_at, answered_by_person_id)
  select '${NET}'::uuid, member_id, '${TB}'::uuid, i % 3 = 0, i % 2 = 0, array['design_service'], i % 5, now(), person_id from bench_m where i % 10 = 0;
-- Exchanges on requests in the last year, with their hours (one request in 3).
alter table exchange_hours drop constraint exchange_hours_network_id_transfer_id_fkey;
create temporary table bench_x as
  select gen_random_uuid() as id, gen_random_uuid() as occ, l.id as listing_id, l.member_id as receiver, l.category_slug, g.member_id as giver, row_number() over () as k
  from listing l join bench_m g on g.i = (abs(hashtext(l.id::text)) % ${n}) + 1
  where l.kind = 'request' and abs(hashtext(l.id::text)) % 3 = 0;
insert into exchange (network_id, id, timebank_id, listing_id, receiver_member_id, state, what, category_slug, mode, check_needed)
  select '${NET}'::uuid, id, '${TB}'::uuid, listing_id, receiver, 'agreed', 'Bench', category_slug, 'home', false from bench_x;
insert into exchange_occurrence (network_id, id, exchange_id, seq, starts_at, ends_at, state)
  select '${NET}'::uuid, occ, id, 1, now() - (k % 300) * interval '1 day', now() - (k % 300) * interval '1 day' + interval '1 hour', 'hours_recorded' from bench_x;
insert into exchange_hours (network_id, occurrence_id, giver_member_id, exchange_id, request_id, transfer_id, minutes, recorded_at)
  select '${NET}'::uuid, occ, giver, id, gen_random_uuid(), gen_random_uuid(), 60, now() - (k % 300) * interval '1 day' from bench_x;
`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const r1 = (x: number) => Math.round(x * 10) / 10;
function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { count: s.length, p50Ms: r1(percentile(s, 50)), p95Ms: r1(percentile(s, 95)), maxMs: r1(s.at(-1) ?? 0) };
}
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const s = performance.now();
  const v = await fn();
  return [performance.now() - s, v];
}

const coordinator: Principal = {
  networkId: NET,
  personId: COORD,
  memberships: [],
  grants: [{ role: 'coordinator', timebankId: TB }],
  sessionId: 'bench',
  displayName: 'Coordinator',
  locale: 'en',
  csrfToken: '',
  stage: 'ready',
  actingFor: null,
  currentTimebankId: TB,
  totpEnabled: false,
};

async function main() {
  const startedAt = new Date().toISOString();
  say(`bench assetmap: ${JSON.stringify(settings)} in ${NAME}, load average ${loadavg()[0]!.toFixed(2)}`);
  await recreateDatabase(NAME);
  const database = await openDatabase({ databaseUrl: urlFor(NAME), dataDir: '', poolMax: 2 });
  try {
    await migrate(database);
    const [seedMs] = await timed(() => database.db.connection().execute((c) => sql.raw(`begin;\n${seedSql(settings.members)}\ncommit;`).execute(c)));
    await sql`vacuum analyze`.execute(database.db);
    const counts = await sql<{ what: string; n: number }>`
      select 'members' as what, count(*)::int as n from member union all select 'listings', count(*)::int from listing
      union all select 'conversations', count(*)::int from capability_conversation union all select 'exchanges', count(*)::int from exchange`.execute(database.db);
    say(`seeded in ${Math.round(seedMs / 1000)} s: ${JSON.stringify(counts.rows)}`);

    const ledger = createLedger({ db: database.db, clock: systemClock, log: silentLogger });
    const activities = createActivities({ db: database.db, clock: systemClock, ledger, log: silentLogger });
    const map = createAssetMap({ db: database.db, clock: systemClock, log: silentLogger, activities });
    const [refreshMs, refreshed] = await timed(() => map.refreshTimebank(NET, TB));
    say(`refresh (the sweep's work for this timebank): ${Math.round(refreshMs)} ms, ${refreshed.cells} cells`);
    // 23 earlier months as history, as the sweep would have left them.
    await sql`
      insert into asset_map_cell select network_id, timebank_id, (month - k * interval '1 month')::date, area_id, category_top, people_offering, hours_offered, need_people, requests_open, exchanges_done
      from asset_map_cell, generate_series(1, 23) k;
      `.execute(database.db);
    await sql`
      insert into asset_map_area select network_id, timebank_id, (month - k * interval '1 month')::date, area_id, members, pillars, conversations, survey_answers, survey_co_producing, survey_would_do_more, survey_extra_hours, refreshed_at
      from asset_map_area, generate_series(1, 23) k`.execute(database.db);
    await sql`analyze asset_map_cell`.execute(database.db);
    await sql`analyze asset_map_area`.execute(database.db);

    const reads: number[] = [];
    let cells = 0;
    for (let i = 0; i < settings.reads + 3; i++) {
      const [ms, m] = await timed(() => map.map(coordinator, TB));
      if (i >= 3) reads.push(ms);
      cells = m.cells.length;
    }
    const mapRead = summary(reads);
    say(`map read: ${JSON.stringify(mapRead)}, ${cells} cells`);
    const area = (await sql<{ id: string }>`select id from area limit 1`.execute(database.db)).rows[0]!.id;
    const cellReads: number[] = [];
    for (let i = 0; i < 5; i++) cellReads.push((await timed(() => map.cell(coordinator, TB, area, 'cat-07')))[0]);
    const [pillarsMs, pillars] = await timed(() => map.pillars(coordinator, TB));
    const result = {
      startedAt,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() },
      settings,
      seed: { seconds: Math.round(seedMs / 1000), counts: counts.rows },
      refresh: { ms: Math.round(refreshMs), cells: refreshed.cells },
      mapRead,
      cellLists: summary(cellReads),
      pillars: { ms: Math.round(pillarsMs), count: pillars.count },
      target: { figure: 'asset map data, 1,000,000 members, 50 areas, 60 categories, p95 ms', value: mapRead.p95Ms, target: `<= ${TARGET_MS}`, met: mapRead.p95Ms <= TARGET_MS },
      loadAverageAtEnd: loadavg(),
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `assetmap-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    say(`cell lists ${JSON.stringify(result.cellLists)}; pillars ${result.pillars.ms} ms (${result.pillars.count}, the list capped)`);
    say(`\n${result.target.met ? 'met' : 'MISSED'}: asset map read p95 ${mapRead.p95Ms} ms (target <= ${TARGET_MS} ms)`);
    say(`written ${file}`);
    if (!result.target.met) process.exitCode = 1;
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP) await dropDatabase(NAME);
  }
}

await main();
