// SQL of the listing search (docs/listings.md, "Search"). Full text over the generated
// search_vector (GIN), typos through trigrams of the title (pg_trgm, GIN), filters by
// category (a top level takes in its subcategories), area, mode and kind. Only open listings
// before their last day, of the searcher's timebank or visible to the whole network; never of
// another network.
import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface SearchFilter {
  networkId: string;
  /** The searcher's timebank: its listings, and the network-visible ones of the others. */
  timebankId: string;
  today: string;
  q: string | undefined;
  /** The language whose stemming the words get besides English and 'simple'. */
  language: string;
  category: string | undefined;
  areaId: string | undefined;
  mode: string | undefined;
  kind: string | undefined;
}

/** How many of the newest text matches are ranked by relevance (see docs/performance.md). */
export const RANKED_CANDIDATES = 500;

export interface Hit {
  id: string;
  rank: number;
  match: 'text' | 'similar' | 'none';
}

function base(db: Kysely<DB>, f: SearchFilter) {
  let q = db
    .selectFrom('listing as l')
    .where('l.network_id', '=', f.networkId)
    .where('l.status', '=', 'open')
    .where('l.expires_on', '>=', f.today)
    .where((eb) => eb.or([eb('l.timebank_id', '=', f.timebankId), eb('l.visibility', '=', 'network')]));
  if (f.category) q = f.category.includes('.') ? q.where('l.category_slug', '=', f.category) : q.where('l.category_top', '=', f.category);
  if (f.areaId) q = q.where('l.area_id', '=', f.areaId);
  if (f.mode) q = q.where('l.mode', '=', f.mode as 'home');
  if (f.kind) q = q.where('l.kind', '=', f.kind as 'offer');
  return q;
}

/** The words as a text search query: English stemming, no stemming, and the language's own. */
const tsQuery = (text: string, language: string) =>
  sql`(websearch_to_tsquery('english', ${text}) || websearch_to_tsquery('simple', ${text}) || websearch_to_tsquery(listing_ts_config(${language}), ${text}))`;

/** Text matches: the newest RANKED_CANDIDATES, ranked by relevance (title before description), then newest. */
export async function textHits(db: Kysely<DB>, f: SearchFilter & { q: string }, offset: number, limit: number): Promise<Hit[]> {
  const tsq = tsQuery(f.q, f.language);
  const candidates = base(db, f)
    .where(sql<SqlBool>`l.search_vector @@ ${tsq}`)
    .select(['l.id', 'l.created_at', sql<number>`ts_rank(l.search_vector, ${tsq})`.as('rank')])
    .orderBy('l.created_at', 'desc')
    .limit(RANKED_CANDIDATES)
    .as('c');
  const rows = await db
    .selectFrom(candidates)
    .select(['c.id', 'c.rank'])
    .orderBy('c.rank', 'desc')
    .orderBy('c.created_at', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank), match: 'text' as const }));
}

/** Titles like the words (typos): pg_trgm's word similarity over the trigram index, best first. */
export async function similarHits(db: Kysely<DB>, f: SearchFilter & { q: string }, exclude: string[], limit: number): Promise<Hit[]> {
  let q = base(db, f).where(sql<SqlBool>`${f.q} <% l.title`);
  if (exclude.length) q = q.where('l.id', 'not in', exclude);
  const rows = await q
    .select(['l.id', sql<number>`word_similarity(${f.q}, l.title)`.as('rank')])
    .orderBy('rank', 'desc')
    .orderBy('l.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank), match: 'similar' as const }));
}

/** No words: the newest listings that pass the filters. */
export async function newestHits(db: Kysely<DB>, f: SearchFilter, offset: number, limit: number): Promise<Hit[]> {
  const rows = await base(db, f).select('l.id').orderBy('l.created_at', 'desc').offset(offset).limit(limit).execute();
  return rows.map((r) => ({ id: r.id, rank: 0, match: 'none' as const }));
}

/** What a result shows, for the ids found (in no particular order). */
export function details(db: Kysely<DB>, networkId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('listing as l')
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'l.network_id').onRef('tb.id', '=', 'l.timebank_id'))
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as mp', (j) => j.onRef('mp.network_id', '=', 'm.network_id').onRef('mp.id', '=', 'm.person_id'))
    .leftJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'l.network_id').onRef('o.id', '=', 'l.organisation_id'))
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'l.network_id').onRef('a.id', '=', 'l.area_id'))
    .where('l.network_id', '=', networkId)
    .where('l.id', 'in', ids)
    .select([
      'l.id',
      'l.timebank_id',
      'tb.name as timebank_name',
      'l.kind',
      'l.title',
      sql<string>`left(l.description, 240)`.as('description'),
      'l.category_slug',
      'l.mode',
      'l.when_kind',
      'l.when_on',
      'l.when_weekday',
      'l.when_every_weeks',
      'l.when_part',
      'l.check_needed',
      'l.language',
      'l.visibility',
      'l.expires_on',
      'l.created_at',
      'a.name as area_name',
      sql<string>`coalesce(mp.display_name, o.name, '')`.as('owner_name'),
    ])
    .execute();
}
