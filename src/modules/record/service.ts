// "My record": every item the timebank holds about a person, as they see it; broker notes
// (shared with the member unless restricted with a recorded reason); and the notes and
// corrections a member adds beside any item. See docs/my-record.md.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { findPerson } from '../auth/queries.ts';
import { personMemberships } from '../people/queries.ts';
import { authorize, can, type Resource } from '../policy/policy.ts';
import { availabilityOf, preferencesOf, restrictionsOf } from '../preferences/service.ts';
// feat/assetmap: capability conversations and survey answers are part of the record
import { conversationsOfPerson, surveysOfPerson } from '../capabilities/queries.ts';
import { conversationViews } from '../capabilities/service.ts';
import { loadProfile } from '../profiles/queries.ts';
import type { Safeguarding } from '../safeguarding/service.ts';
import { memberSubject } from '../safeguarding/subject.ts';
import { checkinsOfPerson } from '../wellbeing/queries.ts';
import * as q from './queries.ts';
import type { RemarkItem, RemarkKind } from './tables.ts';

/** The longest broker note, in characters. */
export const NOTE_MAX_CHARS = 4000;
/** The longest remark (a member's note or correction), in characters. */
export const REMARK_MAX_CHARS = 2000;

export interface NoteInput {
  body: string;
  /** Restrict at once: then a reason is required. */
  restricted?: boolean | undefined;
  reason?: string | undefined;
}

export interface RemarkInput {
  itemType: RemarkItem;
  itemId?: string | undefined;
  kind: RemarkKind;
  body: string;
}

export function createRecord({ db, clock, safeguarding }: { db: Kysely<DB>; clock: Clock; safeguarding: Safeguarding }) {
  /** A person of the caller's network as a policy resource, with the timebanks they belong to. */
  async function personResource(p: Principal, personId: string) {
    const person = await findPerson(db, p.networkId, personId);
    const memberships = person ? await personMemberships(db, p.networkId, personId) : [];
    const resource: Resource = { type: 'person', networkId: p.networkId, personId, timebankIds: memberships.map((m) => m.timebank_id) };
    return { person, memberships, resource };
  }

  function noteErrors(input: NoteInput) {
    const fields = [];
    if (input.body.trim().length === 0) fields.push({ path: '/body/body', message: 'must not be empty' });
    if (input.body.length > NOTE_MAX_CHARS) fields.push({ path: '/body/body', message: `at most ${NOTE_MAX_CHARS} characters` });
    if (input.restricted && !input.reason?.trim()) fields.push({ path: '/body/reason', message: 'a restricted note needs the reason' });
    if (!input.restricted && input.reason !== undefined) fields.push({ path: '/body/reason', message: 'only a restricted note takes a reason' });
    return fields;
  }

  /** A broker or coordinator of the member's timebank writes a note about them. */
  async function addNote(p: Principal, actor: Actor, timebankId: string, memberId: string, input: NoteInput) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'note.write', resource);
    const fields = noteErrors(input);
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const id = newId();
    const at = clock.now();
    const restricted = input.restricted === true;
    await db.transaction().execute(async (tx) => {
      await q.insertNote(tx, {
        network_id: p.networkId,
        id,
        timebank_id: timebankId,
        person_id: member.person_id,
        body: input.body,
        written_at: at,
        written_by_person_id: p.personId,
        restricted,
        restricted_reason: restricted ? input.reason!.trim() : null,
        restricted_at: restricted ? at : null,
        restricted_by_person_id: restricted ? p.personId : null,
      });
      // The audit record names the note, never its text.
      await recordAudit(tx, actor, {
        action: 'note.add',
        subjectType: 'person',
        subjectId: member.person_id,
        timebankId,
        detail: { noteId: id, restricted, reason: restricted ? input.reason!.trim() : null },
      });
    });
    return { id, restricted };
  }

  /** Restricts a shared note, with the reason; who and when are recorded. */
  async function restrictNote(p: Principal, actor: Actor, timebankId: string, memberId: string, noteId: string, reason: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'note.write', resource);
    const note = await q.findNote(db, p.networkId, timebankId, member.person_id, noteId);
    if (!note) throw notFound('note');
    if (note.restricted) throw new DomainError('conflict', 'the note is already restricted');
    const trimmed = reason.trim();
    if (!trimmed) throw new DomainError('validation_failed', 'give the reason', { fields: [{ path: '/body/reason', message: 'must not be empty' }] });
    await db.transaction().execute(async (tx) => {
      await q.restrictNote(tx, p.networkId, noteId, trimmed, clock.now(), p.personId);
      await recordAudit(tx, actor, { action: 'note.restrict', subjectType: 'person', subjectId: member.person_id, timebankId, detail: { noteId, reason: trimmed } });
    });
    return { id: noteId, restricted: true };
  }

  /** Notes about a member of a timebank: staff see all, the member only those shared with them. */
  async function notesAbout(p: Principal, timebankId: string, memberId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'note.read', resource);
    const staff = can(p, 'note.write', resource);
    return { personId: member.person_id, staff, notes: await q.notesOf(db, p.networkId, member.person_id, { timebankIds: [timebankId], sharedOnly: !staff }) };
  }

  /** One note. A restricted note is not found for the member: nothing about it is told. */
  async function note(p: Principal, timebankId: string, memberId: string, noteId: string) {
    const { member, resource } = await memberSubject(db, p, timebankId, memberId);
    authorize(p, 'note.read', resource);
    const found = await q.findNote(db, p.networkId, timebankId, member.person_id, noteId);
    if (!found || (found.restricted && !can(p, 'note.write', resource))) throw notFound('note');
    return found;
  }

  /** Every note about a person in the timebanks where the caller is staff (the broker's record page). */
  async function notesForStaff(p: Principal, personId: string, staffTimebankIds: readonly string[]) {
    const { resource } = await personResource(p, personId);
    const ids = resource.type === 'person' ? resource.timebankIds.filter((t) => staffTimebankIds.includes(t)) : [];
    if (!ids.length) return [];
    authorize(p, 'note.write', { ...resource, timebankIds: ids } as Resource);
    return q.notesOf(db, p.networkId, personId, { timebankIds: ids, sharedOnly: false });
  }

  /** A note or correction beside an item of a person's record, by them (or staff taking it by phone). */
  async function addRemark(p: Principal, actor: Actor, personId: string, input: RemarkInput) {
    const { person, resource } = await personResource(p, personId);
    authorize(p, 'record.remark', resource);
    if (!person) throw notFound('person');
    const fields = [];
    if (!input.body.trim()) fields.push({ path: '/body/body', message: 'must not be empty' });
    if (input.body.length > REMARK_MAX_CHARS) fields.push({ path: '/body/body', message: `at most ${REMARK_MAX_CHARS} characters` });
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
    const id = newId();
    const onBehalf = p.personId === personId ? null : personId;
    await db.transaction().execute(async (tx) => {
      await q.insertRemark(tx, {
        network_id: p.networkId,
        id,
        person_id: personId,
        item_type: input.itemType,
        item_id: input.itemId ?? null,
        kind: input.kind,
        body: input.body.trim(),
        created_at: clock.now(),
        created_by_person_id: p.personId,
        on_behalf_of_person_id: onBehalf,
      });
      await recordAudit(tx, { ...actor, onBehalfOfPersonId: actor.onBehalfOfPersonId ?? onBehalf }, {
        action: 'record.remark',
        subjectType: 'person',
        subjectId: personId,
        detail: { remarkId: id, itemType: input.itemType, itemId: input.itemId ?? null, kind: input.kind },
      });
    });
    return { id };
  }

  /** Remarks on a person's record: for them and for staff of their timebank. */
  async function remarks(p: Principal, personId: string) {
    const { resource } = await personResource(p, personId);
    authorize(p, 'person.read', resource);
    return q.remarksOf(db, p.networkId, personId);
  }

  /**
   * Everything held about a person, as they see it: the person themself only. Reading the
   * summary of their checks is written to the safeguarding access log (as "own summary").
   */
  async function myRecord(p: Principal, actor: Actor, personId: string) {
    const { person, memberships, resource } = await personResource(p, personId);
    authorize(p, 'record.readOwn', resource);
    if (!person) throw notFound('person');
    const n = p.networkId;
    const perMember = await Promise.all(
      memberships.map(async (m) => {
        const [profile, preferences, restrictions, availability] = await Promise.all([
          loadProfile(db, n, m.member_id),
          preferencesOf(db, n, m.member_id),
          restrictionsOf(db, n, m.member_id),
          availabilityOf(db, n, m.member_id),
        ]);
        return { membership: m, profile, preferences, restrictions, availability };
      }),
    );
    const [statuses, references, signatures, notes, remarkRows, checks, views, wellbeing, conversationRows, surveys] = await Promise.all([
      q.statusHistory(db, n, personId),
      q.referenceVerdicts(db, n, personId),
      q.signaturesOf(db, n, personId),
      q.notesOf(db, n, personId, { sharedOnly: true }),
      q.remarksOf(db, n, personId),
      safeguarding.ownSummary(p, actor, personId),
      safeguarding.viewsOfPerson(p, personId),
      // feat/wellbeing: their wellbeing check-ins and answers (docs/wellbeing.md)
      checkinsOfPerson(db, n, personId),
      // feat/assetmap: capability conversations and survey answers
      conversationsOfPerson(db, n, personId),
      surveysOfPerson(db, n, personId),
    ]);
    const conversations = await conversationViews(db, n, conversationRows);
    return { person, perMember, statuses, references, signatures, notes, remarks: remarkRows, checks, views, wellbeing, conversations, surveys };
  }

  return { addNote, restrictNote, notesAbout, note, notesForStaff, addRemark, remarks, myRecord, personResource };
}

export type RecordService = ReturnType<typeof createRecord>;
