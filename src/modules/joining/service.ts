// Joining a timebank: an application made online by the applicant, or entered by a broker from
// a call or a paper form; duplicates found and merged into the older record; approval and
// decline by brokers and coordinators; the guardian and consent a member under 16 needs.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Logger } from '../../lib/log.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import { hashPassword } from '../auth/password.ts';
import type { Principal } from '../auth/principal.ts';
import * as people from '../people/queries.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import { listAreas } from '../tenancy/queries.ts';
import * as q from './queries.ts';
import type { ApplicationSource } from './tables.ts';

/** Under this age a member needs a guardian's consent. */
export const GUARDIAN_AGE = 16;

export interface GuardianInput {
  displayName: string;
  email?: string | undefined;
  phone?: string | undefined;
  relationship: string;
  /** The guardian consents: ticked online, or read from a signed paper form. */
  consent?: boolean | undefined;
  /** The date the paper consent was signed (brokers). Online consent is dated today. */
  consentSignedOn?: string | undefined;
}

export interface ApplicationInput {
  displayName: string;
  email?: string | undefined;
  phone?: string | undefined;
  birthDate: string;
  areaId?: string | undefined;
  offer?: string | undefined;
  wants?: string | undefined;
  locale?: 'en' | 'pl' | undefined;
  /** Consent to how their data is used: the form refuses to go on without it. */
  dataConsent: true;
  guardian?: GuardianInput | undefined;
}

export interface OnlineApplicationInput extends ApplicationInput {
  email: string;
  password: string;
}

export interface BrokerApplicationInput extends ApplicationInput {
  source: ApplicationSource;
  /** Add this application to a person already known (one of the duplicates found). */
  mergeIntoPersonId?: string | undefined;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const field = (path: string, message: string) => ({ path: `/body/${path}`, message });
const refuse = (code: string, message: string, path: string, fieldMessage = message) =>
  new DomainError(code, message, { fields: [field(path, fieldMessage)] });

/** Whole years between a date of birth and a day (both 'YYYY-MM-DD'). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export function createJoining({ db, clock, log }: { db: Kysely<DB>; clock: Clock; log: Logger }) {
  const today = () => isoDay(clock.now());

  function checkBirthDate(birthDate: string): void {
    if (birthDate > today()) throw refuse('validation_failed', 'a date of birth cannot be in the future', 'birthDate', 'must not be in the future');
    if (birthDate < '1900-01-01') throw refuse('validation_failed', 'that date of birth is too long ago', 'birthDate', 'must be after 1900');
  }

  /** A minor needs a guardian on the application; consent may follow later (approval waits for it). */
  function checkGuardian(input: ApplicationInput, online: boolean): void {
    if (ageOn(input.birthDate, today()) >= GUARDIAN_AGE) return;
    if (!input.guardian) {
      throw refuse('guardian_required', `someone under ${GUARDIAN_AGE} needs a parent or guardian`, 'guardian/displayName', 'required for someone under 16');
    }
    if (online && !input.guardian.consent) {
      throw refuse('guardian_required', 'the parent or guardian must give their consent', 'guardian/consent', 'required for someone under 16');
    }
    const signed = input.guardian.consentSignedOn;
    if (!online && input.guardian.consent && !signed) {
      throw refuse('validation_failed', 'say when the consent form was signed', 'guardian/consentSignedOn', 'required with a paper consent');
    }
    if (signed && signed > today()) throw refuse('validation_failed', 'a consent cannot be signed in the future', 'guardian/consentSignedOn', 'must not be in the future');
  }

  async function checkArea(networkId: string, timebankId: string, areaId: string | undefined) {
    if (areaId && !(await people.areaInTimebank(db, networkId, timebankId, areaId))) {
      throw refuse('validation_failed', 'no such area in this timebank', 'areaId', 'not an area of this timebank');
    }
  }

  const normalEmail = (email: string | undefined) => email?.trim().toLowerCase() || null;

  function duplicatesOf(tx: Kysely<DB> | Transaction<DB>, networkId: string, timebankId: string, input: ApplicationInput) {
    return q.findDuplicates(tx, networkId, timebankId, {
      email: normalEmail(input.email),
      displayName: input.displayName,
      birthDate: input.birthDate,
      areaId: input.areaId ?? null,
    });
  }

  /** A new person, their membership ('applied') and their application, in one transaction. */
  async function createApplicant(
    tx: Transaction<DB>,
    actor: Actor,
    timebankId: string,
    input: ApplicationInput,
    source: ApplicationSource,
    ids: { personId: string; createdBy: string | null },
  ) {
    const { networkId } = actor;
    const email = normalEmail(input.email);
    if (email && (await people.emailTaken(tx, email))) throw refuse('duplicate_application', 'someone already uses that email', 'email', 'already in use');
    const memberId = newId();
    const applicationId = newId();
    const now = clock.now();
    await people.insertPerson(tx, {
      networkId,
      id: ids.personId,
      displayName: input.displayName,
      email,
      phone: input.phone ?? null,
      birthYear: null,
      locale: input.locale ?? 'en',
      createdBy: ids.createdBy,
    });
    await q.setBirthDate(tx, networkId, ids.personId, input.birthDate);
    await people.insertMember(tx, { networkId, id: memberId, timebankId, personId: ids.personId, status: 'applied', areaId: input.areaId ?? null, joinedOn: null, createdBy: ids.createdBy });
    await q.insertApplication(tx, {
      networkId,
      id: applicationId,
      timebankId,
      memberId,
      personId: ids.personId,
      source,
      offer: input.offer ?? null,
      wants: input.wants ?? null,
      at: now,
      createdBy: ids.createdBy,
    });
    if (input.guardian && ageOn(input.birthDate, today()) < GUARDIAN_AGE) {
      await addGuardian(tx, actor, timebankId, ids.personId, input.guardian, source === 'online');
    }
    await recordAudit(tx, actor, {
      action: 'application.create',
      subjectType: 'person',
      subjectId: ids.personId,
      timebankId,
      detail: { applicationId, memberId, source, withEmail: email !== null },
    });
    return { applicationId, memberId, personId: ids.personId };
  }

  /** Links a guardian (the person with that email if there is one, else a new person record). */
  async function addGuardian(tx: Transaction<DB>, actor: Actor, timebankId: string, childId: string, g: GuardianInput, online: boolean) {
    const { networkId } = actor;
    const email = normalEmail(g.email);
    const known = email ? await people.emailTaken(tx, email) : undefined;
    if (known && (await tx.selectFrom('person').where('network_id', '=', networkId).where('id', '=', known.person_id).select('id').executeTakeFirst()) === undefined) {
      throw refuse('validation_failed', 'that email cannot be used for the guardian', 'guardian/email', 'already in use');
    }
    const guardianPersonId = known?.person_id ?? newId();
    if (guardianPersonId === childId) throw refuse('validation_failed', 'a person cannot be their own guardian', 'guardian/email', 'is the applicant');
    if (!known) {
      await people.insertPerson(tx, { networkId, id: guardianPersonId, displayName: g.displayName, email, phone: g.phone ?? null, birthYear: null, locale: 'en', createdBy: actor.personId });
    }
    const id = newId();
    const now = clock.now();
    await q.insertGuardian(tx, { networkId, id, childId, guardianId: guardianPersonId, relationship: g.relationship, at: now, by: actor.personId });
    if (g.consent) {
      const method = online ? 'online' : 'paper';
      await q.recordConsent(tx, networkId, id, { method, signedOn: online ? today() : (g.consentSignedOn as string), at: now, by: online ? null : actor.personId });
    }
    await recordAudit(tx, actor, {
      action: 'guardian.link',
      subjectType: 'person',
      subjectId: childId,
      timebankId,
      detail: { guardianId: id, guardianPersonId, existingPerson: Boolean(known), consent: g.consent ? (online ? 'online' : 'paper') : null },
    });
    return id;
  }

  /** The public application form of a timebank: its name and areas. */
  async function publicTimebank(networkSlug: string, timebankSlug: string) {
    const tb = await q.findTimebankBySlugs(db, networkSlug, timebankSlug);
    if (!tb) throw notFound('timebank');
    return { ...tb, areas: await listAreas(db, tb.network_id, tb.id) };
  }

  /** An application made online by the applicant, who chooses a password to sign in with later. */
  async function applyOnline(requestId: string | null, networkSlug: string, timebankSlug: string, input: OnlineApplicationInput) {
    const tb = await q.findTimebankBySlugs(db, networkSlug, timebankSlug);
    if (!tb) throw notFound('timebank');
    checkBirthDate(input.birthDate);
    checkGuardian(input, true);
    await checkArea(tb.network_id, tb.id, input.areaId);
    const passwordHash = await hashPassword(input.password);
    const personId = newId();
    const actor: Actor = { networkId: tb.network_id, personId, onBehalfOfPersonId: null, requestId };
    const r = await db.transaction().execute(async (tx) => {
      if ((await duplicatesOf(tx, tb.network_id, tb.id, input)).length) {
        throw refuse('duplicate_application', 'you may already have applied or be a member: sign in, or contact the timebank', 'email', 'already applied or a member');
      }
      const created = await createApplicant(tx, actor, tb.id, input, 'online', { personId, createdBy: null });
      await q.setPasswordHash(tx, tb.network_id, personId, passwordHash);
      return created;
    });
    log.info({ timebankId: tb.id, personId }, 'online application');
    return { ...r, timebankName: tb.name };
  }

  async function duplicates(p: Principal, timebankId: string, input: Pick<ApplicationInput, 'displayName' | 'email' | 'birthDate' | 'areaId'>) {
    authorize(p, 'application.review', await timebankResource(db, p, timebankId));
    return duplicatesOf(db, p.networkId, timebankId, input as ApplicationInput);
  }

  /** An application a broker enters from a call, a paper form or a visit. */
  async function enter(p: Principal, actor: Actor, timebankId: string, input: BrokerApplicationInput) {
    authorize(p, 'application.review', await timebankResource(db, p, timebankId));
    checkBirthDate(input.birthDate);
    checkGuardian(input, false);
    await checkArea(p.networkId, timebankId, input.areaId);
    const r = await db.transaction().execute(async (tx) => {
      const found = await duplicatesOf(tx, p.networkId, timebankId, input);
      if (input.mergeIntoPersonId) {
        const into = found.find((d) => d.person_id === input.mergeIntoPersonId);
        if (!into) throw refuse('validation_failed', 'merge only into one of the duplicates found', 'mergeIntoPersonId', 'not a duplicate of this application');
        return merge(tx, actor, timebankId, input, into);
      }
      if (found.length) {
        throw refuse('duplicate_application', 'this person may already be known: merge the application into their record, or check the details', 'email', 'already applied or a member');
      }
      return { ...(await createApplicant(tx, actor, timebankId, input, input.source, { personId: newId(), createdBy: p.personId })), merged: false };
    });
    log.info({ timebankId, personId: r.personId, merged: r.merged }, 'application entered');
    return r;
  }

  /**
   * A merge keeps the older record: empty phone, email and date of birth are filled from the
   * application (nothing is overwritten); a membership of this timebank is opened ('applied',
   * with the application open) when the person has none, else the application is kept as
   * 'merged' beside their membership. Audited with what was filled.
   */
  async function merge(tx: Transaction<DB>, actor: Actor, timebankId: string, input: BrokerApplicationInput, into: Awaited<ReturnType<typeof q.findDuplicates>>[number]) {
    const { networkId } = actor;
    const email = normalEmail(input.email);
    const fill: { phone?: string; email?: string } = {};
    if (!into.phone && input.phone) fill.phone = input.phone;
    if (!into.email && email && !(await people.emailTaken(tx, email))) fill.email = email;
    await q.fillPerson(tx, networkId, into.person_id, fill);
    const filled: string[] = Object.keys(fill);
    if (!into.birth_date) {
      await q.setBirthDate(tx, networkId, into.person_id, input.birthDate);
      filled.push('birthDate');
    }
    let memberId = into.member_id;
    const opened = !memberId;
    if (!memberId) {
      memberId = newId();
      await people.insertMember(tx, { networkId, id: memberId, timebankId, personId: into.person_id, status: 'applied', areaId: input.areaId ?? null, joinedOn: null, createdBy: actor.personId });
    }
    const applicationId = newId();
    await q.insertApplication(tx, {
      networkId,
      id: applicationId,
      timebankId,
      memberId,
      personId: into.person_id,
      source: input.source,
      offer: input.offer ?? null,
      wants: input.wants ?? null,
      at: clock.now(),
      createdBy: actor.personId,
      ...(opened ? {} : { decision: 'merged' as const, decisionReason: 'merged into an existing membership' }),
    });
    await recordAudit(tx, actor, {
      action: 'application.merge',
      subjectType: 'person',
      subjectId: into.person_id,
      timebankId,
      detail: { applicationId, memberId, openedMembership: opened, filled, given: { displayName: input.displayName, email, phone: input.phone ?? null, birthDate: input.birthDate } },
    });
    return { applicationId, memberId, personId: into.person_id, merged: true };
  }

  async function queue(p: Principal, timebankId: string) {
    authorize(p, 'application.review', await timebankResource(db, p, timebankId));
    return q.openApplications(db, p.networkId, timebankId, 500);
  }

  async function openApplication(p: Principal, timebankId: string, applicationId: string) {
    authorize(p, 'application.review', await timebankResource(db, p, timebankId));
    const a = await q.findApplication(db, p.networkId, timebankId, applicationId);
    if (!a) throw notFound('application');
    if (a.decision !== null || a.member_status !== 'applied') {
      throw new DomainError('already_decided', 'this application has already been decided');
    }
    return a;
  }

  async function consentMissing(networkId: string, personId: string, birthDate: string | null): Promise<boolean> {
    if (!birthDate || ageOn(birthDate, today()) >= GUARDIAN_AGE) return false;
    return !(await q.guardiansOf(db, networkId, personId)).some((g) => g.consent_method !== null);
  }

  async function approve(p: Principal, actor: Actor, timebankId: string, applicationId: string) {
    const a = await openApplication(p, timebankId, applicationId);
    if (await consentMissing(p.networkId, a.person_id, a.birth_date)) {
      throw new DomainError('guardian_consent_required', `someone under ${GUARDIAN_AGE} needs their guardian's consent before they are approved`);
    }
    const joinedOn = today();
    await db.transaction().execute(async (tx) => {
      if (!(await q.decideApplication(tx, p.networkId, applicationId, { decision: 'approved', reason: null, at: clock.now(), by: p.personId }))) {
        throw new DomainError('already_decided', 'this application has already been decided');
      }
      await people.updateMemberStatus(tx, p.networkId, a.member_id, { status: 'active', paused_until: null, status_reason: null });
      await q.setJoinedOn(tx, p.networkId, a.member_id, joinedOn);
      await recordAudit(tx, actor, {
        action: 'application.approve',
        subjectType: 'person',
        subjectId: a.person_id,
        timebankId,
        detail: { applicationId, memberId: a.member_id, from: 'applied', to: 'active', joinedOn },
      });
    });
    return { applicationId, memberId: a.member_id, personId: a.person_id, status: 'active' as const, joinedOn };
  }

  async function decline(p: Principal, actor: Actor, timebankId: string, applicationId: string, reason: string) {
    const a = await openApplication(p, timebankId, applicationId);
    await db.transaction().execute(async (tx) => {
      if (!(await q.decideApplication(tx, p.networkId, applicationId, { decision: 'declined', reason, at: clock.now(), by: p.personId }))) {
        throw new DomainError('already_decided', 'this application has already been decided');
      }
      await people.updateMemberStatus(tx, p.networkId, a.member_id, { status: 'left', paused_until: null, status_reason: reason });
      await recordAudit(tx, actor, {
        action: 'application.decline',
        subjectType: 'person',
        subjectId: a.person_id,
        timebankId,
        detail: { applicationId, memberId: a.member_id, from: 'applied', to: 'left', reason },
      });
    });
    return { applicationId, memberId: a.member_id, personId: a.person_id, status: 'left' as const };
  }

  async function staffMember(p: Principal, timebankId: string, memberId: string) {
    authorize(p, 'application.review', await timebankResource(db, p, timebankId));
    const m = await people.findMember(db, p.networkId, timebankId, memberId);
    if (!m) throw notFound('member');
    return m;
  }

  async function linkGuardian(p: Principal, actor: Actor, timebankId: string, memberId: string, g: GuardianInput) {
    const m = await staffMember(p, timebankId, memberId);
    if (g.consent && !g.consentSignedOn) throw refuse('validation_failed', 'say when the consent form was signed', 'consentSignedOn', 'required with a paper consent');
    if (g.consentSignedOn && g.consentSignedOn > today()) throw refuse('validation_failed', 'a consent cannot be signed in the future', 'consentSignedOn', 'must not be in the future');
    const id = await db.transaction().execute(async (tx) => {
      if ((await q.guardiansOf(tx, p.networkId, m.person_id)).some((x) => x.email && x.email === normalEmail(g.email))) {
        throw refuse('conflict', 'this guardian is already linked', 'email', 'already linked');
      }
      return addGuardian(tx, actor, timebankId, m.person_id, g, false);
    });
    return { guardianId: id };
  }

  /** A paper consent form read by a broker: the date it was signed, and who recorded it. */
  async function recordGuardianConsent(p: Principal, actor: Actor, timebankId: string, memberId: string, guardianId: string, signedOn: string) {
    const m = await staffMember(p, timebankId, memberId);
    const g = (await q.guardiansOf(db, p.networkId, m.person_id)).find((x) => x.id === guardianId);
    if (!g) throw notFound('guardian');
    if (signedOn > today()) throw refuse('validation_failed', 'a consent cannot be signed in the future', 'signedOn', 'must not be in the future');
    await db.transaction().execute(async (tx) => {
      await q.recordConsent(tx, p.networkId, guardianId, { method: 'paper', signedOn, at: clock.now(), by: p.personId });
      await recordAudit(tx, actor, { action: 'guardian.consent', subjectType: 'person', subjectId: m.person_id, timebankId, detail: { guardianId, method: 'paper', signedOn } });
    });
    return { guardianId, signedOn };
  }

  /** What a broker sees of a member's joining: applications, date of birth, guardians. */
  async function joiningRecord(p: Principal, timebankId: string, memberId: string) {
    const m = await staffMember(p, timebankId, memberId);
    const person = await q.personBirthDate(db, p.networkId, m.person_id);
    const [applications, guardians] = await Promise.all([
      q.applicationsOfMember(db, p.networkId, timebankId, memberId),
      q.guardiansOf(db, p.networkId, m.person_id),
    ]);
    const birthDate = person?.birth_date ?? null;
    const age = birthDate ? ageOn(birthDate, today()) : null;
    return {
      memberId,
      personId: m.person_id,
      displayName: person?.display_name ?? '',
      status: m.status,
      birthDate,
      age,
      minor: age !== null && age < GUARDIAN_AGE,
      consentMissing: await consentMissing(p.networkId, m.person_id, birthDate),
      applications,
      guardians,
    };
  }

  return { publicTimebank, applyOnline, duplicates, enter, queue, approve, decline, linkGuardian, recordGuardianConsent, joiningRecord };
}

export type Joining = ReturnType<typeof createJoining>;
