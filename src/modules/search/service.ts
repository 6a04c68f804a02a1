// Searching and browsing listings (docs/listings.md): the words in full text, with close
// spellings of titles when the words find too little; filters by category, area, mode and kind.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { CategoryLocale } from '../categories/service.ts';
import { SHIPPED } from '../categories/taxonomy.ts';
import { isoDay } from '../listings/rules.ts';
import type { ListingKind, ListingMode } from '../listings/tables.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';

export interface SearchQuery {
  q?: string | undefined;
  category?: string | undefined;
  areaId?: string | undefined;
  mode?: ListingMode | undefined;
  kind?: ListingKind | undefined;
  /** Stemming of the words in this language too (default: the locale's). */
  language?: string | undefined;
  offset: number;
  limit: number;
}

export interface SearchItem {
  id: string;
  timebankId: string;
  timebankName: string;
  /** From another timebank of the network (visible to the whole network). */
  elsewhere: boolean;
  kind: ListingKind;
  title: string;
  description: string;
  category: { slug: string; name: string };
  areaName: string | null;
  mode: ListingMode;
  when: { kind: 'one_off' | 'recurring' | 'flexible'; on: string | null; weekday: number | null; everyWeeks: number | null; part: string | null };
  checkNeeded: boolean;
  ownerName: string;
  expiresOn: string;
  createdAt: Date;
  /** 'text': the words matched; 'similar': a title spelled like them; 'none': no words given. */
  match: 'text' | 'similar' | 'none';
}

export interface SearchResult {
  items: SearchItem[];
  /** Another page follows. */
  hasMore: boolean;
  /** Some results are close spellings, not the words themselves. */
  similar: boolean;
}

/** Shorter words than this are not looked up by spelling (too many titles share their trigrams). */
const SIMILAR_MIN_LENGTH = 4;

export function createSearch({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function search(p: Principal, timebankId: string, query: SearchQuery, locale: CategoryLocale = 'en'): Promise<SearchResult> {
    authorize(p, 'listing.browse', await timebankResource(db, p, timebankId));
    if (query.areaId) {
      const area = await db.selectFrom('area').where('network_id', '=', p.networkId).where('id', '=', query.areaId).select('id').executeTakeFirst();
      if (!area) throw new DomainError('validation_failed', 'not an area of this network', { fields: [{ path: '/querystring/areaId', message: 'not an area of this network' }] });
    }
    const words = query.q?.trim() || undefined;
    const filter: q.SearchFilter = {
      networkId: p.networkId,
      timebankId,
      today: isoDay(clock.now()),
      q: words,
      language: query.language ?? locale,
      category: query.category,
      areaId: query.areaId,
      mode: query.mode,
      kind: query.kind,
    };
    const take = query.limit + 1;
    let hits: q.Hit[];
    if (!words) hits = await q.newestHits(db, filter, query.offset, take);
    else {
      hits = await q.textHits(db, { ...filter, q: words }, query.offset, take);
      // Too little for the words: titles spelled like them, on the first page only.
      if (query.offset === 0 && hits.length < query.limit && words.length >= SIMILAR_MIN_LENGTH) {
        hits = [...hits, ...(await q.similarHits(db, { ...filter, q: words }, hits.map((h) => h.id), query.limit - hits.length))];
      }
    }
    const page = hits.slice(0, query.limit);
    const items = await itemsOf(p.networkId, timebankId, page, locale);
    return { items, hasMore: hits.length > query.limit, similar: page.some((h) => h.match === 'similar') };
  }

  /** The results as shown, category names in the locale (each timebank's own names). */
  async function itemsOf(networkId: string, timebankId: string, hits: q.Hit[], locale: CategoryLocale): Promise<SearchItem[]> {
    // Names as each timebank gave them (one statement for the page), else the shipped ones.
    const own = await q.categoryNames(db, networkId, [...new Set(hits.map((h) => h.timebank_id))], [...new Set(hits.map((h) => h.category_slug))]);
    const given = new Map(own.map((o) => [`${o.timebank_id} ${o.slug}`, o]));
    const nameOf = (tb: string, slug: string) => {
      const o = given.get(`${tb} ${slug}`);
      const shipped = SHIPPED.get(slug);
      return locale === 'pl' ? (o?.name_pl ?? shipped?.pl ?? o?.name_en ?? slug) : (o?.name_en ?? shipped?.en ?? o?.name_pl ?? slug);
    };
    return hits.map((r) => ({
      id: r.id,
      timebankId: r.timebank_id,
      timebankName: r.timebank_name,
      elsewhere: r.timebank_id !== timebankId,
      kind: r.kind,
      title: r.title,
      description: r.description,
      category: { slug: r.category_slug, name: nameOf(r.timebank_id, r.category_slug) },
      areaName: r.area_name,
      mode: r.mode,
      when: { kind: r.when_kind, on: r.when_on, weekday: r.when_weekday, everyWeeks: r.when_every_weeks, part: r.when_part },
      checkNeeded: r.check_needed,
      ownerName: r.owner_name,
      expiresOn: r.expires_on,
      createdAt: r.created_at,
      match: r.match,
    }));
  }

  return { search };
}

export type Search = ReturnType<typeof createSearch>;
