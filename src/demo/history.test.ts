// The demo's year of ledger history: planned the same way for the same seed, kept within what
// the ledger accepts, and written through the ledger service so that every invariant holds.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/db.ts';
import { ManualClock } from '../lib/clock.ts';
import { verifyLedger } from '../modules/ledger/verify.ts';
import { createOutcomeReports } from '../modules/outcomes/report.ts';
import { createReports } from '../modules/reports/service.ts';
import { createWellbeing } from '../modules/wellbeing/service.ts';
import { createDemoNetwork, type DemoResult } from './create.ts';
import { keepFeasible } from './history-feasible.ts';
import { BALANCE_MINUTES_MIN, CLEARING_LIMIT_MINUTES, type HistoryEvent } from './history-model.ts';
import { planHistory } from './history-plan.ts';
import { planDemoNetwork } from './plan.ts';

const TODAY = '2026-06-01';
const clock = new ManualClock(new Date(`${TODAY}T09:00:00Z`));

describe('the planned year of history', () => {
  const plan = planDemoNetwork({ seed: 2005, scale: 0.2, today: TODAY });
  const history = planHistory(plan, { seed: 2005, today: TODAY });
  const transfers = history.events.flatMap((e) =>
    e.type === 'transfer' ? [e.transfer] : e.type === 'batch' ? e.transfers : [],
  );

  it('is the same for the same seed and day', () => {
    expect(planHistory(plan, { seed: 2005, today: TODAY })).toEqual(history);
  });

  it('runs in time order over the year before the day it is made', () => {
    const times = history.events.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(
      Date.parse(`${TODAY}T08:00:00Z`) - 366 * 86_400_000,
    );
    expect(Math.max(...times)).toBeLessThan(Date.parse(`${TODAY}T08:00:00Z`) + 86_400_000);
  });

  it('opens an account for every member who is not just an applicant, and for every organisation', () => {
    const opened = new Set(
      history.events.flatMap((e) => (e.type === 'open_member' ? [e.memberId] : [])),
    );
    const expected = plan.members.filter((m) => m.status !== 'applied').map((m) => m.id);
    expect([...opened].sort()).toEqual(expected.sort());
    const organisations = history.events.filter((e) => e.type === 'open_organisation');
    expect(organisations).toHaveLength(plan.organisations.length);
  });

  it('holds exchanges of many kinds, activities, gifts, donations, pending hours and a correction', () => {
    const categories = new Set(
      transfers.filter((t) => t.kind === 'exchange').map((t) => t.category),
    );
    for (const c of ['gardening', 'shopping', 'ironing', 'lifts', 'computer help', 'cafe'])
      expect(categories).toContain(c);
    const kinds = new Set(transfers.map((t) => t.kind));
    expect([...kinds].sort()).toEqual(['activity', 'donation', 'exchange', 'gift']);
    expect(history.events.some((e) => e.type === 'transfer' && e.phase === 'pending')).toBe(true);
    expect(history.events.some((e) => e.type === 'transfer' && e.crossTimebank)).toBe(true);
    expect(history.events.filter((e) => e.type === 'reverse')).toHaveLength(1);
  });

  it('tells the seed post’s story: the bedding, the shortbread, the certificates and a birthday gift', () => {
    const memos = new Set(transfers.map((t) => t.memo));
    for (const memo of [
      'Changing the bedding',
      'Shortbread for the coffee morning',
      'Writing certificates in her beautiful hand',
      'Happy birthday, Eilidh!',
      'Polish/English translation',
      'Monthly donation to the youth club',
    ]) {
      expect(memos).toContain(memo);
    }
  });

  it('has brokers record for people without email, and people with email record their own', () => {
    const withEmail = new Set(plan.persons.filter((p) => p.email).map((p) => p.id));
    const brokers = new Set(
      plan.roleGrants.filter((g) => g.role === 'broker').map((g) => g.person_id),
    );
    for (const e of history.events) {
      if (e.actor.onBehalfOfPersonId) {
        expect(brokers.has(e.actor.personId!)).toBe(true);
        expect(withEmail.has(e.actor.onBehalfOfPersonId)).toBe(false);
      }
    }
  });
});

describe('keepFeasible', () => {
  const at = new Date('2026-01-01T10:00:00Z');
  const actor = { personId: null, onBehalfOfPersonId: null };
  const rules = {
    timebankOfMember: new Map([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'y'],
    ]),
    starterMinutesOf: new Map([['x', 60]]),
  };
  const open = (memberId: string): HistoryEvent => ({
    type: 'open_member',
    at,
    memberId,
    starterTransferId: `s-${memberId}`,
    actor,
  });
  const move = (
    id: string,
    from: string,
    to: string,
    minutes: number,
    extra: Partial<HistoryEvent & { type: 'transfer' }> = {},
  ): HistoryEvent => ({
    type: 'transfer',
    at,
    transfer: {
      id,
      debit: { memberId: from },
      credit: { memberId: to },
      minutes,
      kind: 'exchange',
      category: 'gardening',
      memo: '',
    },
    actor,
    phase: 'posted',
    crossTimebank: false,
    ...extra,
  });
  const ids = (events: HistoryEvent[]) =>
    events.map((e) => (e.type === 'transfer' ? e.transfer.id : e.type));

  it('leaves out a transfer that would take a balance below the floor, and one to an account not open', () => {
    const floor = -BALANCE_MINUTES_MIN;
    const kept = keepFeasible(
      [
        open('a'),
        open('b'),
        move('t1', 'a', 'b', floor),
        move('t2', 'a', 'b', 61),
        move('t3', 'a', 'c', 1),
      ],
      rules,
    );
    expect(ids(kept)).toEqual(['open_member', 'open_member', 't1']);
  });

  it('does not let pending credits be spent before they are posted', () => {
    const kept = keepFeasible(
      [
        open('a'),
        open('b'),
        move('t1', 'a', 'b', 600, { phase: 'pending' }),
        move('t2', 'b', 'a', 60 + 601),
      ],
      rules,
    );
    expect(ids(kept)).toEqual(['open_member', 'open_member', 't1']);
  });

  it('keeps the net between two timebanks within the clearing limit', () => {
    const cross = { crossTimebank: true };
    const events = [
      open('a'),
      open('c'),
      move('t1', 'c', 'a', 500, cross),
      move('t2', 'c', 'a', 100, cross),
    ];
    const rulesTight = { ...rules, starterMinutesOf: new Map([['y', CLEARING_LIMIT_MINUTES]]) };
    expect(ids(keepFeasible(events, rulesTight))).toEqual([
      'open_member',
      'open_member',
      't1',
      't2',
    ]);
    const over = move('t3', 'c', 'a', CLEARING_LIMIT_MINUTES - 599, cross);
    expect(ids(keepFeasible([...events, over], rulesTight))).not.toContain('t3');
  });

  it('reverses only a transfer that was kept and posted', () => {
    const reverse = (transferId: string): HistoryEvent => ({
      type: 'reverse',
      at,
      id: `r-${transferId}`,
      transferId,
      reason: 'twice',
      actor,
    });
    const kept = keepFeasible(
      [open('a'), open('b'), move('t1', 'a', 'b', 30), reverse('t1'), reverse('t9')],
      rules,
    );
    expect(ids(kept)).toEqual(['open_member', 'open_member', 't1', 'reverse']);
  });
});

describe('the demo network with its history, written through the ledger', () => {
  let database: TestDatabase;
  let result: DemoResult;
  beforeAll(async () => {
    database = await freshDatabase();
    result = await createDemoNetwork(database, { seed: 2005, scale: 0.1, clock });
  });
  afterAll(async () => {
    await database.close();
  });

  const one = async <T>(query: ReturnType<typeof sql<T>>) =>
    (await query.execute(database.db)).rows[0]!;

  it('breaks none of the ledger’s invariants', async () => {
    expect(result.counts.transfers).toBeGreaterThan(300);
    expect(await verifyLedger(database.db)).toEqual([]);
  });

  it('opens accounts for members, organisations, the community pots and every pair of linked timebanks', async () => {
    const rows = await sql<{ owner_kind: string; n: number }>`
      select owner_kind, count(*)::int as n from account where network_id = ${result.networkId}
      group by owner_kind order by owner_kind`.execute(database.db);
    const by = Object.fromEntries(rows.rows.map((r) => [r.owner_kind, r.n]));
    const members = await one(sql<{ n: number }>`
      select count(*)::int as n from member where network_id = ${result.networkId} and status <> 'applied'`);
    expect(by).toEqual({
      clearing: 42,
      community_pot: 7,
      member: members.n,
      organisation: result.counts.organisations,
    });
    expect(result.counts.accounts).toBe(42 + 7 + members.n + result.counts.organisations);
  });

  it('balances: every timebank’s accounts sum to zero', async () => {
    const rows = await sql<{ timebank_id: string; total: number }>`
      select timebank_id, sum(credits_posted - debits_posted)::int as total from account
      where network_id = ${result.networkId} group by timebank_id`.execute(database.db);
    expect(rows.rows).toHaveLength(7);
    for (const r of rows.rows) expect(r.total).toBe(0);
  });

  it('gives the member sign-in a year to look at: a birthday gift, the cafe, hours to confirm', async () => {
    const rows = await sql<{ memo: string; phase: string; slug: string }>`
      select t.memo, t.phase, tb.slug
      from transfer t
      join account a on a.network_id = t.network_id and a.id in (t.debit_account_id, t.credit_account_id)
      join member m on m.network_id = a.network_id and m.id = a.member_id
      join person p on p.network_id = m.network_id and p.id = m.person_id
      join timebank tb on tb.network_id = m.network_id and tb.id = m.timebank_id
      where p.email = 'member@demo.timebank.test'`.execute(database.db);
    const memos = rows.rows.map((r) => r.memo);
    expect(memos).toContain('Happy birthday, Eilidh!');
    expect(memos).toContain('Teas and coffees');
    expect(rows.rows.some((r) => r.phase === 'pending')).toBe(true);
    expect(new Set(rows.rows.map((r) => r.slug))).toEqual(new Set(['cowal', 'bute']));
  });

  it('dates the history over the year before today, as recorded by the people who did it', async () => {
    const span = await one(sql<{ first: Date; last: Date; unrecorded: number }>`
      select min(created_at) as first, max(created_at) as last,
        count(*) filter (where recorded_by_person_id is null)::int as unrecorded
      from transfer where network_id = ${result.networkId}`);
    expect(span.first.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() - 366 * 86_400_000);
    expect(span.last.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    expect(span.unrecorded).toBe(0);
  });

  it('has wellbeing check-ins and an outcome framework, so the paired change report shows figures', async () => {
    const admin = await one(sql<{ person_id: string }>`
      select person_id from role_grant where network_id = ${result.networkId} and role = 'network_admin'`);
    const p = {
      networkId: result.networkId,
      personId: admin.person_id,
      grants: [{ role: 'network_admin' as const, timebankId: null }],
      memberships: [],
    };
    const report = await createWellbeing({ db: database.db, clock }).paired(
      p as never,
      null,
      'm12',
    );
    const life = report.numeric.find((m) => m.measure === 'life_satisfaction')!;
    expect(life.n.suppressed).toBe(false);
    expect(life.n.value).toBeGreaterThanOrEqual(10);
    expect(life.meanChange).toBeGreaterThan(0);
    const fw = await one(sql<{
      goals: number;
      measurements: number;
      milestones: number;
      reviews: number;
      tags: number;
    }>`
      select (select count(*)::int from outcome_goal where network_id = ${result.networkId}) as goals,
        (select count(*)::int from outcome_measurement where network_id = ${result.networkId}) as measurements,
        (select count(*)::int from outcome_milestone where network_id = ${result.networkId}) as milestones,
        (select count(*)::int from outcome_review where network_id = ${result.networkId}) as reviews,
        (select count(*)::int from coproduction_tag where network_id = ${result.networkId}) as tags`);
    expect(fw.goals).toBe(2);
    expect(fw.measurements).toBeGreaterThanOrEqual(16);
    expect(fw.milestones).toBe(2);
    expect(fw.reviews).toBe(1);
    expect(fw.tags).toBeGreaterThan(0);
  });

  const rowsOf = async <T>(query: ReturnType<typeof sql<T>>) =>
    (await query.execute(database.db)).rows;

  it('runs activities through their service: closed ones paid in one batch, and open ones to come', async () => {
    const acts = await rowsOf(sql<{
      status: string;
      payer: string;
      paid: number;
      regs: number;
      future: boolean;
      batch: string | null;
      batch_transfers: number;
    }>`
      select a.status, a.payer, coalesce(a.paid_count, 0)::int as paid,
        (select count(*)::int from activity_registration r where r.network_id = a.network_id and r.activity_id = a.id and r.status = 'registered') as regs,
        a.starts_at > ${clock.now()} as future, a.payment_batch_id as batch,
        (select count(*)::int from transfer t where t.network_id = a.network_id and t.batch_id = a.payment_batch_id and t.activity_id = a.id) as batch_transfers
      from activity a where a.network_id = ${result.networkId}`);
    const closed = acts.filter((a) => a.status === 'closed');
    const open = acts.filter((a) => a.status === 'open');
    // A compact demo (scale 0.1): in Cowal five past ones (one of each kind) and two coffee
    // mornings of the series, in Bute two coffee mornings; to come, two coffee mornings in each
    // and the repair cafe in Cowal.
    expect(closed).toHaveLength(5 + 2 + 2);
    expect(open).toHaveLength(2 + 1 + 2);
    for (const a of closed) {
      expect(a.future).toBe(false);
      expect(a.paid).toBeGreaterThanOrEqual(3);
      // one transfer per attendee, in the activity's one batch
      expect(a.batch_transfers).toBe(a.paid);
    }
    expect(new Set(closed.map((a) => a.payer))).toEqual(new Set(['community_pot', 'organisation']));
    for (const a of open) {
      expect(a.future).toBe(true);
      expect(a.regs).toBeGreaterThan(0);
    }
    const eilidh = await rowsOf(sql<{ title: string }>`
      select a.title from activity_registration r
      join activity a on a.network_id = r.network_id and a.id = r.activity_id
      join person p on p.network_id = r.network_id and p.id = r.person_id
      where p.email = 'member@demo.timebank.test' and r.status = 'registered' and a.status = 'open'`);
    expect(eilidh.length).toBeGreaterThan(0);
  });

  it('makes the coffee morning a weekly series: past dates closed and paid one by one, future ones open, some registered for all of them', async () => {
    const dates = await rowsOf(sql<{
      series_id: string;
      slug: string;
      status: string;
      future: boolean;
      starts_at: Date;
      batch_transfers: number;
      registered: string[];
    }>`
      select a.series_id, tb.slug, a.status, a.starts_at > ${clock.now()} as future, a.starts_at,
        (select count(*)::int from transfer t where t.network_id = a.network_id and t.activity_id = a.id) as batch_transfers,
        coalesce((select array_agg(r.person_id::text) from activity_registration r
          where r.network_id = a.network_id and r.activity_id = a.id and r.status = 'registered'), '{}') as registered
      from activity a join timebank tb on tb.network_id = a.network_id and tb.id = a.timebank_id
      where a.network_id = ${result.networkId} and a.series_id is not null
      order by a.starts_at`);
    const series = await rowsOf(sql<{ id: string; frequency: string; weekdays: number[] }>`
      select id, frequency, weekdays from activity_series where network_id = ${result.networkId}`);
    // One series in each of the member sign-in's timebanks (Cowal and Bute).
    expect(new Set(dates.map((d) => d.slug))).toEqual(new Set(['cowal', 'bute']));
    expect(series).toHaveLength(2);
    const eilidh = await one(sql<{ id: string }>`
      select id from person where network_id = ${result.networkId} and email = 'member@demo.timebank.test'`);
    for (const s of series) {
      expect(s.frequency).toBe('weekly');
      expect(s.weekdays).toHaveLength(1);
      const mine = dates.filter((d) => d.series_id === s.id);
      expect(mine).toHaveLength(4);
      // a week apart, at the same time of day
      for (const [i, d] of mine.entries())
        if (i > 0)
          expect(d.starts_at.getTime() - mine[i - 1]!.starts_at.getTime()).toBe(7 * 86_400_000);
      const past = mine.filter((d) => !d.future);
      const future = mine.filter((d) => d.future);
      expect(past).toHaveLength(2);
      for (const d of past) {
        expect(d.status).toBe('closed');
        expect(d.batch_transfers).toBeGreaterThanOrEqual(3);
      }
      expect(future).toHaveLength(2);
      for (const d of future) expect(d.status).toBe('open');
      // Registered for all future dates: the member sign-in, and others with her.
      const forAll = future[0]!.registered.filter((x) =>
        future.every((d) => d.registered.includes(x)),
      );
      expect(forAll).toContain(eilidh.id);
      expect(forAll.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('runs exchanges on the listings through every step: confirmed, weekly, with expenses, cancelled, disputed and settled, to come', async () => {
    const occ = await rowsOf(sql<{ state: string; n: number }>`
      select state, count(*)::int as n from exchange_occurrence where network_id = ${result.networkId} group by state`);
    const by = Object.fromEntries(occ.map((r) => [r.state, r.n]));
    // A compact demo: every story in Cowal, a completed and an upcoming one in the others.
    expect(by.confirmed).toBeGreaterThanOrEqual(8);
    expect(by.resolved).toBeGreaterThanOrEqual(1);
    expect(by.cancelled).toBeGreaterThanOrEqual(1);
    expect(by.agreed).toBeGreaterThanOrEqual(7);
    const facts = await one(sql<{
      weekly: number;
      expenses: number;
      proposed: number;
      future: number;
      thanks: number;
      unlisted: number;
      hours: number;
    }>`
      select
        (select count(*)::int from exchange where network_id = ${result.networkId} and repeat_weekdays is not null) as weekly,
        (select count(*)::int from exchange where network_id = ${result.networkId} and expenses_minor > 0) as expenses,
        (select count(*)::int from exchange where network_id = ${result.networkId} and state = 'proposed') as proposed,
        (select count(*)::int from exchange_occurrence where network_id = ${result.networkId} and state = 'agreed' and starts_at > ${clock.now()}) as future,
        (select count(*)::int from thank_you where network_id = ${result.networkId}) as thanks,
        (select count(*)::int from exchange e where network_id = ${result.networkId}
           and not exists (select 1 from listing l where l.network_id = e.network_id and l.id = e.listing_id)) as unlisted,
        (select count(*)::int from transfer where network_id = ${result.networkId} and exchange_id is not null) as hours`);
    expect(facts.weekly).toBeGreaterThanOrEqual(1);
    expect(facts.expenses).toBeGreaterThanOrEqual(1);
    expect(facts.proposed).toBeGreaterThanOrEqual(1);
    expect(facts.future).toBeGreaterThanOrEqual(5);
    expect(facts.thanks).toBeGreaterThanOrEqual(1);
    expect(facts.unlisted).toBe(0);
    expect(facts.hours).toBeGreaterThanOrEqual(by.confirmed ?? 0);
    // The member sign-in: help she gave, confirmed, and help she will receive.
    const mine = await rowsOf(sql<{ side: string; state: string; future: boolean }>`
      select case when e.receiver_member_id = m.id then 'receiver' else 'giver' end as side, o.state,
        o.starts_at > ${clock.now()} as future
      from person p join member m on m.network_id = p.network_id and m.person_id = p.id
      join exchange e on e.network_id = m.network_id
        and (e.receiver_member_id = m.id or exists (select 1 from exchange_giver g where g.network_id = e.network_id and g.exchange_id = e.id and g.member_id = m.id))
      join exchange_occurrence o on o.network_id = e.network_id and o.exchange_id = e.id
      where p.email = 'member@demo.timebank.test'`);
    expect(mine.some((x) => x.side === 'giver' && x.state === 'confirmed')).toBe(true);
    expect(mine.some((x) => x.side === 'receiver' && x.state === 'agreed' && x.future)).toBe(true);
  });

  it("runs exchanges on organisations' listings both ways: the organisation's account pays for help it asked for and earns for what it offers", async () => {
    const ex = await rowsOf(sql<{
      id: string;
      org_receives: boolean;
      org_gives: boolean;
      listing_org: string | null;
      org_id: string;
      state: string;
      future: boolean;
      debits: string[];
      credits: string[];
    }>`
      select e.id, e.receiver_organisation_id is not null as org_receives,
        e.giver_organisation_id is not null as org_gives, l.organisation_id as listing_org,
        coalesce(e.receiver_organisation_id, e.giver_organisation_id) as org_id, o.state,
        o.starts_at > ${clock.now()} as future,
        coalesce((select array_agg(distinct coalesce(d.organisation_id, d.member_id)::text) from transfer t
          join account d on d.network_id = t.network_id and d.id = t.debit_account_id
          where t.network_id = e.network_id and t.exchange_id = e.id), '{}') as debits,
        coalesce((select array_agg(distinct coalesce(c.organisation_id, c.member_id)::text) from transfer t
          join account c on c.network_id = t.network_id and c.id = t.credit_account_id
          where t.network_id = e.network_id and t.exchange_id = e.id), '{}') as credits
      from exchange e
      join listing l on l.network_id = e.network_id and l.id = e.listing_id
      join exchange_occurrence o on o.network_id = e.network_id and o.exchange_id = e.id
      where e.network_id = ${result.networkId}
        and (e.receiver_organisation_id is not null or e.giver_organisation_id is not null)`);
    for (const e of ex) expect(e.listing_org).toBe(e.org_id);
    // Its request: the organisation receives, its account pays the member who helped.
    const asked = ex.filter((e) => e.org_receives && e.state === 'confirmed');
    expect(asked.length).toBeGreaterThanOrEqual(1);
    for (const e of asked) {
      expect(e.debits).toEqual([e.org_id]);
      expect(e.credits).not.toContain(e.org_id);
    }
    // Its offer: the member receives and pays, the organisation's account earns.
    const offered = ex.filter((e) => e.org_gives && e.state === 'confirmed');
    expect(offered.length).toBeGreaterThanOrEqual(1);
    for (const e of offered) {
      expect(e.credits).toEqual([e.org_id]);
      expect(e.debits).not.toContain(e.org_id);
    }
    // And one agreed for the days to come.
    expect(ex.some((e) => e.state === 'agreed' && e.future)).toBe(true);
    // The member sign-in had teas at the cafe.
    const teas = await rowsOf(sql<{ name: string; state: string }>`
      select org.name, o.state from exchange e
      join organisation org on org.network_id = e.network_id and org.id = e.giver_organisation_id
      join member m on m.network_id = e.network_id and m.id = e.receiver_member_id
      join person p on p.network_id = m.network_id and p.id = m.person_id
      join exchange_occurrence o on o.network_id = e.network_id and o.exchange_id = e.id
      where p.email = 'member@demo.timebank.test'`);
    expect(teas).toEqual([{ name: 'Argyll Street Cafe', state: 'confirmed' }]);
  });

  it('tags activities and exchanges with the Co-Production Star, so the Star report and the dashboard show figures', async () => {
    const tags = await rowsOf(sql<{ subject_kind: string; n: number }>`
      select subject_kind, count(distinct subject_id)::int as n from coproduction_tag
      where network_id = ${result.networkId} group by subject_kind`);
    const byKind = Object.fromEntries(tags.map((t) => [t.subject_kind, t.n]));
    expect(byKind.activity).toBe(5 + 2 + 2);
    expect(byKind.exchange).toBeGreaterThanOrEqual(1);
    // What a commissioner of the network sees: every mode above the threshold of people.
    const commissioner = await one(sql<{ person_id: string }>`
      select person_id from role_grant where network_id = ${result.networkId} and role = 'commissioner'`);
    const p = {
      networkId: result.networkId,
      personId: commissioner.person_id,
      grants: [{ role: 'commissioner' as const, timebankId: null }],
      memberships: [],
    };
    const fw = await one(
      sql<{ id: string }>`select id from outcome_framework where network_id = ${result.networkId}`,
    );
    const star = await createOutcomeReports({ db: database.db }).star(p as never, fw.id, null);
    expect(star.modes.map((m) => m.mode)).toEqual([
      'co_commissioning',
      'co_design',
      'co_delivery',
      'co_assessment',
    ]);
    for (const m of star.modes) {
      expect(m.people.suppressed).toBe(false);
      expect(m.people.value).toBeGreaterThanOrEqual(5);
      expect(m.minutes).toBeGreaterThan(0);
    }
    const dashboard = await createReports({ db: database.db, clock }).dashboard(p as never, {});
    const cells = dashboard.tables.hoursByStarArea.cells.flat();
    const shown = cells.filter((c) => !c.suppressed && (c.value ?? 0) > 0);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(dashboard.tables.hoursByStarArea.total.suppressed).toBe(false);
  });

  it('replaces a demo that has history, and the new one keeps every invariant too', async () => {
    const again = await createDemoNetwork(database, {
      seed: 2005,
      scale: 0.1,
      clock,
      replace: true,
    });
    expect(again.counts).toEqual(result.counts);
    expect(await verifyLedger(database.db)).toEqual([]);
  });
});
