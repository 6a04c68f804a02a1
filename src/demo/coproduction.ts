// The demo's activities and exchanges (activities.ts, exchanges.ts), written after the ledger's
// year of history and before the outcomes, whose indicators count their hours. Both go through
// the modules' own services with one clock, set to the time of each step, and their own seeded
// streams; the row ids are the services' own. Below COMPACT_BELOW_SCALE (the tests' small
// networks) they write fewer repetitions: every kind and state, but not in every timebank.
import type { Insertable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { ManualClock } from '../lib/clock.ts';
import { silentLogger } from '../lib/log.ts';
import { createLedger } from '../modules/ledger/service.ts';
import { createProjects } from '../modules/outcomes/projects.ts';
import { type ActivityCounts, writeActivities } from './activities.ts';
import { castOf } from './cast.ts';
import { type ExchangeCounts, writeExchanges } from './exchanges.ts';
import type { DemoPlan } from './plan.ts';
import { createRandom } from './random.ts';
import { DEMO_SIGN_INS } from './sign-ins.ts';

export type CoproductionCounts = ActivityCounts & ExchangeCounts;

/** Below this scale the demo is compact (docs/demo.md, "Activities and exchanges"). */
export const COMPACT_BELOW_SCALE = 0.25;

export async function writeCoproduction(
  database: Pick<Database, 'db'>,
  plan: DemoPlan,
  listings: readonly Insertable<DB['listing']>[],
  opts: { seed: number; today: string; scale: number },
): Promise<CoproductionCounts> {
  const member = DEMO_SIGN_INS.find((s) => s.role === 'member')!;
  const cast = castOf(plan, opts.today, member);
  const clock = new ManualClock(new Date(`${opts.today}T08:00:00Z`));
  const ledger = createLedger({ db: database.db, clock, log: silentLogger });
  const projects = createProjects({ db: database.db, clock });
  const compact = opts.scale < COMPACT_BELOW_SCALE;
  const common = { cast, clock, ledger, projects, today: opts.today, compact };
  const activities = await writeActivities(database, {
    ...common,
    r: createRandom((opts.seed ^ 0xac71) >>> 0),
  });
  const exchanges = await writeExchanges(database, listings, {
    ...common,
    r: createRandom((opts.seed ^ 0xe8c4) >>> 0),
  });
  return { ...activities, ...exchanges };
}
