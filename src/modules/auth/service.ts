// Sign-in, sessions, the second factor and acting for a member. No HTTP in here.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import { recordAudit } from '../audit/record.ts';
import { authorize, type Grant, MFA_ROLES } from '../policy/policy.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { actorOf, type Principal, type SessionStage } from './principal.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import { enrolmentDetails, matchTotp, newTotpSecret } from './totp.ts';

export interface AuthDeps {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  secretBox: SecretBox;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
}

const BAD_CREDENTIALS = 'the email or password is not right';

/** Growing delay: free tries, then 1 s, 2 s, 4 s … up to 15 minutes. */
export function blockMs(failures: number, freeTries: number): number {
  if (failures < freeTries) return 0;
  return Math.min(1000 * 2 ** (failures - freeTries), 15 * 60 * 1000);
}
const EMAIL_FREE_TRIES = 5;
const IP_FREE_TRIES = 20;

/** Cookie value: network id, session id and a 256-bit secret, dot-separated. */
export function parseSessionCookie(value: string): { networkId: string; sessionId: string; secret: string } | null {
  const parts = value.split('.');
  if (parts.length !== 3) return null;
  const [networkId, sessionId, secret] = parts as [string, string, string];
  if (!isUuid(networkId) || !isUuid(sessionId) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return { networkId, sessionId, secret };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function mfaRequired(grants: readonly Grant[], waivers: { id: string; totp_waived: boolean }[]): boolean {
  const waived = new Map(waivers.map((w) => [w.id, w.totp_waived]));
  const allWaived = waivers.length > 0 && waivers.every((w) => w.totp_waived);
  return grants.some(
    (g) => MFA_ROLES.includes(g.role) && (g.timebankId === null ? !allWaived : !waived.get(g.timebankId)),
  );
}

export function createAuth(deps: AuthDeps) {
  const { db, clock, log } = deps;
  const idleMs = deps.sessionIdleMinutes * 60_000;
  const absoluteMs = deps.sessionAbsoluteHours * 3_600_000;

  async function checkThrottle(keys: string[]): Promise<void> {
    const now = clock.now();
    for (const key of keys) {
      const row = await q.readThrottle(db, key);
      if (row?.blocked_until && row.blocked_until > now) {
        const retryAfterSeconds = Math.ceil((row.blocked_until.getTime() - now.getTime()) / 1000);
        throw new DomainError('too_many_attempts', 'too many failed sign-ins: wait and try again', {
          retryAfterSeconds,
        });
      }
    }
  }

  async function fail(emailKey: string, ipKey: string): Promise<never> {
    const now = clock.now();
    await q.recordFailure(db, emailKey, now, (n) => blockMs(n, EMAIL_FREE_TRIES));
    await q.recordFailure(db, ipKey, now, (n) => blockMs(n, IP_FREE_TRIES));
    throw new DomainError('invalid_credentials', BAD_CREDENTIALS);
  }

  async function stageFor(networkId: string, personId: string, totpEnabled: boolean): Promise<SessionStage> {
    if (totpEnabled) return 'totp';
    const grants = await q.loadGrants(db, networkId, personId);
    if (grants.length === 0) return 'ready';
    return mfaRequired(grants, await q.timebankWaivers(db, networkId)) ? 'enrol' : 'ready';
  }

  async function signIn(input: SignInInput): Promise<{ cookie: string; stage: SessionStage; expiresAt: Date }> {
    const email = input.email.trim().toLowerCase();
    const emailKey = `email:${email}`;
    const ipKey = `ip:${input.ip}`;
    await checkThrottle([emailKey, ipKey]);
    const person = await q.findSignInPerson(db, email);
    const hash = person?.password_hash ?? (await dummyPasswordHash());
    const ok = await verifyPassword(hash, input.password);
    if (!person?.password_hash || !ok) return fail(emailKey, ipKey);
    await q.clearThrottle(db, emailKey);
    if (person.suspended_at) throw new DomainError('person_suspended', 'this account is suspended');
    const stage = await stageFor(person.network_id, person.id, person.totp_enabled_at !== null);
    return startSession(person.network_id, person.id, stage, input.userAgent);
  }

  async function startSession(networkId: string, personId: string, stage: SessionStage, userAgent: string | null) {
    const now = clock.now();
    const id = newId();
    const secret = randomBytes(32).toString('base64url');
    const memberships = await q.loadMemberships(db, networkId, personId);
    const firstTimebank = memberships.find((m) => m.status !== 'left')?.timebankId ?? null;
    const grants = firstTimebank ? [] : await q.loadGrants(db, networkId, personId);
    const expiresAt = new Date(now.getTime() + absoluteMs);
    await db.transaction().execute(async (tx) => {
      await q.insertSession(tx, {
        networkId,
        id,
        personId,
        secretHash: sha256(secret),
        csrfToken: randomBytes(32).toString('base64url'),
        mfaDone: stage === 'ready',
        timebankId: firstTimebank ?? grants.find((g) => g.timebankId)?.timebankId ?? null,
        now,
        expiresAt,
        userAgent: clipUserAgent(userAgent),
      });
      await recordAudit(tx, { networkId, personId, onBehalfOfPersonId: null, requestId: null }, {
        action: 'session.start',
        subjectType: 'session',
        subjectId: id,
      });
    });
    log.info({ networkId, personId, stage }, 'session started');
    return { cookie: `${networkId}.${id}.${secret}`, stage, expiresAt };
  }

  const clipUserAgent = (ua: string | null) => (ua ? ua.slice(0, 300) : null);

  /** The principal behind a cookie, or null when it is missing, forged, expired or idle. */
  async function resolve(cookie: string | undefined): Promise<Principal | null> {
    if (!cookie) return null;
    const parsed = parseSessionCookie(cookie);
    if (!parsed) return null;
    const row = await q.findSession(db, parsed.networkId, parsed.sessionId);
    if (!row || !timingSafeEqual(row.secret_hash, sha256(parsed.secret))) return null;
    const now = clock.now();
    if (row.expires_at <= now || row.last_seen_at.getTime() + idleMs <= now.getTime() || row.suspended_at) {
      await q.deleteSession(db, parsed.networkId, parsed.sessionId);
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
      await q.touchSession(db, parsed.networkId, parsed.sessionId, now);
    }
    const stage: SessionStage = row.mfa_done ? 'ready' : row.totp_enabled_at ? 'totp' : 'enrol';
    return {
      networkId: row.network_id,
      personId: row.person_id,
      sessionId: row.id,
      displayName: row.display_name,
      locale: row.locale,
      csrfToken: row.csrf_token,
      stage,
      memberships: row.memberships,
      grants: row.grants,
      actingFor:
        row.acting_for_person_id && row.acting_for_display_name
          ? { personId: row.acting_for_person_id, displayName: row.acting_for_display_name }
          : null,
      currentTimebankId: row.timebank_id,
      totpEnabled: row.totp_enabled_at !== null,
    };
  }

  async function verifySecondFactor(p: Principal, code: string): Promise<void> {
    const person = await q.findPerson(db, p.networkId, p.personId);
    if (!person?.totp_secret_enc || !person.totp_enabled_at) {
      throw new DomainError('mfa_enrolment_required', 'set up an authenticator app first');
    }
    const step = matchTotp(deps.secretBox.open(person.totp_secret_enc), code, clock.now());
    if (step === null || !(await q.claimTotpStep(db, p.networkId, p.personId, step))) {
      await q.recordFailure(db, `totp:${p.personId}`, clock.now(), (n) => blockMs(n, EMAIL_FREE_TRIES));
      throw new DomainError('mfa_invalid', 'that code is not right or was already used', {
        fields: [{ path: '/body/code', message: 'not the current code' }],
      });
    }
    await q.updateSession(db, p.networkId, p.sessionId, { mfa_done: true });
  }

  async function beginEnrolment(p: Principal, label: string) {
    const secret = newTotpSecret();
    await q.setTotp(db, p.networkId, p.personId, {
      totp_secret_enc: deps.secretBox.seal(secret),
      totp_enabled_at: null,
      totp_last_step: null,
    });
    return enrolmentDetails(secret, label);
  }

  async function confirmEnrolment(p: Principal, code: string): Promise<void> {
    const person = await q.findPerson(db, p.networkId, p.personId);
    if (!person?.totp_secret_enc) throw new DomainError('conflict', 'start the set-up first');
    if (person.totp_enabled_at) throw new DomainError('conflict', 'an authenticator app is already set up');
    const step = matchTotp(deps.secretBox.open(person.totp_secret_enc), code, clock.now());
    if (step === null) {
      throw new DomainError('mfa_invalid', 'that code is not right', {
        fields: [{ path: '/body/code', message: 'not the current code' }],
      });
    }
    await db.transaction().execute(async (tx) => {
      await q.setTotp(tx, p.networkId, p.personId, { totp_enabled_at: clock.now(), totp_last_step: step });
      await q.updateSession(tx, p.networkId, p.sessionId, { mfa_done: true });
      await recordAudit(tx, { networkId: p.networkId, personId: p.personId, onBehalfOfPersonId: null, requestId: null }, {
        action: 'person.totp_enabled',
        subjectType: 'person',
        subjectId: p.personId,
      });
    });
  }

  /** A broker or coordinator starts acting for a member; every write then names both. */
  async function actFor(p: Principal, personId: string, requestId: string | null): Promise<{ displayName: string }> {
    const target = await q.findPerson(db, p.networkId, personId);
    const timebankIds = target ? (await q.loadMemberships(db, p.networkId, personId)).map((m) => m.timebankId) : [];
    authorize(p, 'person.actFor', { type: 'person', networkId: p.networkId, personId, timebankIds });
    if (!target) throw new DomainError('not_found', 'person not found');
    await db.transaction().execute(async (tx) => {
      await q.updateSession(tx, p.networkId, p.sessionId, { acting_for_person_id: personId });
      await recordAudit(tx, { networkId: p.networkId, personId: p.personId, onBehalfOfPersonId: personId, requestId }, {
        action: 'session.act_for',
        subjectType: 'person',
        subjectId: personId,
      });
    });
    return { displayName: target.display_name };
  }

  async function stopActing(p: Principal, requestId: string | null): Promise<void> {
    if (!p.actingFor) return;
    await db.transaction().execute(async (tx) => {
      await q.updateSession(tx, p.networkId, p.sessionId, { acting_for_person_id: null });
      await recordAudit(tx, actorOf(p, requestId), {
        action: 'session.stop_acting',
        subjectType: 'person',
        subjectId: p.actingFor?.personId ?? null,
      });
    });
  }

  async function switchTimebank(p: Principal, timebankId: string): Promise<void> {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    await q.updateSession(db, p.networkId, p.sessionId, { timebank_id: timebankId });
  }

  async function signOut(p: Principal): Promise<void> {
    await q.deleteSession(db, p.networkId, p.sessionId);
  }

  async function sweepExpired(): Promise<number> {
    const now = clock.now();
    return q.deleteExpiredSessions(db, now, new Date(now.getTime() - idleMs));
  }

  return {
    signIn,
    resolve,
    verifySecondFactor,
    beginEnrolment,
    confirmEnrolment,
    actFor,
    stopActing,
    switchTimebank,
    signOut,
    sweepExpired,
  };
}

export type Auth = ReturnType<typeof createAuth>;
