// The demo's activities (docs/demo.md) through the activities service: in every timebank a
// handful over the last months, run by its coordinator or by one of its organisations, with
// members registered (by themselves, or by a broker taking a call), attendance marked and every
// attendee paid in one batch when it closes; a weekly drop-in coffee morning (a series: its past
// dates closed and paid one by one, its future ones open, some members registered for all of
// them, the member sign-in among them); and a repair cafe to come. The coordinator tags each
// past one with the ways it was co-produced (the Co-Production Star), as the "Co-Production
// Star" form on its page does. A compact demo (the tests' small scales) writes every kind in the
// sign-in's timebank, and the coffee mornings in her other one too.
import type { Database } from '../db/database.ts';
import type { ManualClock } from '../lib/clock.ts';
import { newId } from '../lib/ids.ts';
import { silentLogger } from '../lib/log.ts';
import { addDays } from '../lib/recurrence.ts';
import { DEFAULT_ZONE, instantOf } from '../lib/zone.ts';
import { createActivities } from '../modules/activities/service.ts';
import type { ActivityRow } from '../modules/activities/queries.ts';
import type { Principal } from '../modules/auth/principal.ts';
import type { Ledger } from '../modules/ledger/service.ts';
import type { Projects } from '../modules/outcomes/projects.ts';
import type { StarMode } from '../modules/outcomes/tables.ts';
import { actorOf, type Cast, type CastMember } from './cast.ts';
import { spendable } from './queries.ts';
import type { Random } from './random.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Spec {
  title: string;
  description: string;
  category: string;
  place: string;
  time: string;
  minutes: number;
  modes: StarMode[];
  /** Run and paid by one of the timebank's organisations, when one can pay for it. */
  byOrganisation?: boolean;
}

/** The weekly drop-in, a series in every timebank (in a compact demo, the sign-in's). */
const COFFEE_MORNING: Spec = {
  title: 'Drop-in coffee morning',
  description: 'Tea, home baking and a blether; volunteers set up, serve and clear away.',
  category: 'companionship',
  place: 'the church hall',
  time: '10:00',
  minutes: 120,
  modes: ['co_delivery'],
};

/** Its dates before the demo's day (closed and paid) and after it (open), by compactness. */
const COFFEE_DATES = { full: { past: 2, future: 3 }, compact: { past: 2, future: 2 } } as const;

/** Three in every timebank over the last two months: a beach clean, a garden day or a workshop;
 * a members' forum; and an organisation's open day. */
const PAST: readonly Spec[] = [
  {
    title: 'Beach clean',
    description: 'Litter pick along the shore; bags and gloves provided.',
    category: 'home-garden',
    place: 'the shore by the pier',
    time: '10:00',
    minutes: 180,
    modes: ['co_delivery', 'co_assessment'],
  },
  {
    title: 'Community garden day',
    description: 'Planting, weeding and mending the raised beds together.',
    category: 'home-garden.gardening',
    place: 'the community garden',
    time: '13:00',
    minutes: 180,
    modes: ['co_design', 'co_delivery'],
  },
  {
    title: 'Phone and tablet workshop',
    description:
      'Members who know phones and tablets help others set theirs up and make video calls.',
    category: 'digital-help.phones-tablets',
    place: 'the library',
    time: '14:00',
    minutes: 120,
    modes: ['co_design', 'co_delivery'],
  },
  {
    title: "Members' forum: what should we do next?",
    description:
      'Members choose the activities of the next six months and say how the last ones went.',
    category: 'companionship',
    place: 'the community centre',
    time: '18:30',
    minutes: 90,
    modes: ['co_commissioning', 'co_assessment'],
  },
  {
    title: 'Open day helpers',
    description: 'Setting up, serving teas and showing visitors round.',
    category: 'home-garden.cooking',
    place: 'our premises',
    time: '11:00',
    minutes: 120,
    modes: ['co_delivery'],
    byOrganisation: true,
  },
];

/** Still to come, in every timebank (in a compact demo, the sign-in's). */
const REPAIR_CAFE: Spec = {
  title: 'Repair cafe',
  description: 'Bring something broken; members mend clothes, bikes and small appliances.',
  category: 'practical-skills.diy',
  place: 'the community centre',
  time: '13:30',
  minutes: 180,
  modes: [],
};

export interface ActivityCounts {
  activities: number;
  closed: number;
  registrations: number;
}

interface Writer {
  cast: Cast;
  clock: ManualClock;
  r: Random;
  activities: ReturnType<typeof createActivities>;
  projects: Projects;
  spend: Map<string, number | null>;
  now: Date;
  counts: ActivityCounts;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const at = (day: string, time: string) => instantOf(DEFAULT_ZONE, day, time)!;

/** Attendees: mostly from the timebank's busiest area (so its figures clear the reports'
 * thresholds), some from elsewhere; no one twice. */
function chooseAttendees(w: Writer, tb: string, n: number): CastMember[] {
  const all = w.cast.membersOf.get(tb) ?? [];
  const busiest = w.cast.busiestAreaOf.get(tb) ?? null;
  const near = w.r.shuffle(all.filter((m) => m.areaId === busiest));
  const far = w.r.shuffle(all.filter((m) => m.areaId !== busiest));
  const out: CastMember[] = [];
  while (out.length < n && (near.length || far.length)) {
    const from = (w.r.chance(0.85) && near.length) || !far.length ? near : far;
    out.push(from.shift()!);
  }
  return out;
}

/** Who runs it: an organisation that can pay its attendees, else the coordinator (community pot). */
function organiserOf(w: Writer, tb: string, spec: Spec, attendees: number) {
  const coordinator = w.cast.staff(w.cast.coordinatorOf.get(tb)!, tb);
  if (!spec.byOrganisation) return { p: coordinator, organisation: null };
  const able = (w.cast.organisationsOf.get(tb) ?? [])
    .filter(
      (o) => o.personIds.length > 0 && (w.spend.get(`o:${o.id}`) ?? 0) >= spec.minutes * attendees,
    )
    .sort((a, b) => a.id.localeCompare(b.id));
  if (able.length === 0) return { p: coordinator, organisation: null };
  const org = w.r.pick(able);
  const person = org.personIds[0]!;
  return { p: w.cast.staff(person, tb), organisation: org };
}

/** Registers each person: themself when they sign in, else a broker (or the organiser) for them. */
async function registerAll(
  w: Writer,
  activityId: string,
  organiser: Principal,
  people: CastMember[],
  from: Date,
  to: Date,
) {
  const ids: string[] = [];
  for (const [i, m] of people.entries()) {
    w.clock.set(
      new Date(from.getTime() + ((to.getTime() - from.getTime()) * (i + 1)) / (people.length + 1)),
    );
    const p = m.hasEmail ? w.cast.staff(m.personId, m.timebankId) : null;
    const keeper = p
      ? null
      : w.cast.staff(
          w.r.pick(w.cast.brokersOf.get(m.timebankId) ?? [organiser.personId]),
          m.timebankId,
        );
    const reg = p
      ? await w.activities.register(p, actorOf(p), activityId)
      : await w.activities.register(keeper!, actorOf(keeper!), activityId, m.memberId);
    ids.push(reg.registrationId);
    w.counts.registrations++;
  }
  return ids;
}

/** Creates one activity in the past and runs it (below). */
async function writePast(w: Writer, tb: string, spec: Spec, startsAt: Date) {
  const n = w.r.int(5, 7);
  const { p, organisation } = organiserOf(w, tb, spec, n);
  const createdAt = new Date(startsAt.getTime() - w.r.int(14, 28) * DAY_MS);
  w.clock.set(createdAt);
  const a = await w.activities.create(p, actorOf(p), tb, {
    ...valuesOf(w, tb, spec, startsAt, 12),
    title: organisation ? `${organisation.name}: ${spec.title.toLowerCase()}` : spec.title,
    payer: organisation ? 'organisation' : 'community_pot',
    organisationId: organisation?.id ?? null,
  });
  w.counts.activities++;
  await runPast(w, tb, spec, a, { p, organisation, n, registeredFrom: createdAt });
}

/** What the service is given for an activity of a spec, paid from the community pot. */
const valuesOf = (w: Writer, tb: string, spec: Spec, startsAt: Date, capacity: number) => ({
  title: spec.title,
  description: spec.description,
  categorySlug: spec.category,
  areaId: w.cast.busiestAreaOf.get(tb) ?? null,
  place: spec.place,
  startsAt,
  endsAt: new Date(startsAt.getTime() + spec.minutes * 60_000),
  capacity,
  payer: 'community_pot' as const,
  minutesPerAttendee: spec.minutes,
});

/** An activity (or one date of a series) that happened: `n` attendees and one or two more
 * registered from `registeredFrom` to the day before, one who did not come (and sometimes one
 * who cancelled), closed and paid an hour after the end, tagged by the coordinator the next day. */
async function runPast(
  w: Writer,
  tb: string,
  spec: Spec,
  a: ActivityRow,
  how: {
    p: Principal;
    organisation: { id: string } | null;
    n: number;
    registeredFrom: Date;
  },
) {
  const { p, organisation, n } = how;
  const startsAt = a.starts_at;
  // More than come: one does not turn up, and sometimes one cancels.
  const extra = w.r.chance(0.4) ? 2 : 1;
  const people = chooseAttendees(w, tb, n + extra);
  const regs = await registerAll(
    w,
    a.id,
    p,
    people,
    how.registeredFrom,
    new Date(startsAt.getTime() - DAY_MS),
  );
  const keeper = w.cast.staff(w.r.pick(w.cast.brokersOf.get(tb) ?? [p.personId]), tb);
  if (extra === 2 && regs.length > 2)
    await w.activities.cancelRegistration(keeper, actorOf(keeper), a.id, regs[regs.length - 1]!);
  const marked = extra === 2 ? regs.slice(0, -1) : regs;
  const endsAt = a.ends_at;
  w.clock.set(new Date(endsAt.getTime() + HOUR_MS / 2));
  await w.activities.markAttendance(
    p,
    actorOf(p),
    a.id,
    marked.map((id, i) => ({
      registrationId: id,
      attended: i < marked.length - 1 || marked.length < 2,
    })),
  );
  w.clock.set(new Date(endsAt.getTime() + HOUR_MS));
  const closed = await w.activities.close(p, actorOf(p), a.id, newId());
  if (organisation)
    w.spend.set(
      `o:${organisation.id}`,
      (w.spend.get(`o:${organisation.id}`) ?? 0) - closed.paidMinutes,
    );
  w.counts.closed++;
  // The coordinator records how it was co-produced, the next day.
  const coordinator = w.cast.staff(w.cast.coordinatorOf.get(tb)!, tb);
  w.clock.set(new Date(endsAt.getTime() + DAY_MS));
  await w.projects.tag(coordinator, actorOf(coordinator), 'activity', a.id, spec.modes);
}

const isoWeekdayOf = (day: string) => ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** The weekly drop-in coffee morning: a series made weeks ago whose next date is a few days
 * ahead; its past dates run and paid one by one, then some members (the sign-in too, in her
 * timebanks) registered for all the dates to come, and one more for the next date only. */
async function writeSeries(
  w: Writer,
  tb: string,
  dates: { past: number; future: number },
  withSignIn: boolean,
) {
  const spec = COFFEE_MORNING;
  const p = w.cast.staff(w.cast.coordinatorOf.get(tb)!, tb);
  const nextDay = dayOf(new Date(w.now.getTime() + w.r.int(2, 6) * DAY_MS));
  const firstDay = addDays(nextDay, -7 * dates.past);
  const createdAt = new Date(at(firstDay, spec.time).getTime() - w.r.int(10, 20) * DAY_MS);
  w.clock.set(createdAt);
  const first = await w.activities.create(p, actorOf(p), tb, {
    ...valuesOf(w, tb, spec, at(firstDay, spec.time), 20),
    repeat: {
      frequency: 'weekly',
      weekdays: [isoWeekdayOf(firstDay)],
      count: dates.past + dates.future,
    },
  });
  const all = (await w.activities.get(p, first.id)).series!.dates.map((d) => d.activity);
  w.counts.activities += all.length;
  const past = all.filter((a) => a.starts_at < w.now);
  for (const [i, a] of past.entries())
    await runPast(w, tb, spec, a, {
      p,
      organisation: null,
      n: w.r.int(4, 6),
      registeredFrom: i === 0 ? createdAt : past[i - 1]!.ends_at,
    });
  // Registered for every date to come, after the last past one: by themselves or by a broker.
  const signInId = w.cast.signInMember.memberIdOf.get(tb);
  const regulars = chooseAttendees(w, tb, w.r.int(2, 4)).filter((m) => m.memberId !== signInId);
  const signIn = withSignIn
    ? w.cast.membersOf.get(tb)?.find((m) => m.memberId === signInId)
    : undefined;
  const people = signIn ? [...regulars, signIn] : regulars;
  const from = past.at(-1)?.ends_at ?? createdAt;
  for (const [i, m] of people.entries()) {
    w.clock.set(new Date(from.getTime() + (i + 1) * 5 * HOUR_MS));
    if (m.hasEmail) {
      const self = w.cast.staff(m.personId, tb);
      await w.activities.registerSeries(self, actorOf(self), first.id);
    } else {
      const keeper = w.cast.staff(w.r.pick(w.cast.brokersOf.get(tb) ?? [p.personId]), tb);
      await w.activities.registerSeries(keeper, actorOf(keeper), first.id, m.memberId);
    }
    w.counts.registrations += dates.future;
  }
  const next = all.find((a) => a.starts_at > w.now);
  const once = chooseAttendees(w, tb, 1).filter(
    (m) => !people.some((x) => x.memberId === m.memberId),
  );
  if (next) await registerAll(w, next.id, p, once, from, new Date(w.now.getTime() - HOUR_MS));
}

/** One still to come, with two to four people registered. */
async function writeUpcoming(w: Writer, tb: string, spec: Spec, startsAt: Date) {
  const p = w.cast.staff(w.cast.coordinatorOf.get(tb)!, tb);
  const createdAt = new Date(w.now.getTime() - w.r.int(4, 10) * DAY_MS);
  w.clock.set(createdAt);
  const a = await w.activities.create(p, actorOf(p), tb, valuesOf(w, tb, spec, startsAt, 15));
  w.counts.activities++;
  const people = chooseAttendees(w, tb, w.r.int(2, 4));
  await registerAll(w, a.id, p, people, createdAt, new Date(w.now.getTime() - HOUR_MS));
}

/** The single past activities of a timebank: a beach clean, a garden day or a workshop, a
 * members' forum and an organisation's open day; in a compact demo every kind, in the sign-in's
 * timebank only. */
function pastOf(w: Writer, tb: string, compact: boolean): readonly Spec[] {
  const [beach, garden, workshop, forum, openDay] = PAST as [Spec, Spec, Spec, Spec, Spec];
  if (!compact) return [w.r.pick([beach, garden, workshop]), forum, openDay];
  return tb === w.cast.signInMember.homeTimebankId ? PAST : [];
}

export async function writeActivities(
  database: Pick<Database, 'db'>,
  deps: {
    cast: Cast;
    clock: ManualClock;
    ledger: Ledger;
    projects: Projects;
    r: Random;
    today: string;
    /** Every kind in the sign-in's timebank only, one activity in the others (small scales). */
    compact: boolean;
  },
): Promise<ActivityCounts> {
  const { cast, clock, r, today } = deps;
  const now = at(today, '08:00');
  const spend = new Map<string, number | null>();
  for (const s of await spendable(database.db, cast.networkId))
    if (s.organisationId) spend.set(`o:${s.organisationId}`, s.minutes);
  const w: Writer = {
    cast,
    clock,
    r,
    activities: createActivities({
      db: database.db,
      clock,
      ledger: deps.ledger,
      log: silentLogger,
    }),
    projects: deps.projects,
    spend,
    now,
    counts: { activities: 0, closed: 0, registrations: 0 },
  };
  for (const tb of [...cast.coordinatorOf.keys()].sort()) {
    const hers = cast.signInMember.memberIdOf.has(tb);
    const full = !deps.compact || tb === cast.signInMember.homeTimebankId;
    // The past ones about three weeks apart (two weeks in a compact demo), the last a week or
    // two ago.
    const chosen = pastOf(w, tb, deps.compact);
    const apart = chosen.length > 3 ? 12 : 20;
    const offsets = r.shuffle(chosen.map((_, i) => 8 + apart * i + r.int(0, 6)));
    for (const [i, spec] of chosen.entries()) {
      const day = dayOf(new Date(now.getTime() - offsets[i]! * DAY_MS));
      await writePast(w, tb, spec, at(day, spec.time));
    }
    if (full || hers)
      await writeSeries(w, tb, deps.compact ? COFFEE_DATES.compact : COFFEE_DATES.full, hers);
    if (full) {
      const day = dayOf(new Date(now.getTime() + (10 + r.int(0, 8)) * DAY_MS));
      await writeUpcoming(w, tb, REPAIR_CAFE, at(day, REPAIR_CAFE.time));
    }
  }
  return w.counts;
}
