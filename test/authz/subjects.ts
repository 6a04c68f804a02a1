// The people of the authorization matrix: every role, in the timebank the resources belong to
// ("own": North of network A), in another timebank of the same network ("otherTimebank":
// South), and in another network ("otherNetwork": network B); the member the resources
// belong to ("self"); and nobody signed in ("anonymous").
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { systemActor } from '../../src/modules/audit/record.ts';
import type { Ledger } from '../../src/modules/ledger/service.ts';
import { addPerson, createWorld, type PersonFixture, type World } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';
import { type ActivityTargets, createActivityTargets } from './subjects-activities.ts';
import { createListingTargets, type ListingTargets } from './subjects-listings.ts';
// feat/outcomes
import { createOutcomeTargets, type OutcomeTargets } from './subjects-outcomes.ts';
// feat/assetmap
import { type AssetMapTargets, createAssetMapTargets } from './subjects-assetmap.ts';
import { testConfig } from '../../src/config.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { silentLogger } from '../../src/lib/log.ts';
import { enqueueNotification } from '../../src/modules/notifications/enqueue.ts';
import type { NotificationKind, NotificationPayloads } from '../../src/modules/notifications/kinds.ts';
import { createUnsubscribeTokens } from '../../src/modules/notifications/unsubscribe-token.ts';
import { createNotificationWorker } from '../../src/modules/notifications/worker.ts';
// feat/arguments
import { type ArgumentTargets, createArgumentTargets } from './subjects-arguments.ts';
// exchanges (feat/exchanges)
import { createExchangeTargets, type ExchangeTargets } from './subjects-exchanges.ts';
import { createRecordTargets } from './subjects-record.ts';
// feat/wellbeing
import { createWellbeingTargets, type WellbeingTargets } from './subjects-wellbeing.ts';
// feat/reports
import { createReportTargets } from './subjects-reports.ts';

export const CELLS = [
  'anonymous',
  'self',
  'member:own',
  'member:otherTimebank',
  'member:otherNetwork',
  'broker:own',
  'broker:otherTimebank',
  'broker:otherNetwork',
  'coordinator:own',
  'coordinator:otherTimebank',
  'coordinator:otherNetwork',
  'networkAdmin:own',
  'networkAdmin:otherNetwork',
  'commissioner:own',
  'commissioner:otherTimebank',
  'commissioner:network',
  'commissioner:otherNetwork',
] as const;
export type Cell = (typeof CELLS)[number];

/** Everyone signed in: every cell but the anonymous one. */
export const SIGNED_IN: readonly Cell[] = CELLS.filter((c) => c !== 'anonymous');
/** Everyone holding a membership of a timebank (pages of "my current timebank"): members,
 * brokers and coordinators of any timebank; not network admins or commissioners, who hold none. */
export const WITH_MEMBERSHIP: readonly Cell[] = CELLS.filter((c) => /^(self|member|broker|coordinator)(:|$)/.test(c));

/** The targets made before the features' own (createMatrixWorld's base). */
export type BaseTargets = Omit<
  Targets,
  keyof FeatureTargets | keyof ArgumentTargets | keyof ActivityTargets | keyof ExchangeTargets | keyof ListingTargets | keyof OutcomeTargets | keyof WellbeingTargets | keyof AssetMapTargets
>;

/** The resources every request aims at: all in North of network A. */
export interface Targets extends FeatureTargets, ArgumentTargets, ActivityTargets, ExchangeTargets, ListingTargets, OutcomeTargets, WellbeingTargets, AssetMapTargets {
  world: World;
  north: string;
  south: string;
  /** Mary: "self". */
  mary: PersonFixture;
  maryMemberId: string;
  maryAccountId: string;
  /** Another member of North, on the other side of Mary's transfers. */
  ninaAccountId: string;
  ninaMemberId: string;
  /** A member whose status the matrix changes (kept apart from the signed-in people). */
  patMemberId: string;
  patPersonId: string;
  organisationId: string;
  /** Someone with no role who signs in through the probes of the sign-in routes. */
  signy: PersonFixture;
  /** A posted transfer from Mary to Nina. */
  postedTransferId: string;
  /** Hours Nina recorded as given to Mary, waiting for Mary to confirm. */
  pendingTransferId: string;
  communityPotId: string;
}

/** The targets of the joining, safeguarding and notification routes. */
export interface FeatureTargets {
  /** Slugs of North and its network, for the online application. */
  networkSlug: string;
  northSlug: string;
  /** An open application in North (Tim Teen, 12, with a guardian who has not consented). */
  applicationId: string;
  applicantMemberId: string;
  guardianId: string;
  /** A reference about Mary, answered on a call (its link no longer works). */
  referenceId: string;
  /** The one-time link of a reference about Mary that nobody answers (for the GETs). */
  referenceToken: string;
  /** One-time links used up one per call by the routes where the referee answers. */
  referenceTokens: string[];
  /** The current member agreement of North. */
  agreementVersionId: string;
  /** A safeguarding check of Mary's, with a PVG membership number. */
  checkId: string;
  /** A notification for Mary. */
  notificationId: string;
  /** A mail to the broker of North that failed for good. */
  deliveryId: string;
  /** Someone to phone (Olive, who has no email). */
  callId: string;
  /** A genuine unsubscribe link of Pat's. */
  unsubscribeToken: string;
}

export interface Matrix {
  targets: Targets;
  /** The subject of a cell: undefined for anonymous. */
  people: Record<Exclude<Cell, 'anonymous'>, PersonFixture>;
}

async function memberId(db: Kysely<DB>, personId: string): Promise<string> {
  const m = await db.selectFrom('member').where('person_id', '=', personId).select('id').executeTakeFirstOrThrow();
  return m.id;
}

export async function createMatrixWorld(db: Kysely<DB>, ledger: Ledger, url: string): Promise<Matrix> {
  const world = await createWorld(db);
  const { networkA, networkB, north, south, bTimebank } = world;
  const person = (net: string, name: string, timebankId?: string, roles: [never, string | null][] = []) =>
    addPerson(db, net, { name, ...(timebankId ? { timebankId } : {}), roles });
  const people: Matrix['people'] = {
    self: world.member,
    'member:own': await person(networkA, 'Nina North', north),
    'member:otherTimebank': world.southMember,
    'member:otherNetwork': world.memberB,
    'broker:own': world.brokerNorth,
    'broker:otherTimebank': await addPerson(db, networkA, { name: 'Sid South Broker', timebankId: south, roles: [['broker', south]] }),
    'broker:otherNetwork': world.brokerB,
    'coordinator:own': world.coordinatorNorth,
    'coordinator:otherTimebank': await addPerson(db, networkA, { name: 'Sue South Coord', timebankId: south, roles: [['coordinator', south]] }),
    'coordinator:otherNetwork': await addPerson(db, networkB, { name: 'Cy B Coord', timebankId: bTimebank, roles: [['coordinator', bTimebank]] }),
    'networkAdmin:own': world.admin,
    'networkAdmin:otherNetwork': await addPerson(db, networkB, { name: 'Abe B Admin', roles: [['network_admin', null]] }),
    'commissioner:own': await addPerson(db, networkA, { name: 'Col North Commissioner', roles: [['commissioner', north]] }),
    'commissioner:otherTimebank': await addPerson(db, networkA, { name: 'Cal South Commissioner', roles: [['commissioner', south]] }),
    'commissioner:network': world.commissioner,
    'commissioner:otherNetwork': await addPerson(db, networkB, { name: 'Cat B Commissioner', roles: [['commissioner', null]] }),
  };
  const pat = await addPerson(db, networkA, { name: 'Pat Paused', timebankId: north, password: false });
  const actor = systemActor(networkA);
  await ledger.openTimebank(actor, { timebankId: north, settings: { balanceMinutesMin: -100_000 } });
  await ledger.openTimebank(actor, { timebankId: south, settings: { balanceMinutesMin: -100_000 } });
  await ledger.openTimebank(systemActor(networkB), { timebankId: bTimebank });
  const maryMemberId = await memberId(db, world.member.id);
  const ninaMemberId = await memberId(db, people['member:own'].id);
  const maryAccountId = (await ledger.openMemberAccount(actor, { memberId: maryMemberId })).id;
  const ninaAccountId = (await ledger.openMemberAccount(actor, { memberId: ninaMemberId })).id;
  const posted = await ledger.transfer(actor, {
    id: newId(),
    debitAccountId: maryAccountId,
    creditAccountId: ninaAccountId,
    minutes: 60,
    kind: 'exchange',
    category: 'gardening',
  });
  const pending = await ledger.recordPending(actor, {
    id: newId(),
    debitAccountId: maryAccountId,
    creditAccountId: ninaAccountId,
    minutes: 30,
    kind: 'exchange',
    category: 'shopping',
  });
  const organisationId = newId();
  await db
    .insertInto('organisation')
    .values({ network_id: networkA, id: organisationId, timebank_id: north, name: 'North Lunch Club', kind: 'voluntary' })
    .execute();
  const pot = await ledger.findAccount(networkA, { communityPotOf: north });
  const base = {
    people,
    targets: {
      world,
      north,
      south,
      mary: world.member,
      signy: await addPerson(db, networkA, { name: 'Signy Signs In' }),
      maryMemberId,
      maryAccountId,
      ninaAccountId,
      ninaMemberId,
      patMemberId: await memberId(db, pat.id),
      patPersonId: pat.id,
      organisationId,
      postedTransferId: posted.transfers[0]!.id,
      pendingTransferId: pending.transfers[0]!.id,
      communityPotId: pot!.id,
    },
  };
  Object.assign(base.targets, await createRecordTargets(db, base.targets));
  const activityTargets = await createActivityTargets(db, base.targets);
  // exchanges (feat/exchanges)
  const nina = people['member:own'];
  const exchange = await createExchangeTargets(db, url, { networkId: networkA, north, mary: world.member, maryMemberId, nina, ninaMemberId });
  const listingTargets = await createListingTargets(db, { networkA, north, maryPersonId: world.member.id, maryMemberId });
  // feat/wellbeing
  const wellbeingTargets = await createWellbeingTargets(db, { networkA, north, maryPersonId: world.member.id, maryMemberId });
  // feat/reports
  await createReportTargets(db, { networkA, north, coordinatorPersonId: world.coordinatorNorth.id });
  // feat/assetmap
  const assetMapTargets = await createAssetMapTargets(db, { networkA, north, maryMemberId, maryPersonId: world.member.id, coordinatorPersonId: world.coordinatorNorth.id });
  return {
    people,
    targets: {
      ...base.targets,
      ...(await createFeatureTargets(db, url, base)),
      // feat/arguments
      ...(await createArgumentTargets(url, world.coordinatorNorth)),
      ...activityTargets,
      ...exchange,
      ...listingTargets,
      // feat/outcomes
      ...(await createOutcomeTargets(db, { networkA, north, coordinatorPersonId: world.coordinatorNorth.id })),
      ...wellbeingTargets,
      // feat/assetmap
      ...assetMapTargets,
    },
  };
}

/** Targets of joining, references, the agreement, safeguarding and notifications, made as the
 * staff of North make them: through the API (so through the modules' services), and the
 * notification outbox through its own enqueue and worker. */
async function createFeatureTargets(
  db: Kysely<DB>,
  url: string,
  m: { people: Matrix['people']; targets: BaseTargets },
): Promise<FeatureTargets> {
  const { world, north, maryMemberId, patPersonId } = m.targets;
  const staff = async (cell: 'broker:own' | 'coordinator:own') => {
    const c = new Client(url, { 'x-forwarded-for': cell === 'broker:own' ? '10.255.0.1' : '10.255.0.2' });
    const r = await c.signIn(m.people[cell].email!);
    if (r.status !== 200) throw new Error(`${cell} could not sign in: ${r.status}`);
    return c;
  };
  const broker = await staff('broker:own');
  const coordinator = await staff('coordinator:own');
  const ok = <T>(r: { status: number; body: T; text: string }, what: string): T => {
    if (r.status >= 300) throw new Error(`matrix world: ${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  const app = ok(
    await broker.post(`/api/v1/timebanks/${north}/applications`, {
      displayName: 'Tim Teen',
      birthDate: '2014-05-01',
      dataConsent: true,
      source: 'paper',
      guardian: { displayName: 'Gina Guardian', relationship: 'mother' },
    }),
    'an application',
  ) as { applicationId: string; memberId: string };
  const joining = ok(await broker.get(`/api/v1/timebanks/${north}/members/${app.memberId}/joining`), 'the joining record') as {
    guardians: { id: string }[];
  };
  const referee = { refereeName: 'Rev. Ross', relationship: 'minister', email: 'ross@example.test' };
  const askReference = async () =>
    ok(await broker.post(`/api/v1/timebanks/${north}/members/${maryMemberId}/references`, referee), 'a reference') as { id: string; path: string };
  const answered = await askReference();
  const rating = { rating: 'good', comment: null };
  ok(
    await broker.post(`/api/v1/timebanks/${north}/references/${answered.id}/answers`, {
      honesty: rating,
      teamwork: rating,
      punctuality: rating,
      gettingOn: rating,
      freeText: null,
    }),
    'answers from a call',
  );
  const open = await askReference();
  const tokens: string[] = [];
  for (let i = 0; i < 2 * CELLS.length; i++) tokens.push((await askReference()).path.split('/').pop()!);
  const version = ok(await coordinator.post(`/api/v1/timebanks/${north}/agreement/versions`, { bodyEn: 'Be kind.' }), 'an agreement') as { id: string };
  const check = ok(
    await broker.post(`/api/v1/timebanks/${north}/members/${maryMemberId}/safeguarding/checks`, {
      scheme: 'pvg',
      level: 'pvg_level_2',
      workforce: 'adults',
      roleTitle: 'Befriender',
      regulatedWork: true,
      number: '1234 5678 9012 3456',
      issuedOn: '2025-01-10',
    }),
    'a safeguarding check',
  ) as { id: string };
  // Notifications: one for Mary, a call for Olive (no email), a mail to the broker that failed.
  const notify = <K extends NotificationKind>(kind: K, personId: string, payload: NotificationPayloads[K]) =>
    db.transaction().execute((tx) =>
      enqueueNotification(tx, { networkId: world.networkA, kind, recipient: { personId }, payload, timebankId: north, at: new Date() }),
    );
  await notify('exchange_changed', world.member.id, { otherName: 'Nina', what: 'gardening', whenText: 'Friday 11:00' });
  await notify('exchange_changed', world.offline.id, { otherName: 'Mary', what: 'shopping', whenText: 'Friday 11:00' });
  await notify('recheck_due', world.brokerNorth.id, { personName: 'Mary', scheme: 'PVG', dueOn: '2026-05-01', personId: world.member.id, memberId: '00000000-0000-4000-8000-000000000001', checkId: '00000000-0000-4000-8000-000000000002' });
  await createNotificationWorker({ db, clock: systemClock, log: silentLogger, config: testConfig(), transport: null }).runOnce();
  const notification = await db
    .selectFrom('notification')
    .select('id')
    .where('recipient_person_id', '=', world.member.id)
    .executeTakeFirstOrThrow();
  const delivery = await db
    .selectFrom('notification_delivery as d')
    .innerJoin('notification as n', (j) => j.onRef('n.network_id', '=', 'd.network_id').onRef('n.id', '=', 'd.notification_id'))
    .select('d.id')
    .where('n.recipient_person_id', '=', world.brokerNorth.id)
    .where('n.kind', '=', 'recheck_due')
    .executeTakeFirstOrThrow();
  // No service fails a mail for good but the SMTP worker after its last attempt: mark it so.
  await db
    .updateTable('notification_delivery')
    .set({ status: 'failed', attempts: 8, failed_at: new Date(), last_error: '554 5.7.1 refused', to_address: 'x@example.test' })
    .where('id', '=', delivery.id)
    .execute();
  const call = await db.selectFrom('notification_phone_call').select('id').where('person_id', '=', world.offline.id).executeTakeFirstOrThrow();
  const network = await db.selectFrom('network').select('slug').where('id', '=', world.networkA).executeTakeFirstOrThrow();
  return {
    networkSlug: network.slug,
    northSlug: 'north',
    applicationId: app.applicationId,
    applicantMemberId: app.memberId,
    guardianId: joining.guardians[0]!.id,
    referenceId: answered.id,
    referenceToken: open.path.split('/').pop()!,
    referenceTokens: tokens,
    agreementVersionId: version.id,
    checkId: check.id,
    notificationId: notification.id,
    deliveryId: delivery.id,
    callId: call.id,
    unsubscribeToken: createUnsubscribeTokens(testConfig().secretKey).sign({
      networkId: world.networkA,
      recipient: { personId: patPersonId },
      kind: 'gift_received',
    }),
  };
}

let clientCount = 0;

/** A signed-in client for a cell (a new one each call: some routes change the session). Each
 * client comes from its own address (the server trusts x-forwarded-for in this test), so the
 * sign-in rate limit per address does not refuse the matrix's many sign-ins. */
export async function clientFor(url: string, matrix: Matrix, cell: Cell): Promise<Client> {
  clientCount++;
  const c = new Client(url, { 'x-forwarded-for': `10.${(clientCount >> 16) & 255}.${(clientCount >> 8) & 255}.${clientCount & 255}` });
  if (cell === 'anonymous') return c;
  const r = await c.signIn(matrix.people[cell].email!);
  if (r.status !== 200) throw new Error(`${cell} could not sign in: ${r.status} ${r.text}`);
  return c;
}
