// SQL for sign-in, sessions and the second factor.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Grant, Membership } from '../policy/policy.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function findSignInPerson(db: Q, email: string) {
  return db
    .selectFrom('sign_in_directory as d')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'd.network_id').onRef('p.id', '=', 'd.person_id'))
    .where('d.email', '=', email)
    .select([
      'p.network_id',
      'p.id',
      'p.display_name',
      'p.password_hash',
      'p.totp_secret_enc',
      'p.totp_enabled_at',
      'p.totp_last_step',
      'p.suspended_at',
    ])
    .executeTakeFirst();
}

export async function findPerson(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('person')
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .selectAll()
    .executeTakeFirst();
}

export async function loadMemberships(db: Q, networkId: string, personId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .select(['id', 'timebank_id', 'status'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ memberId: r.id, timebankId: r.timebank_id, status: r.status }));
}

export async function loadGrants(db: Q, networkId: string, personId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grant')
    .where('network_id', '=', networkId)
    .where('person_id', '=', personId)
    .select(['role', 'timebank_id'])
    .execute();
  return rows.map((r) => ({ role: r.role, timebankId: r.timebank_id }));
}

/** Whether every timebank of the network waives the second factor (for network-wide roles). */
export async function timebankWaivers(db: Q, networkId: string) {
  return db.selectFrom('timebank').where('network_id', '=', networkId).select(['id', 'totp_waived']).execute();
}

export interface NewSession {
  networkId: string;
  id: string;
  personId: string;
  secretHash: Buffer;
  csrfToken: string;
  mfaDone: boolean;
  timebankId: string | null;
  now: Date;
  expiresAt: Date;
  userAgent: string | null;
}

export async function insertSession(db: Q, s: NewSession): Promise<void> {
  await db
    .insertInto('session')
    .values({
      network_id: s.networkId,
      id: s.id,
      person_id: s.personId,
      secret_hash: s.secretHash,
      csrf_token: s.csrfToken,
      mfa_done: s.mfaDone,
      timebank_id: s.timebankId,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      user_agent: s.userAgent,
    })
    .execute();
}

export interface SessionRow {
  network_id: string;
  id: string;
  person_id: string;
  secret_hash: Uint8Array;
  csrf_token: string;
  mfa_done: boolean;
  acting_for_person_id: string | null;
  timebank_id: string | null;
  last_seen_at: Date;
  expires_at: Date;
  display_name: string;
  locale: 'en' | 'pl';
  suspended_at: Date | null;
  totp_enabled_at: Date | null;
  acting_for_display_name: string | null;
  memberships: Membership[];
  grants: Grant[];
}

/**
 * The session with everything a request needs to know about its person, in ONE statement
 * (every request pays for it): the person, whom they act for, their memberships and grants.
 * auth_session() (migration 0003) keeps its plan, so the lookup is not planned per request.
 */
export async function findSession(db: Q, networkId: string, sessionId: string): Promise<SessionRow | undefined> {
  const r = await sql<SessionRow>`select * from auth_session(${networkId}, ${sessionId})`.execute(db);
  return r.rows[0];
}

export async function touchSession(db: Q, networkId: string, sessionId: string, now: Date): Promise<void> {
  await db
    .updateTable('session')
    .set({ last_seen_at: now })
    .where('network_id', '=', networkId)
    .where('id', '=', sessionId)
    .execute();
}

export async function updateSession(
  db: Q,
  networkId: string,
  sessionId: string,
  patch: { mfa_done?: boolean; acting_for_person_id?: string | null; timebank_id?: string | null },
): Promise<void> {
  await db.updateTable('session').set(patch).where('network_id', '=', networkId).where('id', '=', sessionId).execute();
}

export async function deleteSession(db: Q, networkId: string, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('network_id', '=', networkId).where('id', '=', sessionId).execute();
}

/** Ends every session of a person, and every session acting for them. */
export async function deleteSessionsOf(db: Q, networkId: string, personId: string): Promise<number> {
  const r = await db
    .deleteFrom('session')
    .where('network_id', '=', networkId)
    .where((eb) => eb.or([eb('person_id', '=', personId), eb('acting_for_person_id', '=', personId)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteExpiredSessions(db: Q, now: Date, idleCutoff: Date): Promise<number> {
  const r = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function readThrottle(db: Q, key: string) {
  return db.selectFrom('sign_in_throttle').where('key', '=', key).selectAll().executeTakeFirst();
}

/** Counts a failure; a streak older than an hour starts again at 1. */
export async function recordFailure(db: Q, key: string, now: Date, blockFor: (failures: number) => number) {
  const streakStart = new Date(now.getTime() - 60 * 60 * 1000);
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ key, failures: 1, last_failure_at: now, blocked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when sign_in_throttle.last_failure_at < ${streakStart} then 1
          else sign_in_throttle.failures + 1 end`,
        last_failure_at: now,
      }),
    )
    .returning(['failures'])
    .executeTakeFirstOrThrow();
  const ms = blockFor(row.failures);
  if (ms > 0) {
    await db
      .updateTable('sign_in_throttle')
      .set({ blocked_until: new Date(now.getTime() + ms) })
      .where('key', '=', key)
      .execute();
  }
  return row.failures;
}

export async function clearThrottle(db: Q, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}

export async function setTotp(
  db: Q,
  networkId: string,
  personId: string,
  patch: { totp_secret_enc?: string | null; totp_enabled_at?: Date | null; totp_last_step?: number | null },
): Promise<void> {
  await db.updateTable('person').set(patch).where('network_id', '=', networkId).where('id', '=', personId).execute();
}

/** Accepts a TOTP step only if it is newer than the last one used (no replay). */
export async function claimTotpStep(db: Q, networkId: string, personId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('person')
    .set({ totp_last_step: step })
    .where('network_id', '=', networkId)
    .where('id', '=', personId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
