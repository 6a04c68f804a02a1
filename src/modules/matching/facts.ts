// Gathering the ranking's inputs: the request's facts, the pre-filtered candidates and, in a
// few set queries, what the ranking needs to know about each. No principal here (service.ts
// authorizes first), no rules (rank.ts).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Category } from '../categories/service.ts';
import { isHospitalAppointment } from '../categories/taxonomy.ts';
import { isoWeekday } from '../../lib/recurrence.ts';
import { validCheckHoldersOf } from '../safeguarding/service.ts';
import * as q from './queries.ts';
import { type CandidateFacts, type RequestFacts, wordsOf } from './rank.ts';

/** At most this many candidates by category (exact first, same area first), and this many more from the request's area. */
export const CANDIDATE_CAP = 200;
export const AREA_CAP = 50;
/** "Asked lately": contacts in the last 30 days; "busy this week": agreed occurrences in the coming 7 days. */
export const ASKED_DAYS = 30;
export const BUSY_DAYS = 7;
const DAY_MS = 86_400_000;


/** What the ranking knows of a request. */
export function requestFacts(r: q.RequestRow, c: Category, today: string): RequestFacts {
  const day = r.when_kind === 'one_off' && r.when_on && r.when_on >= today ? r.when_on : today;
  const weekday = r.when_kind === 'one_off' && r.when_on ? isoWeekday(r.when_on) : r.when_kind === 'recurring' ? r.when_weekday : null;
  return {
    memberId: r.member_id ?? '',
    categorySlug: r.category_slug,
    categoryTop: r.category_top,
    words: wordsOf(r.title, r.description),
    areaId: r.area_id,
    areaIsIsland: r.area_kind === 'island',
    mode: r.mode,
    day,
    weekday,
    part: r.when_part,
    checkNeeded: r.check_needed,
    minimumAge: c.minimumAge,
    hospital: isHospitalAppointment(r.category_slug, `${r.title} ${r.description}`),
  };
}

const groupBy = <T, V>(rows: readonly T[], key: (r: T) => string, value: (r: T) => V) => {
  const m = new Map<string, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(value(r));
    else m.set(k, [value(r)]);
  }
  return m;
};
const countsOf = (rows: readonly { member_id: string; n: number | string | bigint }[]) => new Map(rows.map((r) => [r.member_id, Number(r.n)]));

/** The facts of each candidate, gathered for all of them at once. */
export async function candidateFacts(db: Kysely<DB>, networkId: string, ids: string[], req: RequestFacts, now: Date): Promise<CandidateFacts[]> {
  if (ids.length === 0) return [];
  // Everything keyed by the member ids at once; then the three that need the members' persons
  // and accounts (on the server these run side by side on the pool).
  const [members, windows, restrictions, cats, texts, areas, dns, stats, gaveTo, asked] = await Promise.all([
    q.membersWithAccounts(db, networkId, ids),
    q.windowsOf(db, networkId, ids),
    q.restrictionsOf(db, networkId, ids),
    q.categoriesOf(db, networkId, ids),
    q.profileTextsOf(db, networkId, ids),
    q.areasOf(db, networkId, ids),
    req.memberId ? q.doNotSendOf(db, networkId, req.memberId) : Promise.resolve([]),
    q.giverStats(db, networkId, ids, req.memberId, now, new Date(now.getTime() + BUSY_DAYS * DAY_MS)),
    req.memberId ? q.receivedFrom(db, networkId, ids, req.memberId) : Promise.resolve(new Set<string>()),
    q.askedSince(db, networkId, ids, new Date(now.getTime() - ASKED_DAYS * DAY_MS)),
  ]);
  const personIds = members.map((m) => m.person_id);
  const accountIds = members.filter((m) => m.account_id && Number(m.debits_posted) === 0 && Number(m.credits_posted) > 0).map((m) => m.account_id!);
  const [cancels, checks, credits] = await Promise.all([
    q.cancellationsBy(db, networkId, members),
    req.checkNeeded ? validCheckHoldersOf(db, networkId, personIds, req.day) : Promise.resolve(new Set<string>()),
    q.firstCredits(db, networkId, accountIds),
  ]);
  const win = groupBy(windows, (w) => w.member_id, (w) => ({ weekday: w.weekday, part: w.part }));
  const res = groupBy(restrictions, (r) => r.member_id, (r) => r.kind);
  const slugs = groupBy([...cats.profile, ...cats.offers], (c) => c.member_id ?? '', (c) => c.category_slug);
  const offerTitles = groupBy(cats.offers, (c) => c.member_id ?? '', (c) => c.title);
  const text = new Map(texts.map((t) => [t.member_id, [t.offer_text, t.skill_text]]));
  const area = groupBy(areas, (a) => a.member_id, (a) => a.area_id);
  const excluded = new Set(dns.map((d) => d.excluded_member_id));
  const stat = new Map(stats.map((s) => [s.member_id, s]));
  const cancelled = countsOf(cancels);
  const askedN = countsOf(asked);
  const firstCredit = new Map(credits.map((c) => [c.credit_account_id, c.first_at ? new Date(c.first_at as Date | string) : null]));
  return members.map((m) => {
    const s = stat.get(m.id);
    const since = m.account_id ? firstCredit.get(m.account_id) : undefined;
    const balance = Number(m.credits_posted ?? 0) - Number(m.debits_posted ?? 0);
    return {
      memberId: m.id,
      personId: m.person_id,
      name: m.display_name,
      status: m.status,
      pausedUntil: m.paused_until,
      suspended: m.suspended_at !== null,
      windows: win.get(m.id) ?? [],
      birthDate: m.birth_date,
      birthYear: m.birth_year,
      validCheck: checks.has(m.person_id),
      restrictions: res.get(m.id) ?? [],
      doNotSend: excluded.has(m.id),
      categories: [...new Set(slugs.get(m.id) ?? [])],
      words: wordsOf(...(text.get(m.id) ?? []), ...(offerTitles.get(m.id) ?? [])),
      areaIds: [...new Set([...(m.area_id ? [m.area_id] : []), ...(area.get(m.id) ?? [])])],
      metRequester: Number(s?.met ?? 0) > 0 || gaveTo.has(m.id),
      completed: Number(s?.completed ?? 0),
      cancelled: cancelled.get(m.id) ?? 0,
      noShows: Number(s?.no_shows ?? 0),
      askedLately: askedN.get(m.id) ?? 0,
      busyThisWeek: Number(s?.busy ?? 0),
      balanceMinutes: balance,
      balanceMinutesMin: m.balance_minutes_min === null ? null : Number(m.balance_minutes_min),
      earnedNeverSpentDays: since ? Math.floor((now.getTime() - since.getTime()) / DAY_MS) : null,
    };
  });
}
