// The demo's outcomes (docs/demo.md): wellbeing check-ins at joining, 3, 6 and 12 months for
// members of every timebank, and the network's outcome framework (goals, computed and entered
// indicators, targets, measurements, a project with milestones, a steering review, Co-Production
// Star tags). Everything goes through the modules' own services, as the people who would have
// done it, with the clock set to the day they did it; the answers come from the demo's seeded
// generator, so the same seed and day give the same figures.
import type { Database } from '../db/database.ts';
import { ManualClock } from '../lib/clock.ts';
import { createOutcomes } from '../modules/outcomes/service.ts';
import { createProjects } from '../modules/outcomes/projects.ts';
import type { Answers } from '../modules/wellbeing/service.ts';
import { createWellbeing } from '../modules/wellbeing/service.ts';
import { FOLLOW_UPS, waveWindow } from '../modules/wellbeing/schedule.ts';
import { actorOf, principal } from './cast.ts';
import type { DemoPlan } from './plan.ts';
import { createRandom, type Random } from './random.ts';

/** Members per timebank asked at every wave: enough for the paired change report (10). */
const CHECKINS_PER_TIMEBANK = 16;

export interface OutcomeCounts {
  checkins: number;
  frameworks: number;
}

const addMonths = (day: string, months: number) => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
};
const clamp = (v: number) => Math.max(0, Math.min(10, v));

/** One member's answers at a wave: a little better, on the whole, the longer they take part. */
function answersAt(
  r: Random,
  base: { life: number; anxiety: number; lonely: number },
  step: number,
): Answers {
  const lift = (n: number) => clamp(n + (step > 0 ? r.int(-1, 2) + (step >= 2 ? 1 : 0) : 0));
  return {
    lifeSatisfaction: lift(base.life),
    worthwhile: lift(base.life + 1),
    happiness: lift(base.life),
    anxiety: clamp(base.anxiety - (step > 0 ? r.int(0, 2) : 0)),
    lonelyDirect: (['some_of_the_time', 'occasionally', 'hardly_ever'] as const)[
      Math.min(2, base.lonely + (step >= 2 ? 1 : 0))
    ],
    lackCompanionship: step >= 2 ? 1 : 2,
    leftOut: r.pick([1, 2]),
    isolated: step >= 1 ? 1 : 2,
    belonging:
      step >= 2 ? 'fairly_strongly' : r.pick(['fairly_strongly', 'not_very_strongly'] as const),
    favours: step >= 1 ? 'tend_to_agree' : r.pick(['tend_to_agree', 'tend_to_disagree'] as const),
  };
}

/** Check-ins of members who joined between one and three years ago, in every timebank. */
async function writeCheckins(
  database: Pick<Database, 'db'>,
  plan: DemoPlan,
  seed: number,
  today: string,
): Promise<number> {
  const r = createRandom(seed ^ 0x5e11);
  const clock = new ManualClock(new Date(`${today}T12:00:00Z`));
  const wellbeing = createWellbeing({ db: database.db, clock });
  const names = new Map(plan.persons.map((p) => [p.id, p.display_name]));
  const oldest = addMonths(today, -36).toISOString().slice(0, 10);
  const newest = addMonths(today, -12).toISOString().slice(0, 10);
  let written = 0;
  for (const tb of plan.timebanks) {
    const broker = plan.roleGrants.find((g) => g.role === 'broker' && g.timebank_id === tb.id);
    if (!broker) continue;
    const p = principal(
      plan.network.id,
      broker.person_id,
      names.get(broker.person_id) ?? 'Broker',
      [{ role: 'broker', timebankId: tb.id }],
      tb.id,
    );
    const chosen = plan.members
      .filter(
        (m) =>
          m.timebank_id === tb.id &&
          m.status === 'active' &&
          m.joined_on &&
          m.joined_on >= oldest &&
          m.joined_on <= newest,
      )
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, CHECKINS_PER_TIMEBANK);
    for (const m of chosen) {
      const base = { life: r.int(4, 7), anxiety: r.int(2, 6), lonely: r.int(0, 1) };
      const help = r.weighted([
        ['alone', 6],
        ['with_help', 3],
        ['proxy', 1],
      ] as const);
      for (const [step, wave] of (['joining', ...FOLLOW_UPS] as const).entries()) {
        clock.set(new Date(`${waveWindow(m.joined_on!, wave).dueOn}T11:00:00Z`));
        await wellbeing.record(p, actorOf(p, m.person_id), tb.id, m.id, {
          wave,
          consent: true,
          help,
          answers: answersAt(r, base, step),
        });
        written++;
      }
    }
  }
  return written;
}

/** Calendar quarters, the last ending on or before today: [label, first day, last day]. */
function quarters(today: string, n: number): [string, string, string][] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  let q = Math.floor((m - 1) / 3) - 1; // the last complete quarter
  let year = y;
  if (q < 0) {
    q = 3;
    year--;
  }
  const out: [string, string, string][] = [];
  for (let i = 0; i < n; i++) {
    const first = `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
    const last = new Date(Date.UTC(year, q * 3 + 3, 0)).toISOString().slice(0, 10);
    out.unshift([`${year}-Q${q + 1}`, first, last]);
    q--;
    if (q < 0) {
      q = 3;
      year--;
    }
  }
  return out;
}

/** The network's outcome framework, set up by its network admin as a steering group would. */
async function writeFramework(
  database: Pick<Database, 'db'>,
  plan: DemoPlan,
  adminPersonId: string,
  today: string,
): Promise<void> {
  const clock = new ManualClock(new Date(`${today}T10:00:00Z`));
  const outcomes = createOutcomes({ db: database.db, clock });
  const projects = createProjects({ db: database.db, clock });
  const p = principal(
    plan.network.id,
    adminPersonId,
    'Network admin',
    [{ role: 'network_admin', timebankId: null }],
    null,
  );
  const a = actorOf(p);
  const fw = await outcomes.createFramework(p, a, {
    timebankId: null,
    name: 'Argyll co-production outcomes',
    description:
      'What the seven timebanks agreed with the council and the health and social care partnership to show each quarter.',
  });
  const periods: string[] = [];
  for (const [label, startsOn, endsOn] of quarters(today, 4))
    periods.push((await outcomes.addPeriod(p, a, fw.id, { label, startsOn, endsOn })).id);
  const connected = await outcomes.addGoal(p, a, fw.id, {
    title: 'People are less isolated',
    description: 'More people give and receive help, across the islands and the mainland.',
    coDefinedBy: 'members’ forum in Dunoon and Rothesay',
    coDefinitionEvidence: 'Notes of the forum, kept by the Cowal coordinator',
  });
  const valued = await outcomes.addGoal(p, a, fw.id, {
    title: 'Everyone’s time is valued',
    description: 'People who only ever received help start giving it too.',
    coDefinedBy: 'young people’s panel, Cowal Youth Club',
  });
  const indicators = [
    await outcomes.addIndicator(p, a, fw.id, {
      goalId: connected.id,
      name: 'Hours exchanged',
      definition: 'Settled hours of exchanges and activities across the network',
      unit: 'minutes',
      direction: 'up',
      rbaClass: 'how_much',
      sourceKind: 'computed',
      queryName: 'hours_exchanged',
      queryParams: { timebankId: null },
    }),
    await outcomes.addIndicator(p, a, fw.id, {
      goalId: connected.id,
      name: 'Active members',
      definition: 'Members who gave or received help',
      unit: 'people',
      direction: 'up',
      rbaClass: 'how_much',
      sourceKind: 'computed',
      queryName: 'active_members',
      queryParams: { timebankId: null },
    }),
    await outcomes.addIndicator(p, a, fw.id, {
      goalId: valued.id,
      name: 'Gave and received',
      definition: 'Share of active members who both gave and received',
      unit: 'percent',
      direction: 'up',
      rbaClass: 'how_well',
      sourceKind: 'computed',
      queryName: 'gave_and_received_share',
      queryParams: { timebankId: null },
    }),
  ];
  for (const ind of indicators)
    for (const periodId of periods)
      await outcomes.compute(p, a, ind.id, { periodId, status: 'final' });
  const feelBetter = await outcomes.addIndicator(p, a, fw.id, {
    goalId: connected.id,
    name: 'Feel less lonely',
    definition: 'Members who say at a review call that they feel less lonely than a year ago',
    unit: 'percent',
    direction: 'up',
    rbaClass: 'better_off',
    sourceKind: 'entered',
    source: 'Brokers’ review calls each quarter',
    sampleSizeRequired: true,
  });
  for (const [i, periodId] of periods.entries()) {
    await outcomes.addMeasurement(p, a, feelBetter.id, {
      periodId,
      value: 52 + 4 * i,
      sampleSize: 40 + 5 * i,
      status: i === periods.length - 1 ? 'provisional' : 'final',
      note: 'From the brokers’ call notes',
    });
    await outcomes.setTarget(p, a, feelBetter.id, { periodId, value: 55 + 3 * i });
    await outcomes.setTarget(p, a, indicators[2]!.id, { periodId, value: 30 });
  }
  const project = await projects.createProject(p, a, fw.id, {
    name: 'Island befriending by phone',
    owner: 'Mull, Iona, Coll and Tiree coordinator',
    budgetPence: 250_000,
    rag: 'amber',
    ragReason: 'Fewer volunteers on Coll than planned',
    goalIds: [connected.id],
  });
  const m1 = await projects.addMilestone(p, a, project.id, {
    title: 'Ten volunteers trained',
    dueOn: periodsDay(today, -200),
  });
  await projects.addMilestone(p, a, project.id, {
    title: 'Calls offered on every island',
    dueOn: periodsDay(today, 60),
  });
  await projects.setMilestoneDone(p, a, project.id, m1.id, {
    done: true,
    doneOn: periodsDay(today, -210),
  });
  await projects.tag(p, a, 'project', project.id, ['co_design', 'co_delivery']);
  await projects.addReview(p, a, fw.id, {
    heldOn: periodsDay(today, -30),
    attendees: 'the chair, two coordinators, the council’s commissioner, a member from each island',
    decisions:
      'Recruit befrienders on Tiree through the community council; review again next quarter.',
    ragChanges: [{ projectId: project.id, rag: 'green', reason: 'Tiree volunteers found' }],
  });
}
const periodsDay = (today: string, days: number) =>
  new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function writeOutcomes(
  database: Pick<Database, 'db'>,
  plan: DemoPlan,
  opts: { seed: number; today: string; networkAdminPersonId: string },
): Promise<OutcomeCounts> {
  const checkins = await writeCheckins(database, plan, opts.seed, opts.today);
  await writeFramework(database, plan, opts.networkAdminPersonId, opts.today);
  return { checkins, frameworks: 1 };
}
