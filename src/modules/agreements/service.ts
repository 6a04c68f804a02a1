// The member agreement: a coordinator publishes versions (an old one is never edited); members
// sign the current version online, or a broker records a paper signature. A new version asks
// everyone to sign again.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { findMember } from '../people/queries.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { DEFAULT_AGREEMENT } from './default-text.ts';
import * as q from './queries.ts';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const refuse = (code: string, message: string, path: string, fieldMessage: string) =>
  new DomainError(code, message, { fields: [{ path: `/body/${path}`, message: fieldMessage }] });

export function createAgreements({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  /** The current version of a timebank's agreement (null before the first), and the default text. */
  async function current(p: Principal, timebankId: string) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    return { version: (await q.currentVersion(db, p.networkId, timebankId)) ?? null, defaultText: DEFAULT_AGREEMENT };
  }

  async function publish(p: Principal, actor: Actor, timebankId: string, body: { bodyEn?: string | undefined; bodyPl?: string | undefined }) {
    authorize(p, 'agreement.publish', await timebankResource(db, p, timebankId));
    if (!body.bodyEn && !body.bodyPl) throw refuse('validation_failed', 'write the agreement in at least one language', 'bodyEn', 'enter the agreement');
    const id = newId();
    const version = await db.transaction().execute(async (tx) => {
      const next = ((await q.currentVersion(tx, p.networkId, timebankId))?.version ?? 0) + 1;
      await q.insertVersion(tx, { networkId: p.networkId, id, timebankId, version: next, bodyEn: body.bodyEn ?? null, bodyPl: body.bodyPl ?? null, at: clock.now(), by: p.personId });
      await recordAudit(tx, actor, { action: 'agreement.publish', subjectType: 'timebank', subjectId: timebankId, timebankId, detail: { versionId: id, version: next } });
      return next;
    });
    return { id, version };
  }

  async function versionToSign(timebankId: string, networkId: string, versionId: string) {
    const v = await q.currentVersion(db, networkId, timebankId);
    if (!v) throw notFound('agreement');
    if (v.id !== versionId) throw refuse('stale_version', 'a newer version of the agreement has been published: read it and sign that one', 'versionId', 'not the current version');
    return v;
  }

  async function sign(actor: Actor, s: { timebankId: string; versionId: string; personId: string; method: 'online' | 'paper'; signedOn: string; by: string | null }) {
    const id = newId();
    await db.transaction().execute(async (tx) => {
      if (!(await q.insertSignature(tx, { networkId: actor.networkId, id, versionId: s.versionId, personId: s.personId, method: s.method, signedOn: s.signedOn, at: clock.now(), by: s.by }))) {
        throw new DomainError('already_signed', 'this version is already signed');
      }
      await recordAudit(tx, actor, {
        action: 'agreement.sign',
        subjectType: 'person',
        subjectId: s.personId,
        timebankId: s.timebankId,
        detail: { versionId: s.versionId, method: s.method, signedOn: s.signedOn },
      });
    });
    return { id, versionId: s.versionId, method: s.method, signedOn: s.signedOn };
  }

  /** A member signs the current version online, for themself. */
  async function signOnline(p: Principal, actor: Actor, timebankId: string, versionId: string) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    if (p.actingFor) throw new DomainError('forbidden', 'a member signs for themself: record their paper signature instead');
    if (!p.memberships.some((m) => m.timebankId === timebankId && m.status !== 'left')) throw new DomainError('forbidden', 'only members sign the agreement');
    await versionToSign(timebankId, p.networkId, versionId);
    return sign(actor, { timebankId, versionId, personId: p.personId, method: 'online', signedOn: isoDay(clock.now()), by: null });
  }

  /** A broker records a paper signature: the day it was signed, not before the version existed. */
  async function recordPaper(p: Principal, actor: Actor, timebankId: string, memberId: string, s: { versionId: string; signedOn: string }) {
    authorize(p, 'agreement.recordSignature', await timebankResource(db, p, timebankId));
    const m = await findMember(db, p.networkId, timebankId, memberId);
    if (!m) throw notFound('member');
    const v = await versionToSign(timebankId, p.networkId, s.versionId);
    if (s.signedOn < isoDay(v.published_at)) throw refuse('validation_failed', 'the form cannot be signed before this version was published', 'signedOn', 'before this version was published');
    if (s.signedOn > isoDay(clock.now())) throw refuse('validation_failed', 'the form cannot be signed in the future', 'signedOn', 'must not be in the future');
    return sign(actor, { timebankId, versionId: v.id, personId: m.person_id, method: 'paper', signedOn: s.signedOn, by: p.personId });
  }

  /** The current version and this person's signature of it (null: not signed). */
  async function statusOf(networkId: string, timebankId: string, personId: string) {
    const version = await q.currentVersion(db, networkId, timebankId);
    const signature = version ? ((await q.signatureOf(db, networkId, version.id, personId)) ?? null) : null;
    return { version: version ?? null, signature };
  }

  async function memberStatus(p: Principal, timebankId: string, memberId: string) {
    authorize(p, 'agreement.recordSignature', await timebankResource(db, p, timebankId));
    const m = await findMember(db, p.networkId, timebankId, memberId);
    if (!m) throw notFound('member');
    return statusOf(p.networkId, timebankId, m.person_id);
  }

  /** Where the signed-in person still has to sign: timebanks they are an active member of. */
  async function toSign(p: Principal) {
    const out = [];
    for (const m of p.memberships.filter((x) => x.status === 'active')) {
      const s = await statusOf(p.networkId, m.timebankId, p.personId);
      if (s.version && !s.signature) out.push({ timebankId: m.timebankId, version: s.version });
    }
    return out;
  }

  async function myStatus(p: Principal, timebankId: string) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    return statusOf(p.networkId, timebankId, p.personId);
  }

  /** Active members who have not signed the current version (empty before the first version). */
  async function unsigned(p: Principal, timebankId: string) {
    authorize(p, 'agreement.recordSignature', await timebankResource(db, p, timebankId));
    const v = await q.currentVersion(db, p.networkId, timebankId);
    return { version: v ?? null, members: v ? await q.activeUnsigned(db, p.networkId, timebankId, v.id) : [] };
  }

  return { current, publish, signOnline, recordPaper, memberStatus, myStatus, toSign, unsigned };
}

export type Agreements = ReturnType<typeof createAgreements>;
