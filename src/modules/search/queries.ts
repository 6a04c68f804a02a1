// SQL of the listing search (docs/listings.md, "Search"). Full text over the generated
// search_vector (GIN), typos through trigrams of the title (pg_trgm, GIN), filters by
// category (a top level takes in its subcategories), area, mode and kind. Only open listings
// before their last day, of the searcher's timebank or visible to the whole network; never of
// another network.
import { type AliasedSelectQueryBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { tsConfigOf } from '../listings/rules.ts';

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
export const RANKED_CANDIDATES = 200;

type Match = 'text' | 'similar' | 'none';

function base(db: Kysely<DB>, f: SearchFilter, match?: (ref: string) => ReturnType<typeof sql<SqlBool>>) {
  let q = db
    .selectFrom('listing as l')
    .where('l.network_id', '=', f.networkId)
    .where('l.status', '=', 'open')
    .where('l.expires_on', '>=', f.today);
  // Visible: the searcher's timebank, or network-wide. With words, the match goes in each arm,
  // so that each reads its own index (by timebank, or by network for network-wide listings).
  q = match
    ? q.where((eb) =>
        eb.or([
          eb.and([eb('l.timebank_id', '=', f.timebankId), match('l')]),
          eb.and([eb('l.visibility', '=', 'network'), eb('l.network_id', '=', f.networkId), match('l')]),
        ]),
      )
    : q.where((eb) => eb.or([eb('l.timebank_id', '=', f.timebankId), eb('l.visibility', '=', 'network')]));
  // The top level is named with a subcategory too: the category index reads it in order.
  if (f.category) q = q.where('l.category_top', '=', f.category.split('.')[0]!);
  if (f.category?.includes('.')) q = q.where('l.category_slug', '=', f.category);
  if (f.areaId) q = q.where('l.area_id', '=', f.areaId);
  if (f.mode) q = q.where('l.mode', '=', f.mode as 'home');
  if (f.kind) q = q.where('l.kind', '=', f.kind as 'offer');
  return q;
}

/** The words as a text search query: English stemming, no stemming, and the language's own. */
function tsQuery(text: string, language: string) {
  const english = sql`websearch_to_tsquery('english', ${text}) || websearch_to_tsquery('simple', ${text})`;
  if (tsConfigOf(language) === 'english' || tsConfigOf(language) === 'simple') return sql`(${english})`;
  return sql`(${english} || websearch_to_tsquery(listing_ts_config(${language}), ${text}))`;
}

/**
 * Text matches, ranked by relevance (title before description), then newest: among the
 * RANKED_CANDIDATES newest (ordered by an expression, so the planner reads the matches from the
 * GIN indexes rather than walking the network's listings by date).
 */
export function textHits(db: Kysely<DB>, f: SearchFilter & { q: string }, offset: number, limit: number) {
  const tsq = tsQuery(f.q, f.language);
  const candidates = base(db, f, (l) => sql<SqlBool>`${sql.ref(`${l}.search_vector`)} @@ ${tsq}`)
    .select(['l.id', 'l.created_at', sql<number>`ts_rank(l.search_vector, ${tsq})`.as('rank')])
    .orderBy(sql`l.created_at + interval '0 seconds'`, 'desc')
    .limit(RANKED_CANDIDATES)
    .as('c');
  const page = db.selectFrom(candidates).select(['c.id', 'c.rank']).orderBy('c.rank', 'desc').orderBy('c.created_at', 'desc').offset(offset).limit(limit).as('h');
  return detailed(db, f.networkId, page, 'text');
}

/** Titles like the words (typos): pg_trgm's word similarity over the trigram indexes, best first. */
export function similarHits(db: Kysely<DB>, f: SearchFilter & { q: string }, exclude: string[], limit: number) {
  let q = base(db, f, (l) => sql<SqlBool>`${f.q} <% ${sql.ref(`${l}.title`)}`);
  if (exclude.length) q = q.where('l.id', 'not in', exclude);
  const page = q
    .select(['l.id', sql<number>`word_similarity(${f.q}, l.title)`.as('rank')])
    .orderBy('rank', 'desc')
    .orderBy('l.created_at', 'desc')
    .limit(limit)
    .as('h');
  return detailed(db, f.networkId, page, 'similar');
}

/** No words: the newest listings that pass the filters. */
export function newestHits(db: Kysely<DB>, f: SearchFilter, offset: number, limit: number) {
  const page = base(db, f).select(['l.id', sql<number>`0`.as('rank')]).orderBy('l.created_at', 'desc').offset(offset).limit(limit).as('h');
  return detailed(db, f.networkId, page, 'none');
}

/** A page of hits with what a result shows, best first, in one statement. */
function detailed(db: Kysely<DB>, networkId: string, page: AliasedSelectQueryBuilder<{ id: string; rank: number }, 'h'>, match: Match) {
  return db
    .selectFrom(page)
    .innerJoin('listing as l', (j) => j.on('l.network_id', '=', networkId).onRef('l.id', '=', 'h.id'))
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'l.network_id').onRef('tb.id', '=', 'l.timebank_id'))
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'l.network_id').onRef('m.id', '=', 'l.member_id'))
    .leftJoin('person as mp', (j) => j.onRef('mp.network_id', '=', 'm.network_id').onRef('mp.id', '=', 'm.person_id'))
    .leftJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'l.network_id').onRef('o.id', '=', 'l.organisation_id'))
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'l.network_id').onRef('a.id', '=', 'l.area_id'))
    .select([
      'l.id',
      'h.rank',
      sql<Match>`${match}::text`.as('match'),
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
    .orderBy('h.rank', 'desc')
    .orderBy('l.created_at', 'desc')
    .execute();
}

export type Hit = Awaited<ReturnType<typeof detailed>>[number];

/** The category names the timebanks of a page of results gave themselves (renamed or added). */
export function categoryNames(db: Kysely<DB>, networkId: string, timebankIds: string[], slugs: string[]) {
  if (!timebankIds.length || !slugs.length) return Promise.resolve([]);
  return db
    .selectFrom('timebank_category')
    .where('network_id', '=', networkId)
    .where('timebank_id', 'in', timebankIds)
    .where('slug', 'in', slugs)
    .where((eb) => eb.or([eb('name_en', 'is not', null), eb('name_pl', 'is not', null)]))
    .select(['timebank_id', 'slug', 'name_en', 'name_pl'])
    .execute();
}
