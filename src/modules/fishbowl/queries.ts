// SQL for fishbowl debates: the debate row (locked for every change), its seats and transcript.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DebateStatus, EntryKind } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function insertDebate(
  tx: Q,
  d: { networkId: string; id: string; topic: string; questions: string[]; seatCount: number; startsAt: Date; moderatorId: string; by: string; at: Date },
) {
  return tx
    .insertInto('fishbowl_debate')
    .values({
      network_id: d.networkId,
      id: d.id,
      topic: d.topic,
      opening_questions: d.questions,
      seat_count: d.seatCount,
      starts_at: d.startsAt,
      moderator_person_id: d.moderatorId,
      created_by_person_id: d.by,
      created_at: d.at,
    })
    .execute();
}

const debateColumns = [
  'd.network_id',
  'd.id',
  'd.topic',
  'd.opening_questions',
  'd.seat_count',
  'd.starts_at',
  'd.moderator_person_id',
  'd.status',
  'd.last_seq',
  'd.opened_at',
  'd.closed_at',
  'm.display_name as moderator_name',
] as const;

function debates(db: Q, networkId: string) {
  return db
    .selectFrom('fishbowl_debate as d')
    .innerJoin('person as m', (j) => j.onRef('m.network_id', '=', 'd.network_id').onRef('m.id', '=', 'd.moderator_person_id'))
    .where('d.network_id', '=', networkId);
}

export function debate(db: Q, networkId: string, id: string) {
  return debates(db, networkId).where('d.id', '=', id).select(debateColumns).executeTakeFirst();
}
export type DebateRow = NonNullable<Awaited<ReturnType<typeof debate>>>;

export function listDebates(db: Q, networkId: string) {
  return debates(db, networkId).select(debateColumns).orderBy('d.starts_at', 'desc').limit(200).execute();
}

/** The debate's row, locked until the transaction ends: every change to a debate goes through here. */
export function lockDebate(tx: Transaction<DB>, networkId: string, id: string) {
  return tx
    .selectFrom('fishbowl_debate')
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .select(['network_id', 'id', 'status', 'seat_count', 'last_seq', 'moderator_person_id'])
    .forUpdate()
    .executeTakeFirst();
}
export type LockedDebate = NonNullable<Awaited<ReturnType<typeof lockDebate>>>;

export function setDebateStatus(tx: Q, networkId: string, id: string, status: DebateStatus, at: Date) {
  return tx
    .updateTable('fishbowl_debate')
    .set(status === 'open' ? { status, opened_at: at } : { status, closed_at: at })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .execute();
}

export function seats(db: Q, networkId: string, debateId: string) {
  return db
    .selectFrom('fishbowl_seat as s')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 's.network_id').onRef('p.id', '=', 's.person_id'))
    .where('s.network_id', '=', networkId)
    .where('s.debate_id', '=', debateId)
    .select(['s.seat_no', 's.person_id', 's.muted', 's.taken_at', 'p.display_name'])
    .orderBy('s.seat_no')
    .execute();
}

export function insertSeat(tx: Q, s: { networkId: string; debateId: string; seatNo: number; personId: string; at: Date }) {
  return tx.insertInto('fishbowl_seat').values({ network_id: s.networkId, debate_id: s.debateId, seat_no: s.seatNo, person_id: s.personId, taken_at: s.at }).execute();
}

export function deleteSeat(tx: Q, networkId: string, debateId: string, seatNo: number) {
  return tx.deleteFrom('fishbowl_seat').where('network_id', '=', networkId).where('debate_id', '=', debateId).where('seat_no', '=', seatNo).execute();
}

export function deleteSeats(tx: Q, networkId: string, debateId: string) {
  return tx.deleteFrom('fishbowl_seat').where('network_id', '=', networkId).where('debate_id', '=', debateId).execute();
}

export function setMuted(tx: Q, networkId: string, debateId: string, seatNo: number, muted: boolean) {
  return tx.updateTable('fishbowl_seat').set({ muted }).where('network_id', '=', networkId).where('debate_id', '=', debateId).where('seat_no', '=', seatNo).execute();
}

/** Appends to the transcript with the debate's next number (the debate's row is locked). */
export async function appendEntry(
  tx: Transaction<DB>,
  d: LockedDebate,
  e: { kind: EntryKind; personId: string | null; byPersonId: string | null; seatNo?: number | null; body?: string | null; at: Date },
): Promise<number> {
  const seq = d.last_seq + 1;
  await tx
    .insertInto('fishbowl_entry')
    .values({
      network_id: d.network_id,
      debate_id: d.id,
      seq,
      kind: e.kind,
      person_id: e.personId,
      by_person_id: e.byPersonId,
      seat_no: e.seatNo ?? null,
      body: e.body ?? null,
      at: e.at,
    })
    .execute();
  await tx.updateTable('fishbowl_debate').set({ last_seq: seq }).where('network_id', '=', d.network_id).where('id', '=', d.id).execute();
  d.last_seq = seq;
  return seq;
}

export function entries(db: Q, networkId: string, debateId: string, afterSeq: number, limit = 2000) {
  return db
    .selectFrom('fishbowl_entry as e')
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'e.network_id').onRef('p.id', '=', 'e.person_id'))
    .leftJoin('person as b', (j) => j.onRef('b.network_id', '=', 'e.network_id').onRef('b.id', '=', 'e.by_person_id'))
    .where('e.network_id', '=', networkId)
    .where('e.debate_id', '=', debateId)
    .where('e.seq', '>', afterSeq)
    .select(['e.seq', 'e.kind', 'e.person_id', 'e.seat_no', 'e.body', 'e.at', 'p.display_name as person_name', 'b.display_name as by_name'])
    .orderBy('e.seq')
    .limit(limit)
    .execute();
}

/** People of the outer circle who spoke up in this debate (the moderator's invitation list). */
export function commenters(db: Q, networkId: string, debateId: string) {
  return db
    .selectFrom('fishbowl_entry as e')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'e.network_id').onRef('p.id', '=', 'e.person_id'))
    .where('e.network_id', '=', networkId)
    .where('e.debate_id', '=', debateId)
    .where('e.kind', '=', 'comment')
    .select(['p.id', 'p.display_name'])
    .distinct()
    .orderBy('p.display_name')
    .execute();
}

export function personInNetwork(db: Q, networkId: string, personId: string) {
  return db.selectFrom('person').where('network_id', '=', networkId).where('id', '=', personId).where('suspended_at', 'is', null).select(['id', 'display_name']).executeTakeFirst();
}
