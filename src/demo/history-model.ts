// The model of the demo's year of ledger history: what an event is, who takes part, and the
// helpers every part of the plan uses (who records, when, how much). See history-plan.ts.
import type { ActivitySpec, Category } from './history-data.ts';
import type { DemoPlan } from './plan.ts';
import { createIdSource, createRandom, type Random } from './random.ts';

/** Every demo timebank lets a balance go ten hours below zero. */
export const BALANCE_MINUTES_MIN = -600;
/** What one linked timebank may owe another: twenty hours. */
export const CLEARING_LIMIT_MINUTES = 1200;
/**
 * Exchanges a year per member who takes part, besides activities, the organisations' trade,
 * gifts and donations. Kept modest so the whole demo is written in seconds through the ledger
 * service (each call is a transaction of its own).
 */
export const EXCHANGES_PER_MEMBER_YEAR = 0.9;

export const DAY_MS = 86_400_000;

/** History ids count up from here (2025-06-01T00:00:00Z), after the network's own ids. */
export const ID_BASE_MS = Date.UTC(2025, 5, 1);

export type Owner = { memberId: string } | { organisationId: string } | { communityPotOf: string };

export interface HistoryActor {
  personId: string | null;
  onBehalfOfPersonId: string | null;
}

export interface PlannedTransfer {
  id: string;
  debit: Owner;
  credit: Owner;
  minutes: number;
  kind: 'exchange' | 'gift' | 'donation' | 'activity';
  category: string;
  memo: string;
}

export type HistoryEvent =
  | {
      type: 'open_member';
      at: Date;
      memberId: string;
      starterTransferId: string;
      actor: HistoryActor;
    }
  | { type: 'open_organisation'; at: Date; organisationId: string; actor: HistoryActor }
  | {
      type: 'transfer';
      at: Date;
      transfer: PlannedTransfer;
      actor: HistoryActor;
      phase: 'posted' | 'pending';
      crossTimebank: boolean;
    }
  | { type: 'batch'; at: Date; transfers: PlannedTransfer[]; actor: HistoryActor }
  | {
      type: 'reverse';
      at: Date;
      id: string;
      transferId: string;
      reason: string;
      actor: HistoryActor;
    };

export interface HistoryPlan {
  /** When the ledgers open and the timebanks are linked: a year before today. */
  openedAt: Date;
  /** The coordinator of each timebank (opens its ledger) and the network admin (links them). */
  coordinatorOf: Map<string, string>;
  networkAdminPersonId: string;
  /** Starter minutes by timebank id (0: none). */
  starterMinutesOf: Map<string, number>;
  links: [string, string][];
  events: HistoryEvent[];
}

export interface Participant {
  memberId: string;
  personId: string;
  timebankId: string;
  age: number;
  hasEmail: boolean;
  openedAt: Date;
  /** After this they take no part (they left, or are paused). */
  activeUntil: Date;
  /** Earns and never spends: the "bigger problem" of the seed post. */
  saver: boolean;
  /** Asks for a lot of help: the members who slip into overdraft. */
  heavy: boolean;
}

export interface Ctx {
  random: Random;
  nextId: () => string;
  plan: DemoPlan;
  start: Date;
  end: Date;
  participants: Participant[];
  byTimebank: Map<string, Participant[]>;
  brokersOf: Map<string, string[]>;
  neighbours: Map<string, string[]>;
  events: HistoryEvent[];
}

export function newContext(plan: DemoPlan, opts: { seed: number; today: string }): Ctx {
  const random = createRandom(opts.seed ^ 0x4157);
  const end = new Date(`${opts.today}T08:00:00Z`);
  const start = new Date(end.getTime() - 365 * DAY_MS);
  const ctx: Ctx = {
    random,
    nextId: createIdSource(createRandom(opts.seed ^ 0x1d5), ID_BASE_MS),
    plan,
    start,
    end,
    participants: [],
    byTimebank: new Map(),
    brokersOf: rolesBy(plan, 'broker', (ids) => ids),
    neighbours: neighbourMap(plan),
    events: [],
  };
  ctx.participants = participantsOf(ctx);
  for (const p of ctx.participants)
    ctx.byTimebank.set(p.timebankId, [...(ctx.byTimebank.get(p.timebankId) ?? []), p]);
  return ctx;
}

export function rolesBy<T>(
  plan: DemoPlan,
  role: string,
  pick: (personIds: string[]) => T,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const t of plan.timebanks) {
    const ids = plan.roleGrants
      .filter((g) => g.role === role && g.timebank_id === t.id)
      .map((g) => g.person_id);
    out.set(t.id, pick(ids));
  }
  return out;
}

/** Timebanks whose members help each other now and then (the demo's neighbours). */
export function neighbourMap(plan: DemoPlan): Map<string, string[]> {
  const id = (slug: string) => plan.timebanks.find((t) => t.slug === slug)?.id;
  const pairs: [string, string][] = [
    ['cowal', 'bute'],
    ['cowal', 'mid-argyll'],
    ['mid-argyll', 'kintyre'],
    ['mid-argyll', 'oban-lorn'],
    ['kintyre', 'islay-jura'],
    ['oban-lorn', 'mull-iona'],
  ];
  const out = new Map<string, string[]>();
  for (const [a, b] of pairs) {
    const [x, y] = [id(a), id(b)];
    if (!x || !y) continue;
    out.set(x, [...(out.get(x) ?? []), y]);
    out.set(y, [...(out.get(y) ?? []), x]);
  }
  return out;
}

export function allPairs(ids: string[]): [string, string][] {
  return ids.flatMap((a, i) => ids.slice(i + 1).map((b): [string, string] => [a, b]));
}

export function participantsOf(ctx: Ctx): Participant[] {
  const persons = new Map(ctx.plan.persons.map((p) => [p.id, p]));
  const year = ctx.end.getUTCFullYear();
  const out: Participant[] = [];
  for (const m of ctx.plan.members) {
    if (m.status === 'applied' || !m.joined_on) continue;
    const person = persons.get(m.person_id)!;
    const joined = new Date(`${m.joined_on}T10:00:00Z`);
    const openedAt =
      joined > ctx.start ? joined : new Date(ctx.start.getTime() + ctx.random.int(0, 60) * 60_000);
    const activeUntil =
      m.status === 'left'
        ? new Date(ctx.start.getTime() + ctx.random.int(60, 200) * DAY_MS)
        : m.status === 'paused'
          ? new Date(ctx.end.getTime() - ctx.random.int(10, 60) * DAY_MS)
          : ctx.end;
    out.push({
      memberId: m.id,
      personId: m.person_id,
      timebankId: m.timebank_id,
      age: person.birth_year ? year - person.birth_year : 80,
      hasEmail: Boolean(person.email),
      openedAt,
      activeUntil,
      saver: ctx.random.chance(0.1),
      heavy: ctx.random.chance(0.06),
    });
  }
  return out;
}

// ---- who records ----

export const selfActor = (personId: string): HistoryActor => ({
  personId,
  onBehalfOfPersonId: null,
});

export function coordinatorActor(ctx: Ctx, timebankId: string): HistoryActor {
  const id = ctx.plan.roleGrants.find(
    (g) => g.role === 'coordinator' && g.timebank_id === timebankId,
  )!.person_id;
  return selfActor(id);
}

/** A broker of the timebank, acting for someone who does not use a computer. */
export function brokerFor(ctx: Ctx, timebankId: string, personId: string): HistoryActor {
  return {
    personId: ctx.random.pick(ctx.brokersOf.get(timebankId)!),
    onBehalfOfPersonId: personId,
  };
}

/** The giver records the hours if they sign in; else the receiver; else a broker for the giver. */
export function recorder(ctx: Ctx, giver: Participant, receiver: Participant): HistoryActor {
  if (giver.hasEmail) return selfActor(giver.personId);
  if (receiver.hasEmail) return selfActor(receiver.personId);
  return brokerFor(ctx, giver.timebankId, giver.personId);
}

export function actorFor(ctx: Ctx, p: Participant): HistoryActor {
  return p.hasEmail ? selfActor(p.personId) : brokerFor(ctx, p.timebankId, p.personId);
}

/** The first person who acts for the organisation records what it spends; else the coordinator. */
export function organisationActor(ctx: Ctx, org: Owner, timebankId: string): HistoryActor {
  const organisationId = 'organisationId' in org ? org.organisationId : undefined;
  const person = ctx.plan.organisationPersons.find((op) => op.organisation_id === organisationId);
  return person ? selfActor(person.person_id) : coordinatorActor(ctx, timebankId);
}

// ---- when, and how much ----

/** A time on day `day` of the year (0 = a year ago): daytime, on the quarter hour. */
export function timeOn(ctx: Ctx, day: number): Date {
  const minutes = ctx.random.int(9 * 4, 19 * 4) * 15;
  return new Date(ctx.start.getTime() + day * DAY_MS + minutes * 60_000);
}

export const quarterHours = (random: Random, [min, max]: readonly [number, number]) =>
  random.int(min / 15, max / 15) * 15;

export function activeAt(p: Participant, at: Date): boolean {
  return p.openedAt < at && at < p.activeUntil;
}

export function transferEvent(
  ctx: Ctx,
  at: Date,
  t: Omit<PlannedTransfer, 'id'>,
  actor: HistoryActor,
  crossTimebank = false,
): HistoryEvent & { type: 'transfer' } {
  const event = {
    type: 'transfer' as const,
    at,
    transfer: { id: ctx.nextId(), ...t },
    actor,
    phase: 'posted' as const,
    crossTimebank,
  };
  ctx.events.push(event);
  return event;
}

export function weightedParticipant(
  ctx: Ctx,
  pool: Participant[],
  weight: (p: Participant) => number,
): Participant | undefined {
  const items = pool.map((p) => [p, weight(p)] as const).filter(([, w]) => w > 0);
  return items.length > 0 ? ctx.random.weighted(items) : undefined;
}

export function receiverWeight(p: Participant): number {
  if (p.saver) return 0;
  const byAge = p.age >= 75 ? 4 : p.age >= 65 ? 3 : p.age < 18 ? 1 : 2;
  return p.heavy ? byAge * 3 : byAge;
}

export function giverWeight(p: Participant, category: Category): number {
  if (p.age < category.giverAgeMin) return 0;
  const byAge = p.age <= 70 ? 2 : p.age <= 80 ? 1 : 0.3;
  return p.saver ? byAge * 2 : byAge;
}

export function activityLeg(
  ctx: Ctx,
  timebankId: string,
  memberId: string,
  activity: ActivitySpec,
): PlannedTransfer {
  return {
    id: ctx.nextId(),
    debit: { communityPotOf: timebankId },
    credit: { memberId },
    minutes: ctx.random.int(4, 12) * 15,
    kind: 'activity',
    category: activity.category,
    memo: activity.memo,
  };
}
