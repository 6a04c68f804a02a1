// A year of the demo network's ledger, worked out in memory from the seed: accounts opening,
// exchanges between members (and now and then between timebanks), group activities paid from
// the community pot, gifts, donations, the cafe's teas, the story of the seed post
// (history-story.ts), a few exchanges still waiting for confirmation and one correction. Only
// what the ledger would accept is kept (history-feasible.ts).
import {
  ACTIVITIES,
  CAFE_SALE,
  CATEGORIES,
  ORGANISATION_NEEDS,
  STARTER_MINUTES_BY_TIMEBANK,
} from './history-data.ts';
import { keepFeasible } from './history-feasible.ts';
import {
  activeAt,
  activityLeg,
  actorFor,
  allPairs,
  brokerFor,
  type Ctx,
  coordinatorActor,
  DAY_MS,
  EXCHANGES_PER_MEMBER_YEAR,
  giverWeight,
  type HistoryPlan,
  newContext,
  type Owner,
  organisationActor,
  type Participant,
  quarterHours,
  receiverWeight,
  recorder,
  rolesBy,
  selfActor,
  timeOn,
  transferEvent,
  weightedParticipant,
} from './history-model.ts';
import { planCorrection, planPending, planStory } from './history-story.ts';
import type { DemoPlan } from './plan.ts';

export function planHistory(plan: DemoPlan, opts: { seed: number; today: string }): HistoryPlan {
  const ctx = newContext(plan, opts);
  for (const p of ctx.participants) openMember(ctx, p);
  for (const o of plan.organisations) {
    ctx.events.push({
      type: 'open_organisation',
      at: ctx.start,
      organisationId: o.id,
      actor: coordinatorActor(ctx, o.timebank_id),
    });
  }
  planExchanges(ctx);
  planActivities(ctx);
  planOrganisations(ctx);
  planGiftsAndDonations(ctx);
  planStory(ctx);
  planPending(ctx);
  planCorrection(ctx);
  const starterMinutesOf = new Map(
    plan.timebanks.map((t) => [t.id, STARTER_MINUTES_BY_TIMEBANK[t.slug] ?? 0]),
  );
  const timebankOfMember = new Map(plan.members.map((m) => [m.id, m.timebank_id]));
  const events = keepFeasible(
    ctx.events.sort((a, b) => a.at.getTime() - b.at.getTime()),
    { timebankOfMember, starterMinutesOf },
  );
  return {
    openedAt: ctx.start,
    starterMinutesOf,
    coordinatorOf: rolesBy(plan, 'coordinator', (ids) => ids[0]!),
    networkAdminPersonId: plan.roleGrants.find((g) => g.role === 'network_admin')!.person_id,
    links: allPairs(plan.timebanks.map((t) => t.id)),
    events,
  };
}

function openMember(ctx: Ctx, p: Participant): void {
  const actor = actorFor(ctx, p);
  ctx.events.push({
    type: 'open_member',
    at: p.openedAt,
    memberId: p.memberId,
    starterTransferId: ctx.nextId(),
    actor,
  });
}

function planExchanges(ctx: Ctx): void {
  for (const [timebankId, members] of ctx.byTimebank) {
    const perWeek = (members.length * EXCHANGES_PER_MEMBER_YEAR) / 52;
    for (let week = 0; week < 52; week++) {
      const count = Math.round(perWeek * (0.6 + 0.8 * ctx.random.next()));
      for (let n = 0; n < count; n++)
        planExchange(ctx, timebankId, timeOn(ctx, week * 7 + ctx.random.int(0, 6)));
    }
  }
}

function planExchange(ctx: Ctx, timebankId: string, at: Date): void {
  const category = ctx.random.weighted(CATEGORIES.map((c) => [c, c.weight] as const));
  const local = ctx.byTimebank.get(timebankId)!.filter((p) => activeAt(p, at));
  const receiver = weightedParticipant(ctx, local, receiverWeight);
  if (!receiver) return;
  const neighbours = ctx.neighbours.get(timebankId) ?? [];
  const crossTimebank = neighbours.length > 0 && ctx.random.chance(0.04);
  const pool = crossTimebank
    ? (ctx.byTimebank.get(ctx.random.pick(neighbours)) ?? []).filter((p) => activeAt(p, at))
    : local;
  const giver = weightedParticipant(ctx, pool, (p) =>
    p === receiver ? 0 : giverWeight(p, category),
  );
  if (!giver) return;
  transferEvent(
    ctx,
    at,
    {
      debit: { memberId: receiver.memberId },
      credit: { memberId: giver.memberId },
      minutes: quarterHours(ctx.random, category.minutes),
      kind: 'exchange',
      category: category.name,
      memo: ctx.random.pick(category.memos),
    },
    recorder(ctx, giver, receiver),
    crossTimebank,
  );
}

/** Once a month in each timebank, the community pot pays the people who ran an activity. */
function planActivities(ctx: Ctx): void {
  for (const t of ctx.plan.timebanks) {
    for (let month = 0; month < 12; month++) {
      const at = timeOn(ctx, month * 30 + ctx.random.int(3, 25));
      const people = ctx.random.shuffle(
        (ctx.byTimebank.get(t.id) ?? []).filter((p) => activeAt(p, at)),
      );
      const activity = ctx.random.pick(ACTIVITIES);
      const legs = people
        .slice(0, ctx.random.int(3, 8))
        .map((p) => activityLeg(ctx, t.id, p.memberId, activity));
      if (legs.length > 0)
        ctx.events.push({ type: 'batch', at, transfers: legs, actor: coordinatorActor(ctx, t.id) });
    }
  }
}

/** Businesses sell for time credits and spend them; groups receive donations and pay helpers. */
function planOrganisations(ctx: Ctx): void {
  for (const o of ctx.plan.organisations) {
    const members = ctx.byTimebank.get(o.timebank_id) ?? [];
    const org = { organisationId: o.id };
    // A busy business in a town of 235 members sells about 60 times a year.
    const sales = o.kind === 'business' ? Math.round(members.length * 0.25) : 0;
    for (let n = 0; n < sales; n++) planSale(ctx, org, members);
    const monthly = Math.min(1, members.length / 100); // the groups of small timebanks do less
    for (let month = 0; month < 12; month++) {
      if (ctx.random.chance(monthly))
        planOrganisationNeed(ctx, o.timebank_id, org, month, o.kind !== 'business');
    }
  }
}

function planSale(ctx: Ctx, org: Owner, members: Participant[]): void {
  const at = timeOn(ctx, ctx.random.int(0, 364));
  const active = members.filter((p) => activeAt(p, at));
  const buyer = weightedParticipant(ctx, active, (p) => (p.age >= 16 ? 1 : 0));
  if (!buyer) return;
  const t = {
    debit: { memberId: buyer.memberId },
    credit: org,
    kind: 'exchange' as const,
    ...CAFE_SALE,
  };
  transferEvent(ctx, at, t, actorFor(ctx, buyer));
}

function planOrganisationNeed(
  ctx: Ctx,
  timebankId: string,
  org: Owner,
  month: number,
  donated: boolean,
): void {
  const members = ctx.byTimebank.get(timebankId) ?? [];
  const at = timeOn(ctx, month * 30 + ctx.random.int(0, 28));
  const active = members.filter((p) => activeAt(p, at) && p.age >= 18);
  if (active.length === 0) return;
  if (donated) {
    const donor = ctx.random.pick(active);
    const actor = donor.hasEmail
      ? selfActor(donor.personId)
      : brokerFor(ctx, timebankId, donor.personId);
    const memo = 'Donation to a local group';
    transferEvent(
      ctx,
      at,
      {
        debit: { memberId: donor.memberId },
        credit: org,
        minutes: 60,
        kind: 'donation',
        category: 'donation',
        memo,
      },
      actor,
    );
  }
  const need = ctx.random.pick(ORGANISATION_NEEDS);
  const helper = ctx.random.pick(active);
  const later = new Date(at.getTime() + ctx.random.int(1, 3) * DAY_MS);
  const t = {
    debit: org,
    credit: { memberId: helper.memberId },
    kind: 'exchange' as const,
    ...need,
  };
  transferEvent(ctx, later, t, organisationActor(ctx, org, timebankId));
}

/** Birthday gifts between friends, and donations of hours to the community pot. */
function planGiftsAndDonations(ctx: Ctx): void {
  for (const p of ctx.participants) {
    if (ctx.random.chance(0.015)) {
      const at = timeOn(ctx, ctx.random.int(0, 364));
      const friend = ctx.random.pick(ctx.byTimebank.get(p.timebankId)!);
      if (friend === p || !activeAt(p, at)) continue;
      const actor = actorFor(ctx, p);
      const t = {
        debit: { memberId: p.memberId },
        credit: { memberId: friend.memberId },
        minutes: 120,
        kind: 'gift' as const,
      };
      transferEvent(ctx, at, { ...t, category: 'gift', memo: 'A birthday gift of hours' }, actor);
    }
    if (ctx.random.chance(0.03)) {
      const at = timeOn(ctx, ctx.random.int(0, 364));
      if (!activeAt(p, at)) continue;
      const actor = actorFor(ctx, p);
      const t = {
        debit: { memberId: p.memberId },
        credit: { communityPotOf: p.timebankId },
        minutes: ctx.random.int(2, 8) * 15,
      };
      transferEvent(
        ctx,
        at,
        { ...t, kind: 'donation', category: 'donation', memo: 'Hours for the community pot' },
        actor,
      );
    }
  }
}
