// References about a member: a broker asks a referee, who answers once through a link that
// needs no account (a 256-bit secret derived from the installation key and the reference's
// id, links.ts; only its SHA-256 is stored), mailed to the referee through the notification
// outbox when an email is given, or the broker records the
// answers from a call. Answers are seen only by brokers and coordinators of the timebank; the
// member sees that references exist and their verdict.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReferenceAnswers } from '../joining/tables.ts';
import { enqueueNotification } from '../notifications/enqueue.ts';
import { findMember, personMemberships } from '../people/queries.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { createReferenceLinks, referencePath } from './links.ts';
import * as q from './queries.ts';

export { referencePath };

export const REFERENCE_LINK_DAYS = 30;

export interface ReferenceRequest {
  refereeName: string;
  relationship: string;
  email?: string | undefined;
  phone?: string | undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** One refusal for a used, expired or forged link, so the answer tells nothing about which. */
const badLink = () => new DomainError('not_found', 'this link cannot be used: it has expired, has already been used, or is not complete');

/** A token is `<networkId>.<secret>`; anything else is refused as a bad link. */
function parseToken(token: string): { networkId: string; hash: Buffer } {
  const [networkId, secret, ...rest] = token.split('.');
  if (!networkId || !secret || rest.length || !isUuid(networkId) || !/^[A-Za-z0-9_-]{43}$/.test(secret)) throw badLink();
  return { networkId, hash: sha256(secret) };
}

export function createReferences({ db, clock, secretKey }: { db: Kysely<DB>; clock: Clock; secretKey: Buffer }) {
  const links = createReferenceLinks(secretKey);
  async function staffMember(p: Principal, timebankId: string, memberId: string) {
    authorize(p, 'reference.manage', await timebankResource(db, p, timebankId));
    const m = await findMember(db, p.networkId, timebankId, memberId);
    if (!m) throw notFound('member');
    return m;
  }

  /**
   * Asks a referee. Runs inside the caller's transaction; with an email, the mail carrying the
   * link is queued in the same one. Answers the link's token, for a broker to pass on by phone.
   */
  async function requestIn(tx: Transaction<DB>, actor: Actor, timebankId: string, personId: string, r: ReferenceRequest) {
    if (!r.email && !r.phone) {
      throw new DomainError('validation_failed', 'give the referee’s email or phone', { fields: [{ path: '/body/email', message: 'an email or a phone is needed' }] });
    }
    const id = newId();
    const { token, secret } = links.tokenFor(actor.networkId, id);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + REFERENCE_LINK_DAYS * 86_400_000);
    await q.insertReference(tx, {
      networkId: actor.networkId,
      id,
      timebankId,
      personId,
      refereeName: r.refereeName,
      relationship: r.relationship,
      refereeEmail: r.email?.trim().toLowerCase() || null,
      refereePhone: r.phone ?? null,
      tokenHash: sha256(secret),
      expiresAt,
      at: now,
      by: actor.personId,
    });
    await recordAudit(tx, actor, { action: 'reference.request', subjectType: 'person', subjectId: personId, timebankId, detail: { referenceId: id } });
    const email = r.email?.trim().toLowerCase();
    if (email) {
      const about = await q.requestContext(tx, actor.networkId, timebankId, personId);
      await enqueueNotification(tx, {
        networkId: actor.networkId,
        kind: 'reference_request',
        recipient: { email, locale: about.locale === 'pl' ? 'pl' : 'en' },
        payload: { memberName: about.memberName, timebankName: about.timebankName, referenceId: id, expiresOn: expiresAt.toISOString().slice(0, 10) },
        timebankId,
        at: now,
      });
    }
    return { id, token, path: referencePath(token), expiresAt, mailed: Boolean(email) };
  }

  async function request(p: Principal, actor: Actor, timebankId: string, memberId: string, r: ReferenceRequest) {
    const m = await staffMember(p, timebankId, memberId);
    return db.transaction().execute((tx) => requestIn(tx, actor, timebankId, m.person_id, r));
  }

  /** References about a member, with the answers: brokers and coordinators of the timebank. */
  async function listForMember(p: Principal, timebankId: string, memberId: string) {
    const m = await staffMember(p, timebankId, memberId);
    return q.referencesOf(db, p.networkId, m.person_id, timebankId);
  }

  async function get(p: Principal, timebankId: string, referenceId: string) {
    authorize(p, 'reference.manage', await timebankResource(db, p, timebankId));
    const r = await q.findReference(db, p.networkId, timebankId, referenceId);
    if (!r) throw notFound('reference');
    return r;
  }

  /** References about a person as they see them: that they exist, and the verdict. No answers. */
  async function ofPerson(p: Principal, personId: string) {
    const memberships = await personMemberships(db, p.networkId, personId);
    authorize(p, 'person.read', { type: 'person', networkId: p.networkId, personId, timebankIds: memberships.map((m) => m.timebank_id) });
    const rows = await q.referencesOf(db, p.networkId, personId);
    return rows.map((r) => ({
      id: r.id,
      timebankId: r.timebank_id,
      refereeName: r.referee_name,
      requestedAt: r.requested_at,
      answered: r.answered_at !== null,
      verdict: r.verdict,
    }));
  }

  async function openLink(token: string) {
    const { networkId, hash } = parseToken(token);
    const r = await q.findByTokenHash(db, networkId, hash);
    if (!r || r.answered_at || r.token_expires_at <= clock.now()) throw badLink();
    return { networkId, ...r };
  }

  /** What the referee's page shows: their name, whom it is about and the timebank. */
  async function forReferee(token: string) {
    const r = await openLink(token);
    return { refereeName: r.referee_name, subjectName: r.subject_name, timebankName: r.timebank_name, expiresAt: r.token_expires_at };
  }

  async function answerByLink(token: string, requestId: string | null, answers: ReferenceAnswers) {
    const r = await openLink(token);
    const actor: Actor = { networkId: r.networkId, personId: null, onBehalfOfPersonId: null, requestId };
    await db.transaction().execute(async (tx) => {
      if (!(await q.storeAnswers(tx, r.networkId, r.id, { answers, via: 'link', at: clock.now(), by: null }))) throw badLink();
      await recordAudit(tx, actor, { action: 'reference.answer', subjectType: 'person', subjectId: r.person_id, timebankId: r.timebank_id, detail: { referenceId: r.id, via: 'link' } });
    });
    return { answered: true };
  }

  /** Answers a broker took down on a call with the referee; the link stops working. */
  async function recordAnswers(p: Principal, actor: Actor, timebankId: string, referenceId: string, answers: ReferenceAnswers) {
    const r = await get(p, timebankId, referenceId);
    await db.transaction().execute(async (tx) => {
      if (!(await q.storeAnswers(tx, p.networkId, referenceId, { answers, via: 'call', at: clock.now(), by: p.personId }))) {
        throw new DomainError('already_answered', 'this reference has already been answered');
      }
      await recordAudit(tx, actor, { action: 'reference.answer', subjectType: 'person', subjectId: r.person_id, timebankId, detail: { referenceId, via: 'call' } });
    });
    return { id: referenceId, answeredVia: 'call' as const };
  }

  async function decide(p: Principal, actor: Actor, timebankId: string, referenceId: string, v: { verdict: 'satisfactory' | 'unsatisfactory'; reason: string }) {
    const r = await get(p, timebankId, referenceId);
    if (!r.answered_at) throw new DomainError('not_answered', 'a reference is judged once it has been answered');
    await db.transaction().execute(async (tx) => {
      if (!(await q.storeVerdict(tx, p.networkId, referenceId, { ...v, at: clock.now(), by: p.personId }))) {
        throw new DomainError('already_decided', 'this reference has already been judged');
      }
      await recordAudit(tx, actor, { action: 'reference.verdict', subjectType: 'person', subjectId: r.person_id, timebankId, detail: { referenceId, verdict: v.verdict, reason: v.reason } });
    });
    return { id: referenceId, verdict: v.verdict };
  }

  return { requestIn, request, listForMember, get, ofPerson, forReferee, answerByLink, recordAnswers, decide };
}

export type References = ReturnType<typeof createReferences>;
