// The community asset map (docs/asset-map.md): for each area x category of a timebank, the
// capability offered (people, and the hours a month they said they could give), the need (open
// requests and needs said in conversations) and the exchanges done; the gaps ranked for the
// coordinator; the trend month by month; pillars; the survey per area. Read from monthly
// snapshots (asset_map_cell, asset_map_area) that refresh() rewrites set-based, so the map reads
// fast at any size. Brokers and coordinators see the numbers and the people behind each cell;
// whoever may read the timebank's reports (commissioners) sees the numbers with small ones
// suppressed.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { Activities } from '../activities/service.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { type CategoryLocale, categoriesFor } from '../categories/service.ts';
import { authorize, can } from '../policy/policy.ts';
import { type Cell, type DisclosureRules, hidden, primary, published } from '../disclosure/index.ts';
import { effectiveRules } from '../reports/settings.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { overlapErrors, parseBoundaries } from './geojson.ts';
import * as q from './queries.ts';
import { serializeOn } from '../../db/serialize.ts';

export { NO_AREA } from './queries.ts';
export const TREND_MONTHS = 24;
export const GAPS_MAX = 20;
export const LIST_MAX = 200;
export const PILLARS_MAX = 500;

export type Audience = 'staff' | 'public';
type Num = Cell;

export interface MapCell {
  areaId: string;
  category: string;
  peopleOffering: Num;
  hoursOffered: Num;
  needPeople: Num;
  requestsOpen: Num;
  exchangesDone: Num;
}

export interface MapArea {
  areaId: string;
  members: Num;
  pillars: Num;
  conversations: Num;
  surveyAnswers: Num;
  surveyCoProducing: Num;
  surveyWouldDoMore: Num;
  surveyExtraHours: Num;
}

/** The first day of the month of a moment (UTC), 'YYYY-MM-01'. */
export const monthOf = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;
const addMonths = (month: string, n: number) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d;
};

/** The window a snapshot counts exchanges and pillars in: the twelve months up to its end. */
export function windowOf(networkId: string, timebankId: string, month: string, now: Date): q.Window {
  const end = addMonths(month, 1);
  return { networkId, timebankId, month, since: addMonths(month, -11), until: end < now ? end : new Date(now.getTime() + 1) };
}

/** Staff numbers as they are; public ones through the disclosure library's primary rule with the
 * timebank's count threshold. The map publishes no totals over its cells (one person can offer
 * in several categories), so no hidden cell can be worked out by subtraction. */
const numberer =
  (publicRules: DisclosureRules | null) =>
  (n: number): Num =>
    publicRules ? primary(n, publicRules.countMin) : published(n);

/** The gaps: needs with little capability in the same area, and capability nobody uses. */
export function rankGaps(cells: readonly { area_id: string; category_top: string; people_offering: number; hours_offered: number; need_people: number; requests_open: number; exchanges_done: number }[]) {
  const needs = cells
    .filter((c) => c.need_people > 0)
    .map((c) => ({ c, score: Math.floor((c.need_people * 100) / (1 + c.people_offering)) }))
    .sort((a, b) => b.score - a.score || b.c.need_people - a.c.need_people)
    .slice(0, GAPS_MAX);
  const unused = cells
    .filter((c) => c.people_offering > 0 && c.exchanges_done === 0)
    .sort((a, b) => b.people_offering - a.people_offering || b.hours_offered - a.hours_offered)
    .slice(0, GAPS_MAX);
  return { needs: needs.map((x) => ({ ...x.c, score: x.score })), unused };
}

export function createAssetMap({ db, clock, log, activities }: { db: Kysely<DB>; clock: Clock; log: Logger; activities: Activities }) {
  /** Staff, or a reader of the timebank's reports (numbers suppressed), or not allowed. */
  async function audienceOf(p: Principal, timebankId: string, wantPublic = false): Promise<Audience> {
    const r = await timebankResource(db, p, timebankId);
    if (can(p, 'assetmap.read', r)) return wantPublic ? 'public' : 'staff';
    authorize(p, 'report.read', r);
    return 'public';
  }

  /** Rewrites the timebank's snapshot of this month, in one transaction. */
  async function refreshTimebank(networkId: string, timebankId: string) {
    const now = clock.now();
    const w = windowOf(networkId, timebankId, monthOf(now), now);
    const cells = await db.transaction().execute(async (tx) => {
      await serializeOn(tx, 'asset-map', networkId, timebankId, w.month);
      const n = await q.refreshCells(tx, w);
      await q.refreshAreas(tx, w, now);
      return n;
    });
    return { month: w.month, cells };
  }

  async function refresh(p: Principal, actor: Actor, timebankId: string) {
    authorize(p, 'assetmap.configure', await timebankResource(db, p, timebankId));
    const r = await refreshTimebank(p.networkId, timebankId);
    await recordAudit(db, actor, { action: 'assetmap.refresh', subjectType: 'timebank', subjectId: timebankId, timebankId, detail: r });
    return r;
  }

  /** The server's sweep: every timebank's current month again. */
  async function sweep(): Promise<{ timebanks: number }> {
    let done = 0;
    for (const tb of await q.allTimebanks(db)) {
      try {
        await refreshTimebank(tb.network_id, tb.id);
        done++;
      } catch (err) {
        log.warn({ err, timebankId: tb.id }, 'refreshing the asset map failed');
      }
    }
    return { timebanks: done };
  }

  /** The month to show: the one asked, or the newest snapshot (made now when there is none). */
  async function monthToShow(networkId: string, timebankId: string, month?: string) {
    if (month) return month;
    return (await q.latestMonth(db, networkId, timebankId)) ?? (await refreshTimebank(networkId, timebankId)).month;
  }

  async function labels(networkId: string, timebankId: string, locale: CategoryLocale) {
    const [areas, tree] = await Promise.all([q.areasOf(db, networkId, timebankId), categoriesFor(db, networkId, timebankId, locale, { includeHidden: true })]);
    return { areas: areas.map((a) => ({ id: a.id, name: a.name })), categoryNames: new Map(tree.map((t) => [t.slug, t.name])) };
  }

  /** The map's data: cells, areas, gaps and trend, for staff or (suppressed) for the public. */
  async function map(p: Principal, timebankId: string, opts: { month?: string | undefined; locale?: CategoryLocale; public?: boolean } = {}) {
    const audience = await audienceOf(p, timebankId, opts.public);
    const month = await monthToShow(p.networkId, timebankId, opts.month);
    const [cells, areaRows, trend, names] = await Promise.all([
      q.cellsOf(db, p.networkId, timebankId, month),
      q.areaRowsOf(db, p.networkId, timebankId, month),
      q.trendOf(db, p.networkId, timebankId, TREND_MONTHS),
      labels(p.networkId, timebankId, opts.locale ?? 'en'),
    ]);
    // Staff see the numbers as they are; only the public's need the timebank's thresholds.
    const num = numberer(audience === 'public' ? await effectiveRules(db, p.networkId, timebankId) : null);
    // A sum over a few people tells about them: published only when their count is.
    const sumOf = (sum: number, people: number): Num => {
      const p = num(people);
      return p.suppressed ? hidden('primary') : published(sum);
    };
    const cellOut = (c: (typeof cells)[number]): MapCell => ({
      areaId: c.area_id,
      category: c.category_top,
      peopleOffering: num(c.people_offering),
      hoursOffered: sumOf(c.hours_offered, c.people_offering),
      needPeople: num(c.need_people),
      requestsOpen: num(c.requests_open),
      exchangesDone: num(c.exchanges_done),
    });
    const gaps = rankGaps(cells);
    const used = [...new Set(cells.map((c) => c.category_top))].sort();
    return {
      audience,
      month,
      refreshedAt: areaRows[0]?.refreshed_at ?? null,
      areas: [...names.areas, ...(cells.some((c) => c.area_id === q.NO_AREA) || areaRows.some((a) => a.area_id === q.NO_AREA) ? [{ id: q.NO_AREA, name: '' }] : [])],
      categories: used.map((slug) => ({ slug, name: names.categoryNames.get(slug) ?? slug })),
      cells: cells.map(cellOut),
      areaTotals: areaRows.map(
        (a): MapArea => ({
          areaId: a.area_id,
          members: num(a.members),
          pillars: num(a.pillars),
          conversations: num(a.conversations),
          surveyAnswers: num(a.survey_answers),
          surveyCoProducing: num(a.survey_co_producing),
          surveyWouldDoMore: num(a.survey_would_do_more),
          surveyExtraHours: sumOf(a.survey_extra_hours, a.survey_answers),
        }),
      ),
      gaps: { needs: gaps.needs.map((c) => ({ ...cellOut(c), score: c.score })), unused: gaps.unused.map(cellOut) },
      trend: trend.reverse().map((t) => ({
        month: t.month,
        peopleOffering: num(Number(t.people_offering)),
        hoursOffered: sumOf(Number(t.hours_offered), Number(t.people_offering)),
        needPeople: num(Number(t.need_people)),
        requestsOpen: num(Number(t.requests_open)),
        exchangesDone: num(Number(t.exchanges_done)),
      })),
    };
  }

  async function checkCell(p: Principal, timebankId: string, areaId: string) {
    authorize(p, 'assetmap.read', await timebankResource(db, p, timebankId));
    if (areaId !== q.NO_AREA && !(await q.areasOf(db, p.networkId, timebankId)).some((a) => a.id === areaId)) throw notFound('area');
  }

  /** The lists behind a cell a broker can act on: who could help, who needs it. */
  async function cell(p: Principal, timebankId: string, areaId: string, category: string) {
    await checkCell(p, timebankId, areaId);
    const [capable, needing] = await Promise.all([
      q.capablePeople(db, p.networkId, timebankId, areaId, category, LIST_MAX),
      q.needingPeople(db, p.networkId, timebankId, areaId, category, LIST_MAX),
    ]);
    return { areaId, category, capable: capable.rows, needing: needing.rows };
  }

  /**
   * Invites people of a cell to meet, as an activity of the timebank (the activities service:
   * who may organise one is its rule), registering each active member invited.
   */
  async function invite(p: Principal, actor: Actor, timebankId: string, input: InviteInput) {
    const lists = await cell(p, timebankId, input.areaId, input.category);
    // Who may create an activity paid from the community pot: the activities' rule, asked first.
    authorize(p, 'activity.manage', { type: 'activity', networkId: p.networkId, timebankId, organiserPersonIds: [], openToTimebankIds: [] });
    const known = new Set([...lists.capable, ...lists.needing].map((m) => m.member_id));
    const fields: FieldError[] = [];
    input.memberIds.forEach((id, i) => {
      if (!known.has(id)) fields.push({ path: `/body/memberIds/${i}`, message: 'not among the people of this cell' });
    });
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const a = await activities.create(p, actor, timebankId, {
      title: input.title,
      description: input.description,
      categorySlug: input.category,
      areaId: input.areaId === q.NO_AREA ? null : input.areaId,
      place: input.place,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      payer: 'community_pot',
      minutesPerAttendee: input.minutesPerAttendee,
      visibility: 'timebank',
    });
    const active = new Set((await q.activeMembers(db, p.networkId, timebankId, input.memberIds)).map((m) => m.id));
    const registered: string[] = [];
    for (const id of new Set(input.memberIds)) {
      if (!active.has(id)) continue;
      await activities.register(p, actor, a.id, id);
      registered.push(id);
    }
    return { activityId: a.id, registered, skipped: input.memberIds.filter((id) => !active.has(id)) };
  }

  /** People who both give and receive help: the count and the list (brokers and coordinators). */
  async function pillars(p: Principal, timebankId: string) {
    authorize(p, 'assetmap.read', await timebankResource(db, p, timebankId));
    const rows = (await q.pillarsOf(db, windowOf(p.networkId, timebankId, monthOf(clock.now()), clock.now()), PILLARS_MAX)).rows;
    return { count: rows.length, items: rows };
  }

  async function boundaries(p: Principal, timebankId: string) {
    await audienceOf(p, timebankId);
    return q.boundariesOf(db, p.networkId, timebankId);
  }

  /** Replaces the timebank's area boundaries with an upload, checked whole first: nothing is kept of a refused one. */
  async function uploadBoundaries(p: Principal, actor: Actor, timebankId: string, geojson: unknown) {
    authorize(p, 'assetmap.configure', await timebankResource(db, p, timebankId));
    const parsed = parseBoundaries(geojson);
    const areas = await q.areasOf(db, p.networkId, timebankId);
    const errors = [...parsed.errors];
    const seen = new Map<string, number>();
    const rows: { area_id: string; geometry: unknown; bbox: [number, number, number, number] }[] = [];
    for (const f of parsed.features) {
      const ref = f.areaRef;
      const found = 'areaId' in ref ? areas.find((a) => a.id === ref.areaId) : areas.find((a) => a.name.toLowerCase() === ref.name.toLowerCase());
      const path = `/body/geojson/features/${f.index}/properties`;
      if (!found) errors.push({ path, message: 'not an area of this timebank' });
      else if (seen.has(found.id)) errors.push({ path, message: `the same area as features/${seen.get(found.id)}` });
      else {
        seen.set(found.id, f.index);
        rows.push({ area_id: found.id, geometry: f.geometry, bbox: f.bbox });
      }
    }
    if (errors.length) throw new DomainError('invalid_geojson', 'the GeoJSON is not a set of area polygons', { fields: errors });
    const overlaps = overlapErrors(parsed.features);
    if (overlaps.length) throw new DomainError('areas_overlap', 'areas must not overlap', { fields: overlaps });
    await db.transaction().execute(async (tx) => {
      await serializeOn(tx, 'area-boundaries', p.networkId, timebankId);
      await q.replaceBoundaries(tx, p.networkId, timebankId, rows, clock.now(), p.personId);
      await recordAudit(tx, actor, { action: 'assetmap.boundaries', subjectType: 'timebank', subjectId: timebankId, timebankId, detail: { areas: rows.length } });
    });
    return { areas: rows.length };
  }

  return { map, cell, invite, pillars, refresh, refreshTimebank, sweep, boundaries, uploadBoundaries, audienceOf };
}

export interface InviteInput {
  areaId: string;
  category: string;
  memberIds: string[];
  title: string;
  description?: string | undefined;
  place?: string | null | undefined;
  startsAt: string;
  endsAt: string;
  minutesPerAttendee: number;
}

export type AssetMap = ReturnType<typeof createAssetMap>;
