// May this member give this help at these times? Before an exchange is agreed (or its givers or
// times change), each giver must: hold a valid safeguarding check when the listing needs one,
// not be paused (or otherwise not active) on any of the days, have no restriction that forbids
// it, and not be booked already at an overlapping time. Every refusal names the giver's field.
// The givers checked are members: an organisation giving on its own offer is not checked (it
// has no check, availability or restrictions; its people decide whether it can give).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, type FieldError } from '../../lib/errors.ts';
import { isHospitalAppointment } from '../categories/taxonomy.ts';
import { availabilityOf, availableOn, restrictionsOf } from '../preferences/service.ts';
import { validChecksOf } from '../safeguarding/service.ts';
import * as q from './queries.ts';
import { wallOf } from '../../lib/zone.ts';

export type GiverRefusal = 'giver_check_missing' | 'giver_paused' | 'giver_restricted' | 'giver_booked';

interface Refusal extends FieldError {
  code: GiverRefusal;
}

export interface Plan {
  exchangeId: string;
  /** The receiver: a member, or an organisation (on its request). */
  receiver: q.PartyRef;
  mode: 'home' | 'outside' | 'online';
  checkNeeded: boolean;
  /** Help with a hospital appointment (categories/taxonomy.ts): refused to a giver restricted from them. */
  hospital: boolean;
  /** The zone of the exchange's timebank: the days of the occurrences are its days. */
  zone: string;
  /** The occurrences to check (this exchange's own others never count as a clash). */
  occurrences: { startsAt: Date; endsAt: Date }[];
}

/** The plan of an exchange as stored, for these occurrences. */
export function planOf(e: q.ExchangeRow, occurrences: Plan['occurrences']): Plan {
  return {
    exchangeId: e.id,
    receiver: e.receiver_member_id ? { memberId: e.receiver_member_id } : { organisationId: e.receiver_organisation_id! },
    mode: e.mode,
    checkNeeded: e.check_needed,
    hospital: isHospitalAppointment(e.category_slug, `${e.what} ${e.note ?? ''}`),
    zone: e.time_zone,
    occurrences,
  };
}

const when = (d: Date, zone: string) => {
  const w = wallOf(zone, d);
  return `${w.date} ${w.time}`;
};

/** Checks each giver (path `${base}/${i}`), in the caller's transaction after locking them;
 * throws a DomainError with every refusal as a field error, the first one's code as its code. */
export async function assertGiversSuitable(tx: Transaction<DB>, networkId: string, giverIds: string[], plan: Plan, base = '/body/giverMemberIds') {
  for (const id of [...giverIds].sort()) await q.lockMember(tx, networkId, id);
  const refusals: Refusal[] = [];
  for (const [i, memberId] of giverIds.entries()) {
    const r = await refusalOf(tx, networkId, memberId, giverIds.length, plan);
    if (r) refusals.push({ ...r, path: `${base}/${i}` });
  }
  if (refusals.length) {
    throw new DomainError(refusals[0]!.code, refusals[0]!.message, { fields: refusals.map(({ path, message }) => ({ path, message })) });
  }
}

async function refusalOf(db: Kysely<DB>, networkId: string, memberId: string, giverCount: number, plan: Plan): Promise<Omit<Refusal, 'path'> | null> {
  const member = await q.findMemberAnywhere(db, networkId, memberId);
  if (!member) return { code: 'giver_paused', message: 'no such member' };
  const days = [...new Set(plan.occurrences.map((o) => wallOf(plan.zone, o.startsAt).date))].sort();
  const first = days[0]!;
  const last = days[days.length - 1]!;
  // Paused (until a day on or after an occurrence), or not an active member at all.
  const availability = await availabilityOf(db, networkId, memberId);
  const away = days.find((d) => !availableOn(availability, d));
  if (away) {
    const why = availability.status === 'paused' ? `is paused until ${availability.pausedUntil}` : `is not an active member (${availability.status})`;
    return { code: 'giver_paused', message: `${member.display_name} ${why}, so cannot give help on ${away}` };
  }
  // A valid check on the first and the last day (a check is valid over one unbroken period).
  if (plan.checkNeeded) {
    for (const day of first === last ? [first] : [first, last]) {
      if ((await validChecksOf(db, networkId, member.person_id, day)).length === 0) {
        return { code: 'giver_check_missing', message: `${member.display_name} has no valid safeguarding check on ${day}, which this help needs` };
      }
    }
  }
  // Restrictions a broker set on the giver.
  const { kinds } = await restrictionsOf(db, networkId, memberId);
  if (kinds.includes('no_home_visits') && plan.mode === 'home') {
    return { code: 'giver_restricted', message: `${member.display_name} may not make home visits` };
  }
  if (kinds.includes('no_hospital_appointments') && plan.hospital) {
    return { code: 'giver_restricted', message: `${member.display_name} may not help with hospital appointments` };
  }
  if (kinds.includes('two_person_visits') && plan.mode !== 'online' && giverCount < 2) {
    return { code: 'giver_restricted', message: `${member.display_name} only visits with a second giver` };
  }
  if (kinds.includes('only_met_before') && !(await q.metBefore(db, networkId, memberId, plan.receiver, plan.exchangeId))) {
    return { code: 'giver_restricted', message: `${member.display_name} only helps people they have met before` };
  }
  // Already booked at an overlapping time.
  for (const o of plan.occurrences) {
    const clash = await q.overlapping(db, networkId, memberId, o.startsAt, o.endsAt, plan.exchangeId);
    if (clash) {
      return { code: 'giver_booked', message: `${member.display_name} is already booked at ${when(clash.starts_at, plan.zone)} (${clash.what})` };
    }
  }
  return null;
}
