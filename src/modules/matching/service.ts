// Broker matching (docs/matching.md): who could help with a request, ranked with reasons and
// the people ruled out apart; the open requests an offer could meet; the timebank's weights;
// the "do not send" list of a member; the broker dashboard. The call list is in calls.ts.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { type Category, categoriesFor } from '../categories/service.ts';
import { addDays, isoDay } from '../listings/rules.ts';
import { authorize, type Resource } from '../policy/policy.ts';
import type { Safeguarding } from '../safeguarding/service.ts';
import { AREA_CAP, CANDIDATE_CAP, candidateFacts, requestFacts } from './facts.ts';
import * as q from './queries.ts';
import { DEEP_OVERDRAFT_MINUTES, DEFAULT_WEIGHTS, rank, type Weights, weightErrors } from './rank.ts';

/** The dashboard's "deep in credit": this many hours or more. */
export const DEEP_CREDIT_MINUTES = 40 * 60;
/** Listings lapsing within this many days are "about to lapse". */
export const LAPSING_DAYS = 14;
const DASHBOARD_ROWS = 50;

const refuse = (code: string, path: string, message: string) => new DomainError(code, message, { fields: [{ path, message }] });

export function createMatching({ db, clock, safeguarding }: { db: Kysely<DB>; clock: Clock; safeguarding: Safeguarding }) {
  const today = () => isoDay(clock.now());
  const timebank = (p: Principal, timebankId: string): Resource => ({ type: 'timebank', networkId: p.networkId, timebankId });

  /** The category in the timebank (hidden ones too) with the slugs of its top level. */
  async function categoryWithFamily(networkId: string, timebankId: string, slug: string) {
    const tree = await categoriesFor(db, networkId, timebankId, 'en', { includeHidden: true });
    for (const top of tree) {
      const c: Category | undefined = top.slug === slug ? top : top.subs.find((s) => s.slug === slug);
      if (c) return { category: c, family: [top.slug, ...top.subs.map((s) => s.slug)] };
    }
    return null;
  }

  /** An open request of this timebank with a category, or a clear refusal. */
  async function openRequest(p: Principal, timebankId: string, listingId: string) {
    authorize(p, 'matching.read', timebank(p, timebankId));
    const r = await q.findRequest(db, p.networkId, listingId);
    if (!r) throw notFound('listing');
    if (r.timebank_id !== timebankId) throw refuse('request_of_other_timebank', '/params/listingId', 'this request belongs to another timebank: rank it from there');
    if (r.kind !== 'request') throw refuse('not_a_request', '/params/listingId', `this listing is an ${r.kind}, not a request`);
    if (r.status !== 'open' || r.expires_on < today()) throw refuse('request_closed', '/params/listingId', `the request is ${r.status === 'open' ? 'lapsed' : r.status}: nobody is matched to it`);
    if (!r.member_id) throw refuse('request_of_organisation', '/params/listingId', "an organisation's requests are not matched yet");
    const fam = await categoryWithFamily(p.networkId, timebankId, r.category_slug);
    if (!fam || fam.category.hidden) throw refuse('request_without_category', '/params/listingId', 'the request has no category in use in this timebank: set one first');
    return { r, ...fam };
  }

  async function weightsFor(networkId: string, timebankId: string): Promise<Weights & { custom: boolean }> {
    const w = await q.weightsOf(db, networkId, timebankId);
    if (!w) return { ...DEFAULT_WEIGHTS, custom: false };
    return { fit: w.fit, distance: w.distance, metBefore: w.met_before, reliability: w.reliability, fairness: w.fairness, custom: true };
  }

  /** The ranked candidates of a request, the people ruled out, pairs, and the facts used. */
  async function rankRequest(p: Principal, timebankId: string, listingId: string) {
    const { r, category, family } = await openRequest(p, timebankId, listingId);
    const facts = requestFacts(r, category, today());
    const [ids, weights] = await Promise.all([
      q.preFilter(db, { networkId: p.networkId, timebankId, slug: r.category_slug, slugs: family, areaId: r.area_id, cap: CANDIDATE_CAP, areaCap: AREA_CAP }),
      weightsFor(p.networkId, timebankId),
    ]);
    const candidates = await candidateFacts(db, p.networkId, ids, facts, clock.now());
    const ranking = rank(facts, candidates, weights);
    return { request: r, category, facts, weights, considered: ids.length, ...ranking };
  }

  /** The open requests of the timebank an offer could meet, best fit first. */
  async function requestsForOffer(p: Principal, timebankId: string, listingId: string) {
    authorize(p, 'matching.read', timebank(p, timebankId));
    const o = await q.findRequest(db, p.networkId, listingId);
    if (!o) throw notFound('listing');
    if (o.timebank_id !== timebankId) throw refuse('request_of_other_timebank', '/params/listingId', 'this offer belongs to another timebank');
    if (o.kind === 'request') throw refuse('not_an_offer', '/params/listingId', 'this listing is a request: see who could help with it instead');
    if (o.status !== 'open') throw refuse('offer_closed', '/params/listingId', `the offer is ${o.status}`);
    const rows = await q.requestsForOffer(db, { networkId: p.networkId, timebankId, slug: o.category_slug, top: o.category_top, areaId: o.area_id, exceptMemberId: o.member_id, limit: 50 });
    return { offer: o, requests: rows.map((x) => ({ ...x, exactCategory: x.category_slug === o.category_slug, sameArea: o.area_id !== null && x.area_id === o.area_id })) };
  }

  async function getWeights(p: Principal, timebankId: string) {
    authorize(p, 'matching.read', timebank(p, timebankId));
    const row = await q.weightsOf(db, p.networkId, timebankId);
    return { ...(await weightsFor(p.networkId, timebankId)), defaults: DEFAULT_WEIGHTS, updatedAt: row?.updated_at ?? null, updatedByName: row?.updated_by_name ?? null };
  }

  async function setWeights(p: Principal, actor: Actor, timebankId: string, w: Weights) {
    authorize(p, 'matching.configure', timebank(p, timebankId));
    const errors = weightErrors(w as unknown as Record<string, unknown>);
    if (errors.length) throw new DomainError('weights_out_of_range', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { fields: errors });
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.saveWeights(tx, { networkId: p.networkId, timebankId, ...w, by: actor.personId ?? p.personId, at });
      await recordAudit(tx, actor, { action: 'matching.weights', subjectType: 'timebank', subjectId: timebankId, timebankId, detail: { ...w } });
    });
    return getWeights(p, timebankId);
  }

  /** A member of the timebank, for the "do not send" list. */
  async function memberOf(networkId: string, timebankId: string, memberId: string, path: string) {
    const m = await db
      .selectFrom('member')
      .where('network_id', '=', networkId)
      .where('timebank_id', '=', timebankId)
      .where('id', '=', memberId)
      .select(['id', 'person_id'])
      .executeTakeFirst();
    if (!m) throw refuse('validation_failed', path, 'not a member of this timebank');
    return m;
  }

  async function doNotSend(p: Principal, timebankId: string, memberId: string) {
    authorize(p, 'matching.callList', timebank(p, timebankId));
    await memberOf(p.networkId, timebankId, memberId, '/params/memberId');
    return q.doNotSendOf(db, p.networkId, memberId);
  }

  async function addDoNotSend(p: Principal, actor: Actor, timebankId: string, memberId: string, input: { excludedMemberId: string; reason?: string | null | undefined }) {
    authorize(p, 'matching.callList', timebank(p, timebankId));
    const m = await memberOf(p.networkId, timebankId, memberId, '/params/memberId');
    if (input.excludedMemberId === memberId) throw refuse('validation_failed', '/body/excludedMemberId', 'a member is never sent to themself anyway');
    await memberOf(p.networkId, timebankId, input.excludedMemberId, '/body/excludedMemberId');
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      const added = await q.addDoNotSend(tx, { networkId: p.networkId, memberId, excludedMemberId: input.excludedMemberId, reason: input.reason?.trim() || null, by: actor.personId ?? p.personId, onBehalfOf: m.person_id, at });
      if (!added) throw refuse('already_on_list', '/body/excludedMemberId', 'already on the "do not send" list');
      await recordAudit(tx, { ...actor, onBehalfOfPersonId: m.person_id }, { action: 'matching.doNotSend.add', subjectType: 'member', subjectId: memberId, timebankId, detail: { excludedMemberId: input.excludedMemberId } });
    });
    return q.doNotSendOf(db, p.networkId, memberId);
  }

  async function removeDoNotSend(p: Principal, actor: Actor, timebankId: string, memberId: string, excludedMemberId: string) {
    authorize(p, 'matching.callList', timebank(p, timebankId));
    const m = await memberOf(p.networkId, timebankId, memberId, '/params/memberId');
    await db.transaction().execute(async (tx) => {
      // Taking off someone who is not on the list leaves it as it is: nothing to record.
      if (!(await q.removeDoNotSend(tx, p.networkId, memberId, excludedMemberId))) return;
      await recordAudit(tx, { ...actor, onBehalfOfPersonId: m.person_id }, { action: 'matching.doNotSend.remove', subjectType: 'member', subjectId: memberId, timebankId, detail: { excludedMemberId } });
    });
    return q.doNotSendOf(db, p.networkId, memberId);
  }

  /** What a broker looks at first: requests waiting longest, rechecks due (logged as a view of
   * safeguarding data by the safeguarding service), balances far from zero, listings about to lapse. */
  async function dashboard(p: Principal, actor: Actor, timebankId: string) {
    authorize(p, 'matching.read', timebank(p, timebankId));
    const t = today();
    const [waiting, rechecks, balances, lapsing] = await Promise.all([
      q.waitingRequests(db, p.networkId, timebankId, DASHBOARD_ROWS),
      safeguarding.reviewsDue(p, actor, timebankId),
      q.extremeBalances(db, p.networkId, timebankId, DEEP_OVERDRAFT_MINUTES, DEEP_CREDIT_MINUTES, DASHBOARD_ROWS),
      q.lapsingListings(db, p.networkId, timebankId, addDays(t, LAPSING_DAYS), DASHBOARD_ROWS),
    ]);
    return {
      waiting: waiting.map((w) => ({ ...w, waitingDays: Math.max(0, Math.floor((clock.now().getTime() - w.created_at.getTime()) / 86_400_000)) })),
      rechecks: rechecks.slice(0, DASHBOARD_ROWS).map((c) => ({ memberId: c.member_id, name: c.display_name, scheme: c.scheme, reviewOn: c.review_on, overdue: c.overdue })),
      overdraft: balances.filter((b) => Number(b.balance_minutes) < 0).map((b) => ({ memberId: b.member_id, name: b.display_name, balanceMinutes: Number(b.balance_minutes) })),
      credit: balances.filter((b) => Number(b.balance_minutes) > 0).map((b) => ({ memberId: b.member_id, name: b.display_name, balanceMinutes: Number(b.balance_minutes) })),
      lapsing,
    };
  }

  return { rankRequest, openRequest, requestsForOffer, getWeights, setWeights, doNotSend, addDoNotSend, removeDoNotSend, dashboard };
}

export type Matching = ReturnType<typeof createMatching>;
