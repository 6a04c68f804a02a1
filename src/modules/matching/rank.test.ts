// The ranking as a pure function, rule by rule and factor by factor (docs/matching.md).
import { describe, expect, it } from 'vitest';
import { type CandidateFacts, DEFAULT_WEIGHTS, distanceOf, fairnessOf, fitOf, metBeforeOf, pairsOf, rank, rankOne, reliabilityOf, type RequestFacts, rulesFor, signalsOf, weightErrors, wordsOf } from './rank.ts';

const request = (r: Partial<RequestFacts> = {}): RequestFacts => ({
  memberId: 'mary',
  categorySlug: 'home-garden.gardening',
  categoryTop: 'home-garden',
  words: wordsOf('Cutting the hedge', 'The garden hedge is too tall'),
  areaId: 'innellan',
  areaIsIsland: false,
  mode: 'outside',
  day: '2026-02-03',
  weekday: 2,
  part: 'morning',
  checkNeeded: false,
  minimumAge: null,
  hospital: false,
  ...r,
});

const candidate = (c: Partial<CandidateFacts> = {}): CandidateFacts => ({
  memberId: 'nina',
  personId: 'nina-p',
  name: 'Nina',
  status: 'active',
  pausedUntil: null,
  suspended: false,
  windows: [],
  birthDate: null,
  birthYear: 1970,
  validCheck: false,
  restrictions: [],
  doNotSend: false,
  categories: ['home-garden.gardening'],
  words: wordsOf('I love gardening and cutting hedges'),
  areaIds: ['innellan'],
  metRequester: false,
  completed: 0,
  cancelled: 0,
  noShows: 0,
  askedLately: 0,
  busyThisWeek: 0,
  balanceMinutes: 0,
  balanceMinutesMin: -6000,
  earnedNeverSpentDays: null,
  ...c,
});

describe('rules that rule a candidate out', () => {
  it('rules out the requester, the people they asked not to be sent, and members who are not active', () => {
    expect(rulesFor(request(), candidate({ memberId: 'mary' }))).toEqual(['self']);
    expect(rulesFor(request(), candidate({ doNotSend: true }))).toEqual(['do_not_send']);
    expect(rulesFor(request(), candidate({ status: 'left' }))).toEqual(['not_active']);
    expect(rulesFor(request(), candidate({ suspended: true }))).toEqual(['not_active']);
  });

  it('rules out a member paused on the day, not one whose pause ends before it', () => {
    expect(rulesFor(request(), candidate({ status: 'paused', pausedUntil: '2026-02-03' }))).toEqual(['paused']);
    expect(rulesFor(request(), candidate({ status: 'paused', pausedUntil: '2026-02-02' }))).toEqual([]);
  });

  it('rules out a member whose windows miss the weekday and part asked; no windows means no limit', () => {
    expect(rulesFor(request(), candidate({ windows: [{ weekday: 2, part: 'afternoon' }] }))).toEqual(['not_available']);
    expect(rulesFor(request(), candidate({ windows: [{ weekday: 2, part: 'morning' }] }))).toEqual([]);
    expect(rulesFor(request({ weekday: null, part: null }), candidate({ windows: [{ weekday: 6, part: 'evening' }] }))).toEqual([]);
    expect(rulesFor(request(), candidate({ windows: [] }))).toEqual([]);
  });

  it('rules out a member without a valid check when the request needs one', () => {
    expect(rulesFor(request({ checkNeeded: true }), candidate())).toEqual(['check_missing']);
    expect(rulesFor(request({ checkNeeded: true }), candidate({ validCheck: true }))).toEqual([]);
  });

  it('applies restrictions: home visits, hospital appointments, only people met before', () => {
    expect(rulesFor(request({ mode: 'home' }), candidate({ restrictions: ['no_home_visits'] }))).toEqual(['no_home_visits']);
    expect(rulesFor(request({ mode: 'outside' }), candidate({ restrictions: ['no_home_visits'] }))).toEqual([]);
    expect(rulesFor(request({ hospital: true }), candidate({ restrictions: ['no_hospital_appointments'] }))).toEqual(['no_hospital_appointments']);
    expect(rulesFor(request(), candidate({ restrictions: ['only_met_before'] }))).toEqual(['only_met_before']);
    expect(rulesFor(request(), candidate({ restrictions: ['only_met_before'], metRequester: true }))).toEqual([]);
  });

  it("rules out a member under the category's minimum age on the day; an unknown age is not ruled out", () => {
    expect(rulesFor(request({ minimumAge: 18 }), candidate({ birthDate: '2008-02-04', birthYear: 2008 }))).toEqual(['too_young']);
    expect(rulesFor(request({ minimumAge: 18 }), candidate({ birthDate: '2008-02-03', birthYear: 2008 }))).toEqual([]);
    expect(rulesFor(request({ minimumAge: 18 }), candidate({ birthDate: null, birthYear: null }))).toEqual([]);
  });

  it('gives every rule that applies, in order', () => {
    expect(rulesFor(request({ checkNeeded: true, mode: 'home' }), candidate({ doNotSend: true, restrictions: ['no_home_visits'] }))).toEqual(['do_not_send', 'check_missing', 'no_home_visits']);
  });
});

describe('factors', () => {
  it('fit: the exact category (60), the same top level (30), and up to three of the request words (40)', () => {
    expect(fitOf(request(), candidate())).toMatchObject({ score: 100, key: 'fit.exactWords' });
    expect(fitOf(request(), candidate({ words: [] }))).toMatchObject({ score: 60, key: 'fit.exact' });
    expect(fitOf(request(), candidate({ categories: ['home-garden.cleaning'], words: [] }))).toMatchObject({ score: 30, key: 'fit.related' });
    expect(fitOf(request(), candidate({ categories: [], words: ['hedge'] }))).toMatchObject({ score: 13, key: 'fit.noneWords', params: { words: 'hedge' } });
    expect(fitOf(request({ words: [] }), candidate({ categories: [] }))).toMatchObject({ score: 0, key: 'fit.none' });
  });

  it('distance: the same area or island, another area, unknown, or online', () => {
    expect(distanceOf(request(), candidate())).toMatchObject({ score: 100, key: 'distance.sameArea' });
    expect(distanceOf(request({ areaIsIsland: true }), candidate())).toMatchObject({ score: 100, key: 'distance.sameIsland' });
    expect(distanceOf(request({ areaIsIsland: true }), candidate({ areaIds: ['mainland'] }))).toMatchObject({ score: 0, key: 'distance.offIsland' });
    expect(distanceOf(request(), candidate({ areaIds: ['toward'] }))).toMatchObject({ score: 30, key: 'distance.otherArea' });
    expect(distanceOf(request({ areaId: null }), candidate())).toMatchObject({ score: 50, key: 'distance.unknown' });
    expect(distanceOf(request({ mode: 'online' }), candidate({ areaIds: ['toward'] }))).toMatchObject({ score: 100, key: 'distance.online' });
  });

  it('met before: 100 or 0, and counts double for a home visit', () => {
    expect(metBeforeOf(request(), candidate({ metRequester: true }))).toMatchObject({ score: 100, key: 'metBefore.yes' });
    expect(metBeforeOf(request({ mode: 'home' }), candidate({ metRequester: true }))).toMatchObject({ score: 100, key: 'metBefore.yesHome' });
    expect(metBeforeOf(request(), candidate())).toMatchObject({ score: 0, key: 'metBefore.no' });
    const home = rankOne(request({ mode: 'home' }), candidate(), DEFAULT_WEIGHTS).reasons.find((r) => r.factor === 'metBefore');
    expect(home?.weight).toBe(DEFAULT_WEIGHTS.metBefore * 2);
  });

  it('reliability: completed against cancelled and no-shows, a newcomer in the middle', () => {
    expect(reliabilityOf(candidate())).toMatchObject({ score: 50, key: 'reliability.new' });
    expect(reliabilityOf(candidate({ completed: 8 }))).toMatchObject({ score: 90 });
    expect(reliabilityOf(candidate({ completed: 2, cancelled: 3, noShows: 3 }))).toMatchObject({ score: 30, params: { completed: 2, cancelled: 3, noShows: 3 } });
  });

  it('fairness: not asked lately and not busy this week comes first', () => {
    expect(fairnessOf(candidate())).toMatchObject({ score: 100, key: 'fairness.free' });
    expect(fairnessOf(candidate({ askedLately: 1 }))).toMatchObject({ score: 50, key: 'fairness.busy' });
    expect(fairnessOf(candidate({ askedLately: 2, busyThisWeek: 1 }))).toMatchObject({ score: 25, params: { asked: 2, busy: 1 } });
  });
});

describe('the score and the order', () => {
  it('is the mean of the factor scores weighted by the weights', () => {
    const r = rankOne(request(), candidate({ completed: 8, askedLately: 1 }), DEFAULT_WEIGHTS);
    // fit 100×5 + distance 100×3 + met 0×2 + reliability 90×2 + fairness 50×3 = 1130, over 15
    expect(r.score).toBe(Math.round(1130 / 15));
    expect(r.reasons.map((x) => x.factor)).toEqual(['fit', 'distance', 'metBefore', 'reliability', 'fairness']);
  });

  it('follows the weights a coordinator sets', () => {
    const near = candidate({ memberId: 'near', name: 'Near', categories: [], words: [] });
    const skilled = candidate({ memberId: 'skilled', name: 'Skilled', areaIds: ['toward'] });
    const byDistance = rank(request(), [near, skilled], { fit: 0, distance: 10, metBefore: 0, reliability: 0, fairness: 0 });
    expect(byDistance.candidates.map((c) => c.memberId)).toEqual(['near', 'skilled']);
    const byFit = rank(request(), [near, skilled], { fit: 10, distance: 0, metBefore: 0, reliability: 0, fairness: 0 });
    expect(byFit.candidates.map((c) => c.memberId)).toEqual(['skilled', 'near']);
  });

  it('keeps the people ruled out apart, and orders equal scores the same way every time', () => {
    const r = rank(request(), [candidate({ memberId: 'b', name: 'Bea' }), candidate({ memberId: 'a', name: 'Ann' }), candidate({ memberId: 'x', name: 'Xav', doNotSend: true })], DEFAULT_WEIGHTS);
    expect(r.candidates.map((c) => c.name)).toEqual(['Ann', 'Bea']);
    expect(r.ruledOut).toEqual([{ memberId: 'x', name: 'Xav', rules: ['do_not_send'] }]);
  });

  it('flags a member who visits only with a second giver, and proposes pairs with one who has met the member first', () => {
    const r = rank(
      request(),
      [candidate({ memberId: 'a', name: 'Ann', restrictions: ['two_person_visits'] }), candidate({ memberId: 'b', name: 'Bea' }), candidate({ memberId: 'c', name: 'Cal', metRequester: true, categories: [] })],
      DEFAULT_WEIGHTS,
    );
    expect(r.candidates.find((c) => c.memberId === 'a')?.needsSecondGiver).toBe(true);
    expect(r.pairs[0]?.metBefore).toBe(true);
    expect(r.pairs[0]?.memberIds).toContain('c');
    expect(pairsOf([], new Set())).toEqual([]);
  });
});

describe('signals for the broker (never in the score)', () => {
  it('signals earning for months without spending, and a balance deep in overdraft', () => {
    expect(signalsOf(candidate({ earnedNeverSpentDays: 120 }))).toEqual([{ kind: 'earned_never_spent', params: { months: 4 } }]);
    expect(signalsOf(candidate({ earnedNeverSpentDays: 60 }))).toEqual([]);
    expect(signalsOf(candidate({ balanceMinutes: -4500, balanceMinutesMin: -6000 }))).toEqual([{ kind: 'deep_overdraft', params: { hours: 75 } }]);
    expect(signalsOf(candidate({ balanceMinutes: -4000, balanceMinutesMin: -6000 }))).toEqual([]);
    expect(signalsOf(candidate({ balanceMinutes: -1200, balanceMinutesMin: null }))).toEqual([{ kind: 'deep_overdraft', params: { hours: 20 } }]);
    const a = rankOne(request(), candidate({ balanceMinutes: -5000 }), DEFAULT_WEIGHTS);
    const b = rankOne(request(), candidate(), DEFAULT_WEIGHTS);
    expect(a.score).toBe(b.score);
  });
});

describe('weights', () => {
  it('takes whole numbers from 0 to 10, not all 0, and names each bad one', () => {
    expect(weightErrors({ ...DEFAULT_WEIGHTS })).toEqual([]);
    expect(weightErrors({ ...DEFAULT_WEIGHTS, fit: 11, fairness: -1 }).map((e) => e.path)).toEqual(['/body/fit', '/body/fairness']);
    expect(weightErrors({ ...DEFAULT_WEIGHTS, distance: 2.5 }).map((e) => e.path)).toEqual(['/body/distance']);
    expect(weightErrors({ fit: 0, distance: 0, metBefore: 0, reliability: 0, fairness: 0 }).map((e) => e.path)).toEqual(['/body']);
  });
});
