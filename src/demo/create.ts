// Writes the demo network (see plan.ts for what it holds) in one transaction, with bulk
// inserts, and records its creation in the audit log; then a year of its ledger's history
// (history-plan.ts) through the ledger service. If the history fails, the network goes too.
import { type Insertable, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { type Clock, systemClock } from '../lib/clock.ts';
import { DomainError } from '../lib/errors.ts';
import { recordAudit, systemActor } from '../modules/audit/record.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { writeCoproduction } from './coproduction.ts';
import { DEMO_NETWORK, DEMO_SEED } from './data.ts';
import { type HistoryCounts, writeHistory } from './history.ts';
import { planHistory } from './history-plan.ts';
import { type DemoPlan, planDemoNetwork } from './plan.ts';
import { type DemoProfiles, planProfiles } from './profiles.ts';
import { planListings } from './listings.ts';
import { writeOutcomes } from './outcomes.ts';
import { deleteDemoNetwork, findNetworkBySlug, insertRows } from './queries.ts';
import { DEMO_PASSWORD, DEMO_SIGN_INS, type DemoSignIn } from './sign-ins.ts';

export interface DemoProgress {
  /** What is being written now: a table ('person') or 'ledger history'. */
  step: string;
  /** Rows written (tables) or events recorded (history) so far, of total. */
  done: number;
  total: number;
}

export interface DemoOptions {
  seed?: number;
  /** 1 (the default) is the seed's 1,406 memberships; 0.05 makes a small network for tests. */
  scale?: number;
  /** Delete an existing demo network first, instead of refusing. */
  replace?: boolean;
  /** Also write a year of ledger history (the default); false leaves the ledger closed. */
  history?: boolean;
  clock?: Clock;
  onProgress?: (progress: DemoProgress) => void;
}

export interface DemoResult {
  networkId: string;
  counts: {
    timebanks: number;
    areas: number;
    persons: number;
    members: number;
    organisations: number;
    roleGrants: number;
    signInDirectory: number;
    /** Ledger accounts (members, organisations, community pots, clearing pairs); 0 without history. */
    accounts: number;
    transfers: number;
  };
  signIns: readonly DemoSignIn[];
  password: string;
}

export async function createDemoNetwork(
  database: Pick<Database, 'db'>,
  opts: DemoOptions = {},
): Promise<DemoResult> {
  const seed = opts.seed ?? DEMO_SEED;
  const scale = opts.scale ?? 1;
  const today = (opts.clock ?? systemClock).now().toISOString().slice(0, 10);
  const plan = planDemoNetwork({ seed, scale, today });
  const passwordHash = await hashPassword(DEMO_PASSWORD); // once: argon2id costs ~70 ms a hash
  const persons = plan.persons.map((p) =>
    plan.signInPersonIds.includes(p.id) ? { ...p, password_hash: passwordHash } : p,
  );
  const onProgress = opts.onProgress ?? (() => {});
  const profiles = planProfiles(plan, { seed, today });
  // Offers and requests drawn from the profiles (docs/listings.md); exchanges are built on them.
  const listings = planListings(plan, profiles, { seed, today });
  await database.db.transaction().execute(async (tx) => {
    await makeRoom(tx, opts.replace ?? false);
    await writePlan(tx, { ...plan, persons }, profiles, onProgress);
    await insertRows(tx, 'listing', listings, () => {});
    await recordAudit(tx, systemActor(plan.network.id), {
      action: 'demo.create',
      subjectType: 'network',
      subjectId: plan.network.id,
      detail: { seed, scale, persons: plan.persons.length, members: plan.members.length },
    });
  });
  const ledger =
    opts.history === false
      ? { accounts: 0, transfers: 0 }
      : await addHistory(database, plan, listings, { seed, scale, today }, onProgress);
  return {
    networkId: plan.network.id,
    counts: { ...countsOf(plan), ...ledger },
    signIns: DEMO_SIGN_INS,
    password: DEMO_PASSWORD,
  };
}

async function addHistory(
  database: Pick<Database, 'db'>,
  plan: DemoPlan,
  listings: readonly Insertable<DB['listing']>[],
  opts: { seed: number; scale: number; today: string },
  onProgress: (p: DemoProgress) => void,
): Promise<HistoryCounts> {
  const { seed, today } = opts;
  const history = planHistory(plan, { seed, today });
  const networkAdminPersonId = history.networkAdminPersonId;
  // Fresh statistics, so the ledger's queries are planned for thousands of rows, not for none.
  await sql`analyze`.execute(database.db);
  try {
    const counts = await writeHistory(database, plan, history, (done, total) =>
      onProgress({ step: 'ledger history', done, total }),
    );
    // Activities and exchanges through their services, then the wellbeing check-ins and the
    // outcome framework, whose indicators count the hours of all of them.
    onProgress({ step: 'activities and exchanges', done: 0, total: 1 });
    await writeCoproduction(database, plan, listings, opts);
    onProgress({ step: 'activities and exchanges', done: 1, total: 1 });
    onProgress({ step: 'outcomes', done: 0, total: 1 });
    await writeOutcomes(database, plan, { seed, today, networkAdminPersonId });
    onProgress({ step: 'outcomes', done: 1, total: 1 });
    return counts;
  } catch (err) {
    await database.db.transaction().execute((tx) => deleteDemoNetwork(tx, plan.network.id));
    throw err;
  }
}

async function makeRoom(tx: Transaction<DB>, replace: boolean): Promise<void> {
  const existing = await findNetworkBySlug(tx, DEMO_NETWORK.slug);
  if (!existing) return;
  if (!existing.is_demo) {
    throw new DomainError(
      'conflict',
      `a network with the demo's slug "${DEMO_NETWORK.slug}" exists and is not a demo network; it is left alone`,
    );
  }
  if (!replace) {
    throw new DomainError('demo_exists', `the demo network "${DEMO_NETWORK.slug}" exists already`);
  }
  await deleteDemoNetwork(tx, existing.id);
}

async function writePlan(
  tx: Transaction<DB>,
  plan: DemoPlan,
  profiles: DemoProfiles,
  onProgress: (p: DemoProgress) => void,
): Promise<void> {
  const batches = [
    ['network', [plan.network]],
    ['timebank', plan.timebanks],
    ['area', plan.areas],
    ['person', plan.persons],
    ['sign_in_directory', plan.signInDirectory],
    ['member', plan.members],
    ['role_grant', plan.roleGrants],
    ['organisation', plan.organisations],
    ['organisation_person', plan.organisationPersons],
    ['member_profile', profiles.profiles],
    ['member_profile_category', profiles.categories],
    ['member_profile_area', profiles.areas],
    ['timebank_directory_settings', profiles.directory],
  ] as const;
  const total = batches.reduce((sum, [, rows]) => sum + rows.length, 0);
  let done = 0;
  for (const [table, rows] of batches) {
    await insertRows(tx, table, rows, (n) => {
      done += n;
      onProgress({ step: table, done, total });
    });
  }
}

function countsOf(plan: DemoPlan): Omit<DemoResult['counts'], keyof HistoryCounts> {
  return {
    timebanks: plan.timebanks.length,
    areas: plan.areas.length,
    persons: plan.persons.length,
    members: plan.members.length,
    organisations: plan.organisations.length,
    roleGrants: plan.roleGrants.length,
    signInDirectory: plan.signInDirectory.length,
  };
}

/** Whether the demo network is in this database (the server prints its sign-ins when it is). */
export async function demoNetworkExists(database: Pick<Database, 'db'>): Promise<boolean> {
  const network = await findNetworkBySlug(database.db, DEMO_NETWORK.slug);
  return network?.is_demo === true;
}
