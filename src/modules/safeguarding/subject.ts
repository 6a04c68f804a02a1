// A member of a timebank as the subject of safeguarding data, restrictions, preferences and
// availability: the timebank and the member are looked up in the caller's own network, so an
// id of another network or timebank is "not found".
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { notFound } from '../../lib/errors.ts';
import { findMember } from '../people/queries.ts';
import type { PolicySubject, Resource } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';

export async function memberSubject(db: Kysely<DB>, p: PolicySubject, timebankId: string, memberId: string) {
  await timebankResource(db, p, timebankId);
  const member = await findMember(db, p.networkId, timebankId, memberId);
  if (!member) throw notFound('member');
  const resource: Resource = { type: 'person', networkId: p.networkId, personId: member.person_id, timebankIds: [timebankId] };
  return { member, resource };
}

/** Today as YYYY-MM-DD (UTC, as the people module counts days). */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The same day n years later (29 February becomes 1 March). */
export function addYears(day: string, years: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return isoDay(d);
}

export function addDays(day: string, days: number): string {
  return isoDay(new Date(new Date(`${day}T00:00:00Z`).getTime() + days * 86_400_000));
}
