// Targets of the activity and calendar routes for the authorization matrix (docs/activities.md,
// docs/calendar.md): activities of North run by the timebank and paid from its community pot.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import * as q from '../../src/modules/activities/queries.ts';
import type { World } from '../support/fixtures.ts';

export interface ActivityTargets {
  /** An open activity of North next week; Mary is registered. */
  activityId: string;
  /** Mary's registration for it. */
  activityRegistrationId: string;
  /** An activity of North that started an hour ago; Nina registered and attended: ready to close and pay. */
  pastActivityId: string;
  /** An open activity of North the cancel routes cancel. */
  cancelActivityId: string;
  /** A genuine calendar feed token (Pat's, who is none of the cells). */
  calendarToken: string;
  /** The first of two dates of a weekly series of North, weeks ahead; Mary is registered for both. */
  seriesActivityId: string;
  /** The first date of another series, which the series' cancel routes cancel. */
  cancelSeriesActivityId: string;
  /** An open single activity of North the repeat route turns into a series. */
  repeatActivityId: string;
}

export async function createActivityTargets(
  db: Kysely<DB>,
  t: { world: World; north: string; maryMemberId: string; ninaMemberId: string; patPersonId: string; mary: { id: string } },
): Promise<ActivityTargets> {
  const networkId = t.world.networkA;
  const by = t.world.coordinatorNorth.id;
  const now = Date.now();
  const activity = async (title: string, startsInHours: number, seriesId: string | null = null) => {
    const id = newId();
    await q.insertActivity(db, {
      networkId,
      id,
      seriesId,
      timebankId: t.north,
      by,
      at: new Date(),
      organisationId: null,
      title,
      description: '',
      categorySlug: 'creative',
      areaId: null,
      place: 'Village hall',
      startsAt: new Date(now + startsInHours * 3_600_000),
      endsAt: new Date(now + (startsInHours + 2) * 3_600_000),
      capacity: null,
      payer: 'community_pot',
      minutesPerAttendee: 60,
      visibility: 'timebank',
    });
    return id;
  };
  const activityId = await activity('Matrix drop-in', 24 * 7);
  const pastActivityId = await activity('Matrix baking', -1);
  const cancelActivityId = await activity('Matrix workshop', 24 * 8);
  const activityRegistrationId = newId();
  const ninaPerson = await db.selectFrom('member').where('id', '=', t.ninaMemberId).select('person_id').executeTakeFirstOrThrow();
  await q.insertRegistration(db, { networkId, id: activityRegistrationId, activityId, memberId: t.maryMemberId, personId: t.mary.id, by, at: new Date() });
  const ninaReg = newId();
  await q.insertRegistration(db, { networkId, id: ninaReg, activityId: pastActivityId, memberId: t.ninaMemberId, personId: ninaPerson.person_id, by, at: new Date() });
  await q.markAttendance(db, networkId, ninaReg, true, by, new Date());
  const series = async (title: string, fromHours: number) => {
    const seriesId = newId();
    await q.insertSeries(db, { networkId, id: seriesId, timebankId: t.north, by, at: new Date(), frequency: 'weekly', weekdays: [2], monthlyBy: null, until: null, count: 2 });
    const ids = [await activity(title, fromHours, seriesId), await activity(title, fromHours + 24 * 7, seriesId)];
    for (const activityId of ids) {
      await q.insertRegistration(db, { networkId, id: newId(), activityId, memberId: t.maryMemberId, personId: t.mary.id, by, at: new Date() });
    }
    return ids[0]!;
  };
  const seriesActivityId = await series('Matrix repair cafe', 24 * 14);
  const cancelSeriesActivityId = await series('Matrix walk', 24 * 15);
  const repeatActivityId = await activity('Matrix choir', 24 * 9);
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('calendar_feed')
    .values({ network_id: networkId, person_id: t.patPersonId, token_hash: createHash('sha256').update(secret).digest() })
    .execute();
  return {
    activityId,
    activityRegistrationId,
    pastActivityId,
    cancelActivityId,
    calendarToken: `${networkId}.${secret}.ics`,
    seriesActivityId,
    cancelSeriesActivityId,
    repeatActivityId,
  };
}
