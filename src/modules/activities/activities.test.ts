import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger, type Ledger } from '../ledger/service.ts';

let server: TestServer;
let world: World;
let ledger: Ledger;
let potNorth: string;

const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const activity = (over: Record<string, unknown> = {}) => ({
  title: 'Baking for the gala',
  description: 'Scones, cakes; bring an apron',
  categorySlug: 'creative',
  place: 'Village hall',
  startsAt: at(-3),
  endsAt: at(-1),
  capacity: 3,
  payer: 'community_pot',
  minutesPerAttendee: 120,
  ...over,
});
const db = () => server.database.db;
const transfersOf = (activityId: string) => db().selectFrom('transfer').where('activity_id', '=', activityId).selectAll().orderBy('id').execute();
const balanceOf = async (personId: string, timebankId: string) => {
  const acc = await ledger.openMemberAccount(systemActor(world.networkA), { memberId: await memberIdOf(db(), personId, timebankId) });
  return (await ledger.balance(world.networkA, acc.id)).balanceMinutes;
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(db());
  ledger = createLedger({ db: db(), clock: systemClock, log: silentLogger });
  const actor = systemActor(world.networkA);
  potNorth = (await ledger.openTimebank(actor, { timebankId: world.north })).communityPotAccountId;
  await ledger.openTimebank(actor, { timebankId: world.south });
  await ledger.openTimebank(systemActor(world.networkB), { timebankId: world.bTimebank });
});
afterAll(async () => {
  await server.close();
});

describe('running an activity paid from the community pot', () => {
  it('registers members, marks attendance and pays every attendee in one linked batch', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const created = await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'open', payer: 'community_pot', minutesPerAttendee: 120, registeredCount: 0, timebankName: 'North' });

    const member = await signedIn(world.member.email);
    const mine = await member.post(`/api/v1/activities/${id}/registrations`);
    expect(mine.status).toBe(201);
    // A broker registers Olive, who has no email, by phone.
    const broker = await signedIn(world.brokerNorth.email);
    const olive = await broker.post(`/api/v1/activities/${id}/registrations`, { memberId: await memberIdOf(db(), world.offline.id, world.north) });
    expect(olive.status).toBe(201);
    // Olive is told she was registered (to be read out or posted); the member who signed up is not.
    const told = await db().selectFrom('notification').where('kind', '=', 'activity_registered').select(['recipient_person_id', 'payload']).execute();
    expect(told.map((n) => n.recipient_person_id)).toEqual([world.offline.id]);
    expect(told[0]!.payload).toMatchObject({ activityId: id, title: created.body.title });
    const again = await member.post(`/api/v1/activities/${id}/registrations`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_registered');

    const seen = await member.get(`/api/v1/activities/${id}`);
    expect(seen.body).toMatchObject({ registeredCount: 2, myRegistrationId: mine.body.registrationId, registrations: null, mayManage: false });
    const roster = (await broker.get(`/api/v1/activities/${id}`)).body.registrations as { id: string; displayName: string }[];
    expect(roster.map((r) => r.displayName).sort()).toEqual([world.member.name, world.offline.name].sort());

    const items = roster.map((r) => ({ registrationId: r.id, attended: true }));
    expect((await broker.request('PUT', `/api/v1/activities/${id}/attendance`, { items })).status).toBe(200);

    const preview = await coord.get(`/api/v1/activities/${id}/payment`);
    expect(preview.body).toMatchObject({ payer: 'community_pot', payerName: 'North', totalMinutes: 240, unmarked: [] });
    expect(preview.body.lines).toHaveLength(2);

    const before = { mary: await balanceOf(world.member.id, world.north), olive: await balanceOf(world.offline.id, world.north) };
    const batchId = newId();
    const closed = await coord.post(`/api/v1/activities/${id}/close`, { id: batchId });
    expect(closed.status).toBe(201);
    expect(closed.body).toMatchObject({ batchId, paidCount: 2, paidMinutes: 240 });
    const transfers = await transfersOf(id);
    expect(transfers).toHaveLength(2);
    for (const t of transfers) {
      expect(t).toMatchObject({ kind: 'activity', minutes: 120, debit_account_id: potNorth, batch_id: batchId, category: 'creative', phase: 'posted' });
      expect(t.recorded_by_person_id).toBe(world.coordinatorNorth.id);
    }
    expect(await balanceOf(world.member.id, world.north)).toBe(before.mary + 120);
    expect(await balanceOf(world.offline.id, world.north)).toBe(before.olive + 120);
    const detail = await coord.get(`/api/v1/activities/${id}`);
    expect(detail.body).toMatchObject({ status: 'closed', paidCount: 2, paidMinutes: 240 });
    expect(detail.body.registrations.every((r: { paidTransferId: string | null }) => r.paidTransferId)).toBe(true);

    // The same request again: the first result, nothing written.
    const replay = await coord.post(`/api/v1/activities/${id}/close`, { id: batchId });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotency-hit')).toBe('true');
    expect(replay.body.paidMinutes).toBe(240);
    // Paying twice is refused.
    const twice = await coord.post(`/api/v1/activities/${id}/close`, { id: newId() });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('already_paid');
    expect(twice.body.errors[0].path).toBe('/body/id');
    expect(await transfersOf(id)).toHaveLength(2);
    expect(await balanceOf(world.member.id, world.north)).toBe(before.mary + 120);
    // A closed activity takes no more registrations.
    const late = await broker.post(`/api/v1/activities/${id}/registrations`, { memberId: await memberIdOf(db(), world.brokerNorth.id, world.north) });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('activity_not_open');
  });

  it('refuses a registration when every place is taken, and frees the place on cancelling', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity({ capacity: 1, startsAt: at(24), endsAt: at(26) }))).body.id;
    const member = await signedIn(world.member.email);
    const reg = await member.post(`/api/v1/activities/${id}/registrations`);
    expect(reg.status).toBe(201);
    const broker = await signedIn(world.brokerNorth.email);
    const oliveMember = await memberIdOf(db(), world.offline.id, world.north);
    const full = await broker.post(`/api/v1/activities/${id}/registrations`, { memberId: oliveMember });
    expect(full.status).toBe(422);
    expect(full.body).toMatchObject({ code: 'capacity_full', errors: [{ path: '/body/memberId' }] });
    expect((await member.post(`/api/v1/activities/${id}/registrations/${reg.body.registrationId}/cancel`)).status).toBe(200);
    const twice = await member.post(`/api/v1/activities/${id}/registrations/${reg.body.registrationId}/cancel`);
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('not_registered');
    expect((await broker.post(`/api/v1/activities/${id}/registrations`, { memberId: oliveMember })).status).toBe(201);
    // Mary may not cancel Olive's registration.
    const olivesReg = (await broker.get(`/api/v1/activities/${id}`)).body.registrations.find((r: { status: string }) => r.status === 'registered');
    expect((await member.post(`/api/v1/activities/${id}/registrations/${olivesReg.id}/cancel`)).status).toBe(403);
    // Capacity cannot drop below those registered.
    const smaller = await coord.request('PUT', `/api/v1/activities/${id}`, activity({ capacity: 1, startsAt: at(24), endsAt: at(26), title: 'Renamed' }));
    expect(smaller.status).toBe(200);
    expect(smaller.body.title).toBe('Renamed');
    await member.post(`/api/v1/activities/${id}/registrations`).then((r) => expect(r.body.code).toBe('capacity_full'));
  });

  it('lets a broker acting for a member register them for themselves', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity({ startsAt: at(48), endsAt: at(50) }))).body.id;
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.request('PUT', '/api/v1/session/acting-for', { personId: world.offline.id })).status).toBe(200);
    const r = await broker.post(`/api/v1/activities/${id}/registrations`);
    expect(r.status).toBe(201);
    expect(r.body.memberId).toBe(await memberIdOf(db(), world.offline.id, world.north));
    const audit = await db().selectFrom('audit_event').where('action', '=', 'activity.register').where('subject_id', '=', id).selectAll().executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_person_id: world.brokerNorth.id, on_behalf_of_person_id: world.offline.id });
  });
});

describe('bad input', () => {
  it('refuses an end before the start, minutes that are not a positive whole number, and unknown things, with the field path', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const url = `/api/v1/timebanks/${world.north}/activities`;
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: at(5), endsAt: at(4) }, '/body/endsAt'],
      [{ minutesPerAttendee: 1.5 }, '/body/minutesPerAttendee'],
      [{ minutesPerAttendee: 0 }, '/body/minutesPerAttendee'],
      [{ minutesPerAttendee: -60 }, '/body/minutesPerAttendee'],
      [{ minutesPerAttendee: '60' }, '/body/minutesPerAttendee'],
      [{ minutesPerAttendee: 1441 }, '/body/minutesPerAttendee'],
      [{ capacity: 0 }, '/body/capacity'],
      [{ payer: 'organisation' }, '/body/organisationId'],
      [{ payer: 'treasury' }, '/body/payer'],
      [{ title: 'x' }, '/body/title'],
      [{ startsAt: 'tomorrow' }, '/body/startsAt'],
    ];
    for (const [over, path] of cases) {
      const r = await coord.post(url, activity(over));
      expect(r.status, JSON.stringify(over)).toBe(400);
      expect(r.body.errors.map((e: { path: string }) => e.path), JSON.stringify(over)).toContain(path);
    }
    const category = await coord.post(url, activity({ categorySlug: 'no-such-thing' }));
    expect(category.status).toBe(400);
    expect(category.body.errors[0].path).toBe('/body/categorySlug');
    const areaId = newId();
    await db().insertInto('area').values({ network_id: world.networkA, id: areaId, timebank_id: world.south, name: 'Far Isle', kind: 'island' }).execute();
    const area = await coord.post(url, activity({ areaId }));
    expect(area.status).toBe(400);
    expect(area.body.errors[0].path).toBe('/body/areaId');
    const count = await db().selectFrom('activity').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const before = Number(count.n);
    expect(before).toBeGreaterThanOrEqual(0);
    const unknownOrg = await coord.post(url, activity({ payer: 'organisation', organisationId: newId() }));
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.body.errors[0].path).toBe('/body/organisationId');
    const after = await db().selectFrom('activity').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(before);
  });

  it('refuses registering a non-member, a member of another timebank, and one of another network', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity({ startsAt: at(10), endsAt: at(12) }))).body.id;
    const south = await signedIn(world.southMember.email);
    // Not open to the network: South's member does not even see it.
    expect((await south.post(`/api/v1/activities/${id}/registrations`)).status).toBe(404);
    const broker = await signedIn(world.brokerNorth.email);
    const southId = await memberIdOf(db(), world.southMember.id, world.south);
    const other = await broker.post(`/api/v1/activities/${id}/registrations`, { memberId: southId });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'not_eligible', errors: [{ path: '/body/memberId' }] });
    const foreign = await broker.post(`/api/v1/activities/${id}/registrations`, { memberId: await memberIdOf(db(), world.memberB.id, world.bTimebank) });
    expect(foreign.status).toBe(422);
    expect(foreign.body.code).toBe('not_eligible');
    // The network admin belongs to no timebank as a member: seeing is not joining.
    const admin = await signedIn(world.admin.email);
    const self = await admin.post(`/api/v1/activities/${id}/registrations`);
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ code: 'forbidden', errors: [{ path: '/params/id' }] });
    const b = await signedIn(world.memberB.email);
    expect((await b.get(`/api/v1/activities/${id}`)).status).toBe(404);
    expect(await db().selectFrom('activity_registration').where('activity_id', '=', id).selectAll().execute()).toEqual([]);
  });

  it('refuses closing before attendance is marked, with nobody attended, before the start, or once cancelled', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity())).body.id;
    const member = await signedIn(world.member.email);
    const reg = (await member.post(`/api/v1/activities/${id}/registrations`)).body.registrationId;
    const unmarked = await coord.post(`/api/v1/activities/${id}/close`, { id: newId() });
    expect(unmarked.status).toBe(422);
    expect(unmarked.body).toMatchObject({ code: 'attendance_unmarked', errors: [{ path: '/params/id' }] });
    await coord.request('PUT', `/api/v1/activities/${id}/attendance`, { items: [{ registrationId: reg, attended: false }] });
    const nobody = await coord.post(`/api/v1/activities/${id}/close`, { id: newId() });
    expect(nobody.body.code).toBe('no_attendees');
    const wrongReg = await coord.request('PUT', `/api/v1/activities/${id}/attendance`, { items: [{ registrationId: newId(), attended: true }] });
    expect(wrongReg.status).toBe(422);
    expect(wrongReg.body.errors[0].path).toBe('/body/items/0/registrationId');
    // Members do not mark attendance or close.
    expect((await member.request('PUT', `/api/v1/activities/${id}/attendance`, { items: [{ registrationId: reg, attended: true }] })).status).toBe(403);
    expect((await member.post(`/api/v1/activities/${id}/close`, { id: newId() })).status).toBe(403);
    const cancelled = await coord.post(`/api/v1/activities/${id}/cancel`, { reason: 'the hall flooded' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledReason: 'the hall flooded' });
    const closeCancelled = await coord.post(`/api/v1/activities/${id}/close`, { id: newId() });
    expect(closeCancelled.body.code).toBe('activity_not_open');
    const future = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity({ startsAt: at(30), endsAt: at(31) }))).body.id;
    const early = await coord.post(`/api/v1/activities/${future}/close`, { id: newId() });
    expect(early.body.code).toBe('not_started');
    expect(await transfersOf(id)).toEqual([]);
  });
});

describe('an activity run by an organisation', () => {
  it('lets the people acting for it run it, and refuses the whole batch when its account would pass its limit', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const org = await coord.post(`/api/v1/timebanks/${world.north}/organisations`, { name: 'Harbour Cafe', kind: 'business' });
    expect((await coord.post(`/api/v1/organisations/${org.body.id}/people`, { personId: world.member.id })).status).toBe(201);
    const owner = await signedIn(world.member.email);
    // Someone acting for the cafe may run activities the cafe pays for; not ones the pot pays for.
    expect((await owner.post(`/api/v1/timebanks/${world.north}/activities`, activity())).status).toBe(403);
    const broker = await signedIn(world.brokerNorth.email);
    expect((await broker.post(`/api/v1/timebanks/${world.north}/activities`, activity())).status).toBe(403);
    const created = await owner.post(
      `/api/v1/timebanks/${world.north}/activities`,
      activity({ payer: 'organisation', organisationId: org.body.id, minutesPerAttendee: 400, capacity: null }),
    );
    expect(created.status).toBe(201);
    const id = created.body.id;
    const ids = [world.offline.id, world.brokerNorth.id].map((p) => memberIdOf(db(), p, world.north));
    for (const m of await Promise.all(ids)) expect((await owner.post(`/api/v1/activities/${id}/registrations`, { memberId: m })).status).toBe(201);
    const roster = (await owner.get(`/api/v1/activities/${id}`)).body.registrations as { id: string }[];
    await owner.request('PUT', `/api/v1/activities/${id}/attendance`, { items: roster.map((r) => ({ registrationId: r.id, attended: true })) });
    const preview = await owner.get(`/api/v1/activities/${id}/payment`);
    expect(preview.body).toMatchObject({ payer: 'organisation', payerName: 'Harbour Cafe', totalMinutes: 800 });
    // 800 minutes from an account whose floor is -600: refused whole, nothing written.
    const refused = await owner.post(`/api/v1/activities/${id}/close`, { id: newId() });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('overdraft_limit');
    expect(refused.body.errors[0].path).toBe('/params/id');
    expect(await transfersOf(id)).toEqual([]);
    expect((await owner.get(`/api/v1/activities/${id}`)).body.status).toBe('open');
    // Fewer attendees fit.
    await owner.request('PUT', `/api/v1/activities/${id}/attendance`, { items: [{ registrationId: roster[0]!.id, attended: false }] });
    const paid = await owner.post(`/api/v1/activities/${id}/close`, { id: newId() });
    expect(paid.status).toBe(201);
    expect(paid.body.paidMinutes).toBe(400);
    const [t] = await transfersOf(id);
    const orgAccount = await ledger.findAccount(world.networkA, { organisationId: org.body.id });
    expect(t!.debit_account_id).toBe(orgAccount!.id);
  });
});

describe('an activity open to the network', () => {
  it('takes members of a linked timebank and pays them through the clearing pair in the same batch', async () => {
    await ledger.linkTimebanks(systemActor(world.networkA), { timebankIds: [world.north, world.south], clearingLimitMinutes: 6000 });
    const coord = await signedIn(world.coordinatorNorth.email);
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity({ visibility: 'network', minutesPerAttendee: 90 }))).body.id;
    const south = await signedIn(world.southMember.email);
    const listed = await south.get(`/api/v1/timebanks/${world.south}/activities`);
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await south.post(`/api/v1/activities/${id}/registrations`)).status).toBe(201);
    const member = await signedIn(world.member.email);
    expect((await member.post(`/api/v1/activities/${id}/registrations`)).status).toBe(201);
    const roster = (await coord.get(`/api/v1/activities/${id}`)).body.registrations as { id: string }[];
    await coord.request('PUT', `/api/v1/activities/${id}/attendance`, { items: roster.map((r) => ({ registrationId: r.id, attended: true })) });
    const before = await balanceOf(world.southMember.id, world.south);
    const batchId = newId();
    const closed = await coord.post(`/api/v1/activities/${id}/close`, { id: batchId });
    expect(closed.status).toBe(201);
    const transfers = await transfersOf(id);
    expect(transfers).toHaveLength(3);
    expect(new Set(transfers.map((t) => t.batch_id))).toEqual(new Set([batchId]));
    expect(await balanceOf(world.southMember.id, world.south)).toBe(before + 90);
    const flows = await ledger.networkFlows(world.networkA);
    expect(Math.abs(flows[0]!.netOwedByBToAMinutes)).toBeGreaterThanOrEqual(90);
  });
});

describe('at the same time', () => {
  it('pays once when two closing requests race, and gives the last place to one of two', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, activity({ capacity: 1 }))).body.id;
    const broker = await signedIn(world.brokerNorth.email);
    const [a, b] = await Promise.all(
      [world.member.id, world.offline.id].map(async (p) => broker.post(`/api/v1/activities/${id}/registrations`, { memberId: await memberIdOf(db(), p, world.north) })),
    );
    expect([a!.status, b!.status].sort()).toEqual([201, 422]);
    expect([a!.body.code, b!.body.code]).toContain('capacity_full');
    const roster = (await coord.get(`/api/v1/activities/${id}`)).body.registrations as { id: string }[];
    await coord.request('PUT', `/api/v1/activities/${id}/attendance`, { items: roster.map((r) => ({ registrationId: r.id, attended: true })) });
    const closes = await Promise.all([coord.post(`/api/v1/activities/${id}/close`, { id: newId() }), coord.post(`/api/v1/activities/${id}/close`, { id: newId() })]);
    expect(closes.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await transfersOf(id)).toHaveLength(1);
  });
});

describe('notifications', () => {
  it('tells those registered when the time or place changes, and when it is cancelled; not for a new title', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const body = activity({ startsAt: '2099-01-15T10:00:00Z', endsAt: '2099-01-15T12:00:00Z', capacity: null });
    const id = (await coord.post(`/api/v1/timebanks/${world.north}/activities`, body)).body.id;
    const member = await signedIn(world.member.email);
    await member.post(`/api/v1/activities/${id}/registrations`);
    const mine = async () =>
      ((await member.get('/api/v1/notifications')).body.items as { kind: string; title: string; href: string }[]).filter((n) => n.href === `/activities/${id}`);
    expect((await coord.request('PUT', `/api/v1/activities/${id}`, { ...body, title: 'Baking for the winter gala' })).status).toBe(200);
    expect(await mine()).toEqual([]);
    expect((await coord.request('PUT', `/api/v1/activities/${id}`, { ...body, title: 'Baking for the winter gala', startsAt: '2099-01-15T11:00:00Z', endsAt: '2099-01-15T13:00:00Z' })).status).toBe(200);
    const changed = await mine();
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ kind: 'activity_changed', title: 'Changed: Baking for the winter gala' });
    await coord.post(`/api/v1/activities/${id}/cancel`, { reason: 'snow' });
    const all = await mine();
    expect(all.map((n) => n.kind).sort()).toEqual(['activity_cancelled', 'activity_changed']);
    const rows = await db().selectFrom('notification').where('kind', '=', 'activity_cancelled').where('recipient_person_id', '=', world.member.id).select('payload').execute();
    const payload = rows.map((r) => r.payload as { activityId: string }).find((p) => p.activityId === id);
    expect(payload).toMatchObject({ reason: 'snow', whenText: '2099-01-15 11:00–13:00', place: 'Village hall' });
  });
});

