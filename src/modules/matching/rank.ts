// The ranking of broker matching (docs/matching.md): a pure function of its inputs. Given the
// facts of a request and of each pre-filtered candidate, and the timebank's weights, it says
// who is ruled out (and by which rule), ranks the rest with one reason per factor, adds the
// broker's signals and proposes pairs for a visit by two people. No database, no clock: the
// queries gather the facts (queries.ts), the service calls this.
import type { FieldError } from '../../lib/errors.ts';
import { ageOn } from '../listings/rules.ts';
import type { ListingMode } from '../listings/tables.ts';
import type { DayPart, RestrictionKind } from '../preferences/tables.ts';

export const FACTORS = ['fit', 'distance', 'metBefore', 'reliability', 'fairness'] as const;
export type Factor = (typeof FACTORS)[number];
export type Weights = Record<Factor, number>;

/** The defaults when a coordinator has set none (docs/matching.md says why). */
export const DEFAULT_WEIGHTS: Readonly<Weights> = { fit: 5, distance: 3, metBefore: 2, reliability: 2, fairness: 3 };
export const WEIGHT_MIN = 0;
export const WEIGHT_MAX = 10;

/** Every field error of a set of weights: whole numbers from 0 to 10, not all 0. */
export function weightErrors(w: Record<string, unknown>): FieldError[] {
  const out: FieldError[] = [];
  for (const f of FACTORS) {
    const v = w[f];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < WEIGHT_MIN || v > WEIGHT_MAX) {
      out.push({ path: `/body/${f}`, message: `a whole number from ${WEIGHT_MIN} to ${WEIGHT_MAX}` });
    }
  }
  if (out.length === 0 && FACTORS.every((f) => w[f] === 0)) out.push({ path: '/body', message: 'at least one weight above 0' });
  return out;
}

/** The rules that rule a candidate out, in the order they are checked. */
export const RULES = ['self', 'do_not_send', 'not_active', 'paused', 'not_available', 'check_missing', 'no_home_visits', 'no_hospital_appointments', 'only_met_before', 'too_young'] as const;
export type Rule = (typeof RULES)[number];

export interface RequestFacts {
  memberId: string;
  categorySlug: string;
  /** The top level of the category ("transport-errands" of "transport-errands.lifts"). */
  categoryTop: string;
  /** The request's significant words (title and description), from `wordsOf`. */
  words: readonly string[];
  areaId: string | null;
  areaIsIsland: boolean;
  mode: ListingMode;
  /** The day the help is wanted (a one-off day; else the day of the ranking). */
  day: string;
  /** ISO weekday 1..7 when the request names one (one-off or weekly), else null. */
  weekday: number | null;
  part: DayPart | null;
  checkNeeded: boolean;
  minimumAge: number | null;
  /** A hospital appointment: the "going along to appointments" category, or "hospital" in the words. */
  hospital: boolean;
}

export interface CandidateFacts {
  memberId: string;
  personId: string;
  name: string;
  status: 'applied' | 'active' | 'paused' | 'left' | 'suspended';
  pausedUntil: string | null;
  /** The person is suspended (all their memberships are). */
  suspended: boolean;
  /** Weekly windows; none set means they have not limited their times. */
  windows: readonly { weekday: number; part: DayPart }[];
  birthDate: string | null;
  birthYear: number | null;
  /** A valid safeguarding check on the request's day. */
  validCheck: boolean;
  restrictions: readonly RestrictionKind[];
  /** The requester asked not to be sent this member. */
  doNotSend: boolean;
  /** Category slugs of their profile's offers and skills and of their open offers. */
  categories: readonly string[];
  /** Significant words of their profile's offers and skills and of their open offers' titles. */
  words: readonly string[];
  /** Their member area, profile areas and preferred areas. */
  areaIds: readonly string[];
  /** They have given help to, or received it from, the requester before. */
  metRequester: boolean;
  completed: number;
  cancelled: number;
  noShows: number;
  /** Times they were rung from a call list in the last 30 days. */
  askedLately: number;
  /** Agreed occurrences in the coming seven days. */
  busyThisWeek: number;
  balanceMinutes: number;
  /** The account's lowest balance allowed (negative), null for none. */
  balanceMinutesMin: number | null;
  /** Days since their first credit when they have earned and never spent; else null. */
  earnedNeverSpentDays: number | null;
}

export interface Reason {
  factor: Factor;
  /** 0..100: how well the candidate does on this factor. */
  score: number;
  /** The weight it counted with (metBefore counts double for home visits). */
  weight: number;
  /** What to say: a message key under "matching.reason." with its values. */
  key: string;
  params: Record<string, string | number>;
}

export type SignalKind = 'earned_never_spent' | 'deep_overdraft';
export interface Signal {
  kind: SignalKind;
  params: Record<string, number>;
}

export interface Ranked {
  memberId: string;
  name: string;
  /** 0..100, the weighted mean of the factor scores. */
  score: number;
  reasons: Reason[];
  signals: Signal[];
  /** A restriction says they visit only with a second giver: offer them in a pair. */
  needsSecondGiver: boolean;
}

export interface RuledOut {
  memberId: string;
  name: string;
  /** Every rule that rules them out; the first is shown. */
  rules: Rule[];
}

export interface Pair {
  memberIds: [string, string];
  names: [string, string];
  score: number;
  /** One of the two has met the requester. */
  metBefore: boolean;
}

export interface Ranking {
  candidates: Ranked[];
  ruledOut: RuledOut[];
  pairs: Pair[];
}

/** Days without spending, from which "earned for months and never spent" is signalled. */
export const EARNED_NEVER_SPENT_DAYS = 90;
/** Without an overdraft limit, "deep in overdraft" is this far below zero (20 hours). */
export const DEEP_OVERDRAFT_MINUTES = 1200;
/** Pairs are made from this many of the best candidates, and this many are proposed. */
export const PAIR_POOL = 8;
export const PAIRS_MAX = 5;
/** Added to a pair's score when one of the two has met the requester. */
export const PAIR_MET_BONUS = 10;

const STOP = new Set(
  'the and for with from into that this have need needs help some someone could would please about after before their them they your will can who what when where which also just very more than then there here wants want our are was were has had not but you her his him she its any all few'.split(' ').concat(
    'dla oraz się jest nie jak ale czy który która które przy pod nad przez tylko bardzo może mogę proszę potrzebuję pomoc pomocy'.split(' '),
  ),
);

/** The significant words of a text: lower case, letters and digits, three or more, no common words. */
export function wordsOf(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    for (const w of (t ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w.length >= 3 && !STOP.has(w)) out.add(w);
  }
  return [...out];
}

/** Two words match when equal, or when the shorter (four letters or more) begins the longer: garden, gardening. */
const wordMatch = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/** The rules that rule the candidate out, in order; empty when none does. */
export function rulesFor(r: RequestFacts, c: CandidateFacts): Rule[] {
  const out: Rule[] = [];
  if (c.memberId === r.memberId) out.push('self');
  if (c.doNotSend) out.push('do_not_send');
  const activeOrPaused = c.status === 'active' || c.status === 'paused';
  if (c.suspended || !activeOrPaused) out.push('not_active');
  else if (c.status === 'paused' && (c.pausedUntil === null || c.pausedUntil >= r.day)) out.push('paused');
  if (!availableAt(r, c.windows)) out.push('not_available');
  if (r.checkNeeded && !c.validCheck) out.push('check_missing');
  if (r.mode === 'home' && c.restrictions.includes('no_home_visits')) out.push('no_home_visits');
  if (r.hospital && c.restrictions.includes('no_hospital_appointments')) out.push('no_hospital_appointments');
  if (c.restrictions.includes('only_met_before') && !c.metRequester) out.push('only_met_before');
  const age = ageOn({ birth_date: c.birthDate, birth_year: c.birthYear }, r.day);
  if (r.minimumAge !== null && age !== null && age < r.minimumAge) out.push('too_young');
  return out;
}

/** Windows set and none fits the weekday and part of the day the request names. */
function availableAt(r: RequestFacts, windows: CandidateFacts['windows']): boolean {
  if (windows.length === 0 || (r.weekday === null && r.part === null)) return true;
  return windows.some((w) => (r.weekday === null || w.weekday === r.weekday) && (r.part === null || w.part === r.part));
}

/** How well their offers and skills fit: the category (60) and the request's words (40). */
export function fitOf(r: RequestFacts, c: CandidateFacts): Omit<Reason, 'weight'> {
  const exact = c.categories.includes(r.categorySlug);
  const related = !exact && c.categories.some((s) => s === r.categoryTop || s.startsWith(`${r.categoryTop}.`));
  const matched = r.words.filter((w) => c.words.some((x) => wordMatch(w, x)));
  const wanted = Math.min(3, r.words.length);
  const text = wanted === 0 ? 0 : Math.round((40 * Math.min(matched.length, wanted)) / wanted);
  const category = exact ? 60 : related ? 30 : 0;
  const kind = exact ? 'exact' : related ? 'related' : 'none';
  return { factor: 'fit', score: category + text, key: matched.length ? `fit.${kind}Words` : `fit.${kind}`, params: { words: matched.join(', ') } };
}

/** Distance by area: the same area or island, another area, or not known; online help is anywhere. */
export function distanceOf(r: RequestFacts, c: CandidateFacts): Omit<Reason, 'weight'> {
  const d = (score: number, key: string) => ({ factor: 'distance' as const, score, key: `distance.${key}`, params: {} });
  if (r.mode === 'online') return d(100, 'online');
  if (r.areaId === null || c.areaIds.length === 0) return d(50, 'unknown');
  if (c.areaIds.includes(r.areaId)) return d(100, r.areaIsIsland ? 'sameIsland' : 'sameArea');
  return r.areaIsIsland ? d(0, 'offIsland') : d(30, 'otherArea');
}

export function metBeforeOf(r: RequestFacts, c: CandidateFacts): Omit<Reason, 'weight'> {
  const key = !c.metRequester ? 'metBefore.no' : r.mode === 'home' ? 'metBefore.yesHome' : 'metBefore.yes';
  return { factor: 'metBefore', score: c.metRequester ? 100 : 0, key, params: {} };
}

/** Completed against cancelled and no-shows, counted from one of each (a newcomer scores 50). */
export function reliabilityOf(c: CandidateFacts): Omit<Reason, 'weight'> {
  const n = c.completed + c.cancelled + c.noShows;
  const score = Math.round((100 * (c.completed + 1)) / (n + 2));
  return { factor: 'reliability', score, key: n === 0 ? 'reliability.new' : 'reliability.record', params: { completed: c.completed, cancelled: c.cancelled, noShows: c.noShows } };
}

/** People not asked lately and not busy this week come first. */
export function fairnessOf(c: CandidateFacts): Omit<Reason, 'weight'> {
  const score = Math.round(100 / (1 + c.askedLately + c.busyThisWeek));
  const key = c.askedLately + c.busyThisWeek === 0 ? 'fairness.free' : 'fairness.busy';
  return { factor: 'fairness', score, key, params: { asked: c.askedLately, busy: c.busyThisWeek } };
}

/** The weight each factor counts with for this request: met-before counts double for home visits. */
export function effectiveWeights(r: RequestFacts, w: Weights): Weights {
  return { ...w, metBefore: r.mode === 'home' ? w.metBefore * 2 : w.metBefore };
}

/** The signals for the broker (never part of the score). */
export function signalsOf(c: CandidateFacts): Signal[] {
  const out: Signal[] = [];
  if (c.earnedNeverSpentDays !== null && c.earnedNeverSpentDays >= EARNED_NEVER_SPENT_DAYS) {
    out.push({ kind: 'earned_never_spent', params: { months: Math.floor(c.earnedNeverSpentDays / 30) } });
  }
  const deep = c.balanceMinutesMin !== null && c.balanceMinutesMin < 0 ? c.balanceMinutes * 4 <= c.balanceMinutesMin * 3 : c.balanceMinutes <= -DEEP_OVERDRAFT_MINUTES;
  if (c.balanceMinutes < 0 && deep) out.push({ kind: 'deep_overdraft', params: { hours: Math.floor(-c.balanceMinutes / 60) } });
  return out;
}

/** The score: the mean of the factor scores weighted by the effective weights, 0..100. */
export function scoreOf(reasons: readonly Reason[]): number {
  const total = reasons.reduce((s, x) => s + x.weight, 0);
  return total === 0 ? 0 : Math.round(reasons.reduce((s, x) => s + x.weight * x.score, 0) / total);
}

export function rankOne(r: RequestFacts, c: CandidateFacts, w: Weights): Ranked {
  const ew = effectiveWeights(r, w);
  const parts = [fitOf(r, c), distanceOf(r, c), metBeforeOf(r, c), reliabilityOf(c), fairnessOf(c)];
  const reasons = parts.map((x) => ({ ...x, weight: ew[x.factor] }));
  const needsSecondGiver = r.mode !== 'online' && c.restrictions.includes('two_person_visits');
  return { memberId: c.memberId, name: c.name, score: scoreOf(reasons), reasons, signals: signalsOf(c), needsSecondGiver };
}

/** Best first; equal scores: the fairer first, then by name, then by id (always the same order). */
function byRank(a: Ranked, b: Ranked): number {
  const fair = (x: Ranked) => x.reasons.find((y) => y.factor === 'fairness')?.score ?? 0;
  return b.score - a.score || fair(b) - fair(a) || a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1);
}

/** Pairs from the best candidates: the mean of the two scores, more when one has met the requester. */
export function pairsOf(ranked: readonly Ranked[], met: ReadonlySet<string>): Pair[] {
  const pool = ranked.slice(0, PAIR_POOL);
  const out: Pair[] = [];
  for (let i = 0; i < pool.length; i++) {
    for (let j = i + 1; j < pool.length; j++) {
      const a = pool[i]!;
      const b = pool[j]!;
      const metBefore = met.has(a.memberId) || met.has(b.memberId);
      const score = Math.round((a.score + b.score) / 2) + (metBefore ? PAIR_MET_BONUS : 0);
      out.push({ memberIds: [a.memberId, b.memberId], names: [a.name, b.name], score, metBefore });
    }
  }
  return out.sort((x, y) => y.score - x.score || Number(y.metBefore) - Number(x.metBefore)).slice(0, PAIRS_MAX);
}

/** The whole ranking of a request's candidates. */
export function rank(r: RequestFacts, candidates: readonly CandidateFacts[], w: Weights): Ranking {
  const ranked: Ranked[] = [];
  const ruledOut: RuledOut[] = [];
  const met = new Set<string>();
  for (const c of candidates) {
    const rules = rulesFor(r, c);
    if (rules.length) ruledOut.push({ memberId: c.memberId, name: c.name, rules });
    else {
      ranked.push(rankOne(r, c, w));
      if (c.metRequester) met.add(c.memberId);
    }
  }
  ranked.sort(byRank);
  ruledOut.sort((a, b) => a.name.localeCompare(b.name) || (a.memberId < b.memberId ? -1 : 1));
  return { candidates: ranked, ruledOut, pairs: pairsOf(ranked, met) };
}
