// Repeating activities through the API (docs/activities.md, "Repeating activities"): one
// activity per date linked by a series, wall-clock times kept across summer time, registering
// and cancelling for all future dates, changing and cancelling all future dates, bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, memberIdOf, type World } from '../../../test/support/fixtures.ts';
import { Client, startTestServer, type TestServer } from '../../../test/support/http.ts';
import { systemClock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { isoWeekday } from '../../lib/recurrence.ts';
import { wallOf } from '../../lib/zone.ts';
import { systemActor } from '../audit/record.ts';
import { createLedger } from '../ledger/service.ts';

let server: TestServer;
let world: World;

const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();
const signedIn = async (email: string | null) => {
  const c = new Client(server.url);
  expect((await c.signIn(email!)).status).toBe(200);
  return c;
};
const activity = (over: Record<string, unknown> = {}) => ({
  title: 'Repair cafe',
  description: 'Bring what is broken',
  categorySlug: 'creative',
  place: 'Village hall',
  startsAt: '2099-03-10T10:00:00Z',
  endsAt: '2099-03-10T12:00:00Z',
  capacity: null,
  payer: 'community_pot',
  minutesPerAttendee: 120,
  ...over,
});
const db = () => server.database.db;
const url = () => `/api/v1/timebanks/${world.north}/activities`;
type SeriesDate = {
  id: string;
  startsAt: string;
  endsAt: string;
  status: string;
  registered: boolean;
  ahead: boolean;
};
const datesOf = async (c: Client, id: string) =>
  (await c.get(`/api/v1/activities/${id}`)).body.series.dates as SeriesDate[];
const counts = async () => {
  const n = async (t: 'activity' | 'activity_series') =>
    Number(
      (
        await db()
          .selectFrom(t)
          .select((e) => e.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { activities: await n('activity'), series: await n('activity_series') };
};

beforeAll(async () => {
  server = await startTestServer();
  world = await createWorld(db());
  await createLedger({ db: db(), clock: systemClock, log: silentLogger }).openTimebank(
    systemActor(world.networkA),
    { timebankId: world.north },
  );
});
afterAll(async () => {
  await server.close();
});

describe('creating a repeating activity', () => {
  it('makes one activity per date, linked by a series, keeping 10:00 London time across the change to summer time', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    // Tuesdays from 10 March 2099; the clocks go forward on Sunday 29 March.
    const created = await coord.post(
      url(),
      activity({ repeat: { frequency: 'weekly', weekdays: [2], count: 4 } }),
    );
    expect(created.status).toBe(201);
    expect(created.body.seriesId).toMatch(/-/);
    const rows = await db()
      .selectFrom('activity')
      .where('series_id', '=', created.body.seriesId)
      .selectAll()
      .orderBy('starts_at')
      .execute();
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual([
      '2099-03-10T10:00:00.000Z',
      '2099-03-17T10:00:00.000Z',
      '2099-03-24T10:00:00.000Z',
      '2099-03-31T09:00:00.000Z',
    ]);
    expect(rows.map((r) => wallOf('Europe/London', r.starts_at).time)).toEqual([
      '10:00',
      '10:00',
      '10:00',
      '10:00',
    ]);
    expect(rows.map((r) => wallOf('Europe/London', r.ends_at).time)).toEqual([
      '12:00',
      '12:00',
      '12:00',
      '12:00',
    ]);
    expect(rows[0]!.id).toBe(created.body.id);
    expect(
      new Set(rows.map((r) => `${r.title}|${r.place}|${r.minutes_per_attendee}|${r.status}`)),
    ).toEqual(new Set(['Repair cafe|Village hall|120|open']));
    const audit = await db()
      .selectFrom('audit_event')
      .where('action', '=', 'activity.create')
      .where(
        'subject_id',
        'in',
        rows.map((r) => r.id),
      )
      .selectAll()
      .execute();
    expect(audit).toHaveLength(4);
    expect(audit.every((e) => e.actor_person_id === world.coordinatorNorth.id)).toBe(true);
    const detail = await coord.get(`/api/v1/activities/${rows[2]!.id}`);
    expect(detail.body).toMatchObject({
      seriesId: created.body.seriesId,
      series: { frequency: 'weekly', weekdays: [2], count: 4, until: null },
    });
    expect(detail.body.series.dates.map((d: SeriesDate) => d.id)).toEqual(rows.map((r) => r.id));
  });

  it('makes monthly dates on the same weekday of the month, in Warsaw time for a Polish timebank', async () => {
    await db()
      .updateTable('timebank')
      .set({ time_zone: 'Europe/Warsaw' })
      .where('id', '=', world.north)
      .execute();
    try {
      const coord = await signedIn(world.coordinatorNorth.email);
      // Tuesday 13 October 2099 is the 2nd Tuesday; 18:00 in Warsaw (summer time ends on 25 October).
      const created = await coord.post(
        url(),
        activity({
          startsAt: '2099-10-13T16:00:00Z',
          endsAt: '2099-10-13T18:00:00Z',
          repeat: { frequency: 'monthly', monthlyBy: 'weekday', until: '2099-12-31' },
        }),
      );
      expect(created.status).toBe(201);
      const dates = await datesOf(coord, created.body.id);
      expect(dates.map((d) => d.startsAt)).toEqual([
        '2099-10-13T16:00:00.000Z',
        '2099-11-10T17:00:00.000Z',
        '2099-12-08T17:00:00.000Z',
      ]);
      expect(dates.map((d) => wallOf('Europe/Warsaw', new Date(d.startsAt)).time)).toEqual([
        '18:00',
        '18:00',
        '18:00',
      ]);
    } finally {
      await db()
        .updateTable('timebank')
        .set({ time_zone: 'Europe/London' })
        .where('id', '=', world.north)
        .execute();
    }
  });

  it('adds a rule to an open single activity, and refuses one that is paid, cancelled or in a series already', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const single = (
      await coord.post(
        url(),
        activity({ startsAt: '2099-06-01T09:00:00Z', endsAt: '2099-06-01T10:00:00Z' }),
      )
    ).body.id;
    const made = await coord.post(`/api/v1/activities/${single}/repeat`, {
      repeat: { frequency: 'monthly', count: 3 },
    });
    expect(made.status).toBe(201);
    expect(made.body.activityIds).toHaveLength(3);
    expect(made.body.activityIds[0]).toBe(single);
    expect((await datesOf(coord, single)).map((d) => d.startsAt)).toEqual([
      '2099-06-01T09:00:00.000Z',
      '2099-07-01T09:00:00.000Z',
      '2099-08-01T09:00:00.000Z',
    ]);
    const again = await coord.post(`/api/v1/activities/${single}/repeat`, {
      repeat: { frequency: 'monthly', count: 3 },
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      code: 'already_in_series',
      errors: [{ path: '/params/id' }],
    });

    // A paid activity: closed, its attendee paid.
    const paid = (await coord.post(url(), activity({ startsAt: at(-3), endsAt: at(-1) }))).body.id;
    const member = await signedIn(world.member.email);
    const reg = (await member.post(`/api/v1/activities/${paid}/registrations`)).body.registrationId;
    await coord.request('PUT', `/api/v1/activities/${paid}/attendance`, {
      items: [{ registrationId: reg, attended: true }],
    });
    expect((await coord.post(`/api/v1/activities/${paid}/close`, { id: newId() })).status).toBe(
      201,
    );
    let before = await counts();
    const onPaid = await coord.post(`/api/v1/activities/${paid}/repeat`, {
      repeat: { frequency: 'weekly', weekdays: [1], count: 3 },
    });
    expect(onPaid.status).toBe(422);
    expect(onPaid.body).toMatchObject({ code: 'activity_paid', errors: [{ path: '/params/id' }] });
    const cancelled = (
      await coord.post(
        url(),
        activity({ startsAt: '2099-06-02T09:00:00Z', endsAt: '2099-06-02T10:00:00Z' }),
      )
    ).body.id;
    await coord.post(`/api/v1/activities/${cancelled}/cancel`, { reason: 'no hall' });
    expect((await counts()).activities).toBe(before.activities + 1);
    before = await counts();
    const onCancelled = await coord.post(`/api/v1/activities/${cancelled}/repeat`, {
      repeat: { frequency: 'weekly', weekdays: [1], count: 3 },
    });
    expect(onCancelled.body.code).toBe('activity_not_open');
    // A change of one date does not take a rule.
    const put = await coord.request(
      'PUT',
      `/api/v1/activities/${single}`,
      activity({
        startsAt: '2099-06-01T09:00:00Z',
        endsAt: '2099-06-01T10:00:00Z',
        repeat: { frequency: 'monthly', count: 3 },
      }),
    );
    expect(put.status).toBe(400);
    expect(put.body.errors[0].path).toBe('/body/repeat');
    // Members do not add rules.
    expect(
      (
        await member.post(`/api/v1/activities/${cancelled}/repeat`, {
          repeat: { frequency: 'monthly', count: 3 },
        })
      ).status,
    ).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('bad repeat rules', () => {
  it('refuses each with the field path, and writes nothing', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const before = await counts();
    const weekly = { frequency: 'weekly', weekdays: [2] };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [
        { endsAt: '2099-03-10T09:00:00Z', repeat: { ...weekly, count: 4 } },
        400,
        'validation_failed',
        '/body/endsAt',
      ],
      [
        { repeat: { frequency: 'weekly', weekdays: [], count: 4 } },
        400,
        'validation_failed',
        '/body/repeat/weekdays',
      ],
      [
        { repeat: { frequency: 'weekly', count: 4 } },
        400,
        'validation_failed',
        '/body/repeat/weekdays',
      ],
      [
        { repeat: { frequency: 'weekly', weekdays: [8], count: 4 } },
        400,
        'validation_failed',
        '/body/repeat/weekdays/0',
      ],
      [{ repeat: { ...weekly, count: 0 } }, 400, 'validation_failed', '/body/repeat/count'],
      [{ repeat: { ...weekly, count: 1 } }, 400, 'validation_failed', '/body/repeat/count'],
      [{ repeat: { ...weekly, count: 53 } }, 400, 'validation_failed', '/body/repeat/count'],
      [{ repeat: { ...weekly, count: 2.5 } }, 400, 'validation_failed', '/body/repeat/count'],
      [{ repeat: weekly }, 400, 'validation_failed', '/body/repeat'],
      [
        { repeat: { ...weekly, count: 3, until: '2099-04-01' } },
        400,
        'validation_failed',
        '/body/repeat',
      ],
      [
        { repeat: { ...weekly, until: '2099-03-01' } },
        400,
        'validation_failed',
        '/body/repeat/until',
      ],
      [
        { repeat: { ...weekly, until: '2100-03-12' } },
        400,
        'validation_failed',
        '/body/repeat/until',
      ],
      [
        { repeat: { ...weekly, until: 'next year' } },
        400,
        'validation_failed',
        '/body/repeat/until',
      ],
      [
        { repeat: { frequency: 'daily', count: 3 } },
        400,
        'validation_failed',
        '/body/repeat/frequency',
      ],
      [
        { repeat: { frequency: 'monthly', monthlyBy: 'moon', count: 3 } },
        400,
        'validation_failed',
        '/body/repeat/monthlyBy',
      ],
      // Every day for a year is more than 52 dates.
      [
        { repeat: { frequency: 'weekly', weekdays: [1, 2, 3, 4, 5, 6, 7], until: '2099-12-31' } },
        422,
        'too_many_occurrences',
        '/body/repeat/until',
      ],
      // The 31st with a last day before any other month has one: no date after the first.
      [
        {
          startsAt: '2099-01-31T10:00:00Z',
          endsAt: '2099-01-31T12:00:00Z',
          repeat: { frequency: 'monthly', until: '2099-03-01' },
        },
        400,
        'validation_failed',
        '/body/repeat/until',
      ],
    ];
    for (const [over, status, code, path] of cases) {
      const r = await coord.post(url(), activity(over));
      expect(r.status, JSON.stringify(over)).toBe(status);
      expect(r.body.code, JSON.stringify(over)).toBe(code);
      expect(
        r.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(over),
      ).toContain(path);
    }
    // A year of Tuesdays is 52 dates: the cap, allowed; the refusals above wrote nothing.
    expect(await counts()).toEqual(before);
  });
});

describe('registering for a series', () => {
  it('registers a member for every future date, reports the full ones, and cancels them all', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const created = await coord.post(
      url(),
      activity({
        startsAt: '2099-05-05T10:00:00Z',
        endsAt: '2099-05-05T12:00:00Z',
        capacity: 1,
        repeat: { frequency: 'weekly', weekdays: [2], count: 3 },
      }),
    );
    const [d1, d2, d3] = (await datesOf(coord, created.body.id)).map((d) => d.id) as [
      string,
      string,
      string,
    ];
    // Olive takes the only place of the second date by phone.
    const broker = await signedIn(world.brokerNorth.email);
    const olive = await memberIdOf(db(), world.offline.id, world.north);
    expect(
      (await broker.post(`/api/v1/activities/${d2}/registrations`, { memberId: olive })).status,
    ).toBe(201);

    const member = await signedIn(world.member.email);
    const all = await member.post(`/api/v1/activities/${d3}/series/registrations`);
    expect(all.status).toBe(201);
    expect(all.body.registered.map((r: { activityId: string }) => r.activityId)).toEqual([d1, d3]);
    expect(all.body.full).toEqual([{ activityId: d2, startsAt: '2099-05-12T10:00:00.000Z' }]);
    expect(all.body.alreadyRegistered).toEqual([]);
    const dates = await datesOf(member, d1);
    expect(dates.map((d) => d.registered)).toEqual([true, false, true]);
    // Again: the free dates are taken by her, the other is full: refused, with the date.
    const again = await member.post(`/api/v1/activities/${d1}/series/registrations`);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'capacity_full', errors: [{ path: '/params/id' }] });
    expect(again.body.detail).toContain('2099-05-12 11:00–13:00');

    // Cancelling for all future dates: hers only.
    const off = await member.post(`/api/v1/activities/${d1}/series/registrations/cancel`);
    expect(off.status).toBe(200);
    expect(off.body.cancelled.map((r: { activityId: string }) => r.activityId)).toEqual([d1, d3]);
    expect((await datesOf(member, d1)).map((d) => d.registered)).toEqual([false, false, false]);
    const twice = await member.post(`/api/v1/activities/${d1}/series/registrations/cancel`);
    expect(twice.status).toBe(422);
    expect(twice.body.code).toBe('not_registered');
    expect((await broker.get(`/api/v1/activities/${d2}`)).body.registeredCount).toBe(1);
    // Mary may not cancel Olive's; the broker may.
    expect(
      (
        await member.post(`/api/v1/activities/${d1}/series/registrations/cancel`, {
          memberId: olive,
        })
      ).status,
    ).toBe(403);
    const byBroker = await broker.post(`/api/v1/activities/${d1}/series/registrations/cancel`, {
      memberId: olive,
    });
    expect(byBroker.status).toBe(200);
    expect(byBroker.body.cancelled.map((r: { activityId: string }) => r.activityId)).toEqual([d2]);
    const audits = await db()
      .selectFrom('audit_event')
      .where('action', '=', 'activity.cancel_registration')
      .where('subject_id', '=', d2)
      .selectAll()
      .execute();
    expect(audits.at(-1)).toMatchObject({
      actor_person_id: world.brokerNorth.id,
      on_behalf_of_person_id: world.offline.id,
    });
  });

  it('lets a broker register a member for the whole series; the member is told once', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const created = await coord.post(
      url(),
      activity({
        startsAt: '2099-07-07T10:00:00Z',
        endsAt: '2099-07-07T12:00:00Z',
        repeat: { frequency: 'weekly', weekdays: [2, 4], until: '2099-07-16' },
      }),
    );
    const ids = (await datesOf(coord, created.body.id)).map((d) => d.id);
    expect(ids).toHaveLength(4);
    const broker = await signedIn(world.brokerNorth.email);
    const r = await broker.post(`/api/v1/activities/${ids[0]}/series/registrations`, {
      memberId: await memberIdOf(db(), world.offline.id, world.north),
    });
    expect(r.status).toBe(201);
    expect(r.body.registered).toHaveLength(4);
    const told = await db()
      .selectFrom('notification')
      .where('kind', '=', 'activity_registered')
      .where('recipient_person_id', '=', world.offline.id)
      .select('payload')
      .execute();
    const mine = told
      .map((n) => n.payload as { activityId: string; whenText: string })
      .filter((p) => ids.includes(p.activityId));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.whenText).toContain('2099-07-16 11:00–13:00');
    // Someone of another timebank may not be registered; a member may not register others.
    const south = await memberIdOf(db(), world.southMember.id, world.south);
    expect(
      (await broker.post(`/api/v1/activities/${ids[0]}/series/registrations`, { memberId: south }))
        .body.code,
    ).toBe('not_eligible');
    const member = await signedIn(world.member.email);
    expect(
      (await member.post(`/api/v1/activities/${ids[0]}/series/registrations`, { memberId: south }))
        .status,
    ).toBe(403);
    // A single activity is no series.
    const single = (await coord.post(url(), activity())).body.id;
    const none = await member.post(`/api/v1/activities/${single}/series/registrations`);
    expect(none.status).toBe(422);
    expect(none.body).toMatchObject({ code: 'not_in_series', errors: [{ path: '/params/id' }] });
  });
});

describe('changing and cancelling a series', () => {
  it('cancels one date or all future ones, never a past or paid one; registrants are told', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    // Weekly from eight days ago: two dates past, then two to come.
    const start = new Date(Date.now() - 8 * 24 * HOUR);
    const day = wallOf('Europe/London', start).date;
    const created = await coord.post(
      url(),
      activity({
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + HOUR).toISOString(),
        repeat: { frequency: 'weekly', weekdays: [isoWeekday(day)], count: 4 },
      }),
    );
    expect(created.status).toBe(201);
    const dates = await datesOf(coord, created.body.id);
    expect(dates.map((d) => d.ahead)).toEqual([false, false, true, true]);
    const member = await signedIn(world.member.email);
    const reg = (await member.post(`/api/v1/activities/${dates[0]!.id}/registrations`)).body
      .registrationId;
    await coord.request('PUT', `/api/v1/activities/${dates[0]!.id}/attendance`, {
      items: [{ registrationId: reg, attended: true }],
    });
    expect(
      (await coord.post(`/api/v1/activities/${dates[0]!.id}/close`, { id: newId() })).status,
    ).toBe(201);
    expect(
      (await member.post(`/api/v1/activities/${dates[2]!.id}/series/registrations`)).body
        .registered,
    ).toHaveLength(2);

    // One date alone, as for a single activity.
    expect(
      (await coord.post(`/api/v1/activities/${dates[2]!.id}/cancel`, { reason: 'hall booked' }))
        .status,
    ).toBe(200);
    // Members do not cancel the series.
    expect(
      (await member.post(`/api/v1/activities/${dates[0]!.id}/series/cancel`, { reason: 'x' }))
        .status,
    ).toBe(403);
    const all = await coord.post(`/api/v1/activities/${dates[0]!.id}/series/cancel`, {
      reason: 'the cafe moves',
    });
    expect(all.status).toBe(200);
    expect(all.body.activityIds).toEqual([dates[3]!.id]);
    const after = await datesOf(coord, dates[0]!.id);
    expect(after.map((d) => d.status)).toEqual(['closed', 'open', 'cancelled', 'cancelled']);
    const told = await db()
      .selectFrom('notification')
      .where('kind', '=', 'activity_cancelled')
      .where('recipient_person_id', '=', world.member.id)
      .select('payload')
      .execute();
    const reasons = told
      .map((n) => n.payload as { activityId: string; reason: string })
      .filter((p) => [dates[2]!.id, dates[3]!.id].includes(p.activityId));
    expect(reasons.map((p) => p.reason).sort()).toEqual(['hall booked', 'the cafe moves']);
    // Nothing is left to come.
    const over = await coord.post(`/api/v1/activities/${dates[0]!.id}/series/cancel`, {
      reason: 'again',
    });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('series_over');
    const edit = await coord.request('PUT', `/api/v1/activities/${dates[0]!.id}/series`, {
      title: 'Repair cafe (moved)',
    });
    expect(edit.body.code).toBe('series_over');
  });

  it('changes the title, place and capacity of all future dates; refuses a capacity below those registered, writing nothing', async () => {
    const coord = await signedIn(world.coordinatorNorth.email);
    const created = await coord.post(
      url(),
      activity({
        startsAt: '2099-09-01T10:00:00Z',
        endsAt: '2099-09-01T12:00:00Z',
        capacity: 5,
        repeat: { frequency: 'weekly', weekdays: [2], count: 3 },
      }),
    );
    const ids = (await datesOf(coord, created.body.id)).map((d) => d.id);
    const member = await signedIn(world.member.email);
    await member.post(`/api/v1/activities/${ids[1]}/registrations`);
    const broker = await signedIn(world.brokerNorth.email);
    await broker.post(`/api/v1/activities/${ids[1]}/registrations`, {
      memberId: await memberIdOf(db(), world.offline.id, world.north),
    });
    const tooSmall = await coord.request('PUT', `/api/v1/activities/${ids[0]}/series`, {
      title: 'Fix-it cafe',
      capacity: 1,
    });
    expect(tooSmall.status).toBe(422);
    expect(tooSmall.body).toMatchObject({
      code: 'capacity_below_registered',
      errors: [{ path: '/body/capacity' }],
    });
    const rows = async () =>
      db()
        .selectFrom('activity')
        .where('id', 'in', ids)
        .select(['title', 'place', 'capacity'])
        .orderBy('starts_at')
        .execute();
    expect((await rows()).map((r) => r.title)).toEqual([
      'Repair cafe',
      'Repair cafe',
      'Repair cafe',
    ]);
    const bad = await coord.request('PUT', `/api/v1/activities/${ids[0]}/series`, {
      title: 'x',
      capacity: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/body/capacity',
      '/body/title',
    ]);
    expect(
      (await member.request('PUT', `/api/v1/activities/${ids[0]}/series`, { title: 'Fix-it cafe' }))
        .status,
    ).toBe(403);

    const ok = await coord.request('PUT', `/api/v1/activities/${ids[2]}/series`, {
      title: 'Fix-it cafe',
      place: 'Library',
      capacity: 2,
      description: 'Tools provided',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.activityIds).toEqual(ids);
    expect(await rows()).toEqual(
      ids.map(() => ({ title: 'Fix-it cafe', place: 'Library', capacity: 2 })),
    );
    const changed = await db()
      .selectFrom('notification')
      .where('kind', '=', 'activity_changed')
      .where('recipient_person_id', '=', world.member.id)
      .select('payload')
      .execute();
    expect(changed.map((n) => (n.payload as { activityId: string }).activityId)).toContain(ids[1]);
  });
});
