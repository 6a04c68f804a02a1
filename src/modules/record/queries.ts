// SQL for broker notes, members' remarks, and the parts of "my record" no other module reads.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { MemberNoteTable, RecordRemarkTable } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function insertNote(db: Q, n: Insertable<MemberNoteTable>) {
  await db.insertInto('member_note').values(n).execute();
}

export async function restrictNote(db: Q, networkId: string, id: string, reason: string, at: Date, by: string) {
  await db
    .updateTable('member_note')
    .set({ restricted: true, restricted_reason: reason, restricted_at: at, restricted_by_person_id: by })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

function notes(db: Q, networkId: string) {
  return db
    .selectFrom('member_note as n')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'n.network_id').onRef('t.id', '=', 'n.timebank_id'))
    .innerJoin('person as w', (j) => j.onRef('w.network_id', '=', 'n.network_id').onRef('w.id', '=', 'n.written_by_person_id'))
    .leftJoin('person as r', (j) => j.onRef('r.network_id', '=', 'n.network_id').onRef('r.id', '=', 'n.restricted_by_person_id'))
    .where('n.network_id', '=', networkId)
    .selectAll('n')
    .select(['t.name as timebank_name', 'w.display_name as written_by_name', 'r.display_name as restricted_by_name']);
}

/** Notes about a person: in one timebank (staff), or shared ones in every timebank (the member). */
export function notesOf(db: Q, networkId: string, personId: string, opts: { timebankIds?: readonly string[]; sharedOnly: boolean }) {
  let query = notes(db, networkId).where('n.person_id', '=', personId);
  if (opts.timebankIds) query = opts.timebankIds.length ? query.where('n.timebank_id', 'in', opts.timebankIds) : query.where('n.id', 'is', null);
  if (opts.sharedOnly) query = query.where('n.restricted', '=', false);
  return query.orderBy('n.written_at', 'desc').orderBy('n.id', 'desc').execute();
}

export type NoteRow = Awaited<ReturnType<typeof notesOf>>[number];

export function findNote(db: Q, networkId: string, timebankId: string, personId: string, id: string) {
  return notes(db, networkId).where('n.timebank_id', '=', timebankId).where('n.person_id', '=', personId).where('n.id', '=', id).executeTakeFirst();
}

export async function insertRemark(db: Q, r: Insertable<RecordRemarkTable>) {
  await db.insertInto('record_remark').values(r).execute();
}

export function remarksOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('record_remark as r')
    .innerJoin('person as c', (j) => j.onRef('c.network_id', '=', 'r.network_id').onRef('c.id', '=', 'r.created_by_person_id'))
    .where('r.network_id', '=', networkId)
    .where('r.person_id', '=', personId)
    .selectAll('r')
    .select('c.display_name as created_by_name')
    .orderBy('r.created_at')
    .orderBy('r.id')
    .execute();
}

/** Status changes of the person's memberships, from the audit record, oldest first. */
export function statusHistory(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('audit_event as e')
    .leftJoin('person as a', (j) => j.onRef('a.network_id', '=', 'e.network_id').onRef('a.id', '=', 'e.actor_person_id'))
    .leftJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'e.network_id').onRef('t.id', '=', 'e.timebank_id'))
    .where('e.network_id', '=', networkId)
    .where('e.subject_type', '=', 'person')
    .where('e.subject_id', '=', personId)
    .where('e.action', 'in', ['member.register', 'application.create', 'application.approve', 'application.decline', 'member.status'])
    .select(['e.id', 'e.at', 'e.action', 'e.detail', 'a.display_name as by_name', 't.name as timebank_name'])
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

/** References about a person: that they exist and their verdict; never the answers. */
export function referenceVerdicts(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('reference as r')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'r.network_id').onRef('t.id', '=', 'r.timebank_id'))
    .where('r.network_id', '=', networkId)
    .where('r.person_id', '=', personId)
    .select(['r.id', 't.name as timebank_name', 'r.referee_name', 'r.relationship', 'r.requested_at', 'r.answered_at', 'r.verdict', 'r.verdict_at'])
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .execute();
}

export function signaturesOf(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('agreement_signature as s')
    .innerJoin('agreement_version as v', (j) => j.onRef('v.network_id', '=', 's.network_id').onRef('v.id', '=', 's.version_id'))
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'v.network_id').onRef('t.id', '=', 'v.timebank_id'))
    .where('s.network_id', '=', networkId)
    .where('s.person_id', '=', personId)
    .select(['s.id', 's.version_id', 'v.version', 't.name as timebank_name', 's.method', 's.signed_on', 's.recorded_at'])
    .orderBy('s.recorded_at')
    .execute();
}
