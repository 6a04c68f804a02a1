// Listing search benchmark (issue 5, docs/performance.md): npm run bench -- search
//
// On the PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// a database timebank_bench_search is made, migrated and filled with BENCH_LISTINGS listings
// (300,000; bench/search-seed.ts: generate_series in the database, then VACUUM ANALYZE). Then a
// realistic mix of searches goes through the search service (the route's path without HTTP:
// the policy's timebank look-up, the search statements, the names of the results), each as a
// member of a timebank chosen at random, 80 % of them in the national network of 40 timebanks:
//   common words, two words, typos, Polish words, filters alone, words with filters.
// First one client (latency without queueing), then BENCH_CLIENTS (4) at once. JSON under
// bench/results/. The target: p95 under 50 ms. BENCH_KEEP=1 keeps the database.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/clock.ts';
import type { Principal } from '../src/modules/auth/principal.ts';
import { createSearch, type SearchQuery } from '../src/modules/search/service.ts';
import { dropDatabase, recreateDatabase, urlFor } from './common.ts';
import { CATEGORIES, seedSql, THINGS_EN, THINGS_PL } from './search-seed.ts';

const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
const NAME = 'timebank_bench_search';
const settings = {
  listings: Number(process.env.BENCH_LISTINGS ?? 300_000),
  queries: Number(process.env.BENCH_QUERIES ?? 1_000),
  warmup: Number(process.env.BENCH_WARMUP ?? 200),
  clients: Number(process.env.BENCH_CLIENTS ?? 4),
};
const TARGET_P95_MS = 50;
const say = (line: string) => console.log(line);

/** A small deterministic generator, so every run asks the same questions. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Misspell a word: drop, double or swap a letter. */
function typo(word: string, r: () => number): string {
  const i = 1 + Math.floor(r() * (word.length - 2));
  const k = Math.floor(r() * 3);
  if (k === 0) return word.slice(0, i) + word.slice(i + 1);
  if (k === 1) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

type Kind = 'word' | 'two words' | 'typo' | 'polish' | 'filters' | 'words and filters';
interface Ask {
  kind: Kind;
  searcher: Searcher;
  query: SearchQuery;
}
interface Searcher {
  principal: Principal;
  timebankId: string;
  areaIds: string[];
}

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)]!;
const plain = THINGS_EN.filter((w) => /^[a-z]{5,}$/.test(w));

function ask(r: () => number, searchers: { national: Searcher[]; others: Searcher[] }): Ask {
  const searcher = r() < 0.8 ? pick(searchers.national, r) : pick(searchers.others, r);
  const x = r();
  const base = { offset: 0, limit: 20 };
  const filters = (): Partial<SearchQuery> => {
    const f: Partial<SearchQuery> = {};
    const c = pick(CATEGORIES, r);
    if (r() < 0.6) f.category = r() < 0.5 ? c : c.split('.')[0];
    if (r() < 0.4) f.mode = pick(['home', 'outside', 'online'] as const, r);
    if (r() < 0.3) f.kind = pick(['offer', 'request', 'lend'] as const, r);
    if (r() < 0.2) f.areaId = pick(searcher.areaIds, r);
    if (!Object.keys(f).length) f.category = c;
    return f;
  };
  if (x < 0.3) return { kind: 'word', searcher, query: { ...base, q: pick(THINGS_EN, r) } };
  if (x < 0.45) return { kind: 'two words', searcher, query: { ...base, q: `${pick(THINGS_EN, r)} ${pick(THINGS_EN, r)}` } };
  if (x < 0.6) return { kind: 'typo', searcher, query: { ...base, q: typo(pick(plain, r), r) } };
  if (x < 0.7) return { kind: 'polish', searcher, query: { ...base, q: pick(THINGS_PL, r), language: 'pl' } };
  if (x < 0.85) return { kind: 'filters', searcher, query: { ...base, ...filters() } };
  return { kind: 'words and filters', searcher, query: { ...base, q: pick(THINGS_EN, r), ...filters() } };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const r2 = (x: number) => Math.round(x * 100) / 100;
function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  return { count: s.length, p50Ms: r2(percentile(s, 50)), p95Ms: r2(percentile(s, 95)), p99Ms: r2(percentile(s, 99)), maxMs: r2(s.at(-1) ?? 0) };
}

async function main() {
  const startedAt = new Date().toISOString();
  say(`bench search: ${JSON.stringify(settings)}, load average ${loadavg()[0]!.toFixed(2)}`);
  await recreateDatabase(NAME);
  const database = await openDatabase({ databaseUrl: urlFor(NAME), dataDir: '', poolMax: settings.clients + 1 });
  try {
    await migrate(database);
    const t0 = performance.now();
    await database.db.connection().execute(async (c) => {
      await sql.raw(`begin;\n${seedSql(settings.listings)}\ncommit;`).execute(c);
    });
    const seededMs = performance.now() - t0;
    await sql`vacuum analyze`.execute(database.db);
    const counts = await sql<{ status: string; n: number }>`select status, count(*)::int as n from listing group by status order by status`.execute(database.db);
    const size = await sql<{ size: string }>`select pg_size_pretty(pg_total_relation_size('listing')) as size`.execute(database.db);
    say(`seeded ${settings.listings} listings in ${Math.round(seededMs / 1000)} s (${JSON.stringify(counts.rows)}), table and indexes ${size.rows[0]!.size}`);

    // Searchers: one active member per timebank.
    const rows = await sql<{ network_id: string; timebank_id: string; member_id: string; person_id: string; slug: string }>`
      select distinct on (m.timebank_id) m.network_id, m.timebank_id, m.id as member_id, m.person_id, tb.slug
      from member m join timebank tb on tb.network_id = m.network_id and tb.id = m.timebank_id
      order by m.timebank_id, m.id`.execute(database.db);
    const areas = await sql<{ timebank_id: string; id: string }>`select timebank_id, id from area`.execute(database.db);
    const searcherOf = (x: (typeof rows.rows)[number]): Searcher => ({
      timebankId: x.timebank_id,
      areaIds: areas.rows.filter((a) => a.timebank_id === x.timebank_id).map((a) => a.id),
      principal: {
        networkId: x.network_id,
        personId: x.person_id,
        memberships: [{ memberId: x.member_id, timebankId: x.timebank_id, status: 'active' }],
        grants: [],
        sessionId: 'bench',
        displayName: 'Bench',
        locale: 'en',
        csrfToken: '',
        stage: 'ready',
        actingFor: null,
        currentTimebankId: x.timebank_id,
        totpEnabled: false,
      },
    });
    const national = rows.rows.filter((x) => Number(x.slug.slice(3)) <= 40).map(searcherOf);
    const others = rows.rows.filter((x) => Number(x.slug.slice(3)) > 40).map(searcherOf);
    const search = createSearch({ db: database.db, clock: systemClock });
    const r = rng(20261127);
    const run = async (a: Ask) => {
      const s = performance.now();
      const res = await search.search(a.searcher.principal, a.searcher.timebankId, a.query, 'en');
      return { ms: performance.now() - s, found: res.items.length, similar: res.similar };
    };

    for (let i = 0; i < settings.warmup; i++) await run(ask(r, { national, others }));
    // One client.
    const byKind = new Map<Kind, number[]>();
    const all: number[] = [];
    let empty = 0;
    let similar = 0;
    for (let i = 0; i < settings.queries; i++) {
      const a = ask(r, { national, others });
      const o = await run(a);
      all.push(o.ms);
      if (!byKind.has(a.kind)) byKind.set(a.kind, []);
      byKind.get(a.kind)!.push(o.ms);
      if (o.found === 0) empty++;
      if (o.similar) similar++;
    }
    const single = { overall: summary(all), byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, summary(v)])), emptyResults: empty, withCloseSpellings: similar };
    say(`one client: ${JSON.stringify(single.overall)}`);
    for (const [k, v] of Object.entries(single.byKind)) say(`  ${k.padEnd(18)} ${JSON.stringify(v)}`);

    // Several clients at once.
    const concurrent: number[] = [];
    const per = Math.ceil(settings.queries / settings.clients);
    const began = performance.now();
    await Promise.all(
      Array.from({ length: settings.clients }, async (_, c) => {
        const rc = rng(1000 + c);
        for (let i = 0; i < per; i++) concurrent.push((await run(ask(rc, { national, others }))).ms);
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const many = { clients: settings.clients, ...summary(concurrent), searchesPerSecond: Math.round(concurrent.length / seconds) };
    say(`${settings.clients} clients: ${JSON.stringify(many)}`);

    const result = {
      startedAt,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverageAtStart: loadavg() },
      settings,
      seed: { seconds: Math.round(seededMs / 1000), byStatus: counts.rows, size: size.rows[0]!.size },
      oneClient: single,
      concurrent: many,
      target: { figure: 'search p95 ms, one client, 300,000 listings', value: single.overall.p95Ms, target: `<= ${TARGET_P95_MS}`, met: single.overall.p95Ms <= TARGET_P95_MS },
      loadAverageAtEnd: loadavg(),
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `search-${startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    say(`\n${result.target.met ? 'met' : 'MISSED'}: search p95 ${single.overall.p95Ms} ms (target <= ${TARGET_P95_MS} ms); ${many.clients} clients p95 ${many.p95Ms} ms`);
    say(`written ${file}`);
    if (!result.target.met) process.exitCode = 1;
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP) await dropDatabase(NAME);
  }
}

await main();
