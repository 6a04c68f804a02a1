// SQL for references about members.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ReferenceAnswers } from '../joining/tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function insertReference(
  db: Q,
  r: {
    networkId: string;
    id: string;
    timebankId: string;
    personId: string;
    refereeName: string;
    relationship: string;
    refereeEmail: string | null;
    refereePhone: string | null;
    tokenHash: Buffer;
    expiresAt: Date;
    at: Date;
    by: string | null;
  },
) {
  await db
    .insertInto('reference')
    .values({
      network_id: r.networkId,
      id: r.id,
      timebank_id: r.timebankId,
      person_id: r.personId,
      referee_name: r.refereeName,
      relationship: r.relationship,
      referee_email: r.refereeEmail,
      referee_phone: r.refereePhone,
      token_hash: r.tokenHash,
      token_expires_at: r.expiresAt,
      requested_at: r.at,
      requested_by_person_id: r.by,
    })
    .execute();
}

const COLUMNS = [
  'r.id',
  'r.timebank_id',
  'r.person_id',
  'r.referee_name',
  'r.relationship',
  'r.referee_email',
  'r.referee_phone',
  'r.token_expires_at',
  'r.requested_at',
  'r.answered_at',
  'r.answered_via',
  'r.answers',
  'r.verdict',
  'r.verdict_reason',
  'r.verdict_at',
  'vp.display_name as verdict_by_name',
  'ap.display_name as answer_recorded_by_name',
  'rq.display_name as requested_by_name',
  'm.id as member_id',
] as const;

function rows(db: Q, networkId: string) {
  return db
    .selectFrom('reference as r')
    .leftJoin('person as vp', (j) => j.onRef('vp.network_id', '=', 'r.network_id').onRef('vp.id', '=', 'r.verdict_by_person_id'))
    .leftJoin('person as ap', (j) => j.onRef('ap.network_id', '=', 'r.network_id').onRef('ap.id', '=', 'r.answer_recorded_by_person_id'))
    .leftJoin('person as rq', (j) => j.onRef('rq.network_id', '=', 'r.network_id').onRef('rq.id', '=', 'r.requested_by_person_id'))
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'r.network_id').onRef('m.person_id', '=', 'r.person_id').onRef('m.timebank_id', '=', 'r.timebank_id'))
    .where('r.network_id', '=', networkId)
    .select(COLUMNS);
}

export function referencesOf(db: Q, networkId: string, personId: string, timebankId?: string) {
  let query = rows(db, networkId).where('r.person_id', '=', personId);
  if (timebankId) query = query.where('r.timebank_id', '=', timebankId);
  return query.orderBy('r.requested_at').orderBy('r.id').execute();
}

export function findReference(db: Q, networkId: string, timebankId: string, referenceId: string) {
  return rows(db, networkId).where('r.timebank_id', '=', timebankId).where('r.id', '=', referenceId).executeTakeFirst();
}

/** The reference a link opens, with what the referee needs to know: whom it is about. */
export function findByTokenHash(db: Q, networkId: string, tokenHash: Buffer) {
  return db
    .selectFrom('reference as r')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'r.network_id').onRef('p.id', '=', 'r.person_id'))
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'r.network_id').onRef('t.id', '=', 'r.timebank_id'))
    .where('r.network_id', '=', networkId)
    .where('r.token_hash', '=', tokenHash)
    .select(['r.id', 'r.timebank_id', 'r.person_id', 'r.referee_name', 'r.token_expires_at', 'r.answered_at', 'p.display_name as subject_name', 't.name as timebank_name'])
    .executeTakeFirst();
}

/** Stores the answers once: false when the reference was already answered. */
export async function storeAnswers(
  db: Q,
  networkId: string,
  referenceId: string,
  a: { answers: ReferenceAnswers; via: 'link' | 'call'; at: Date; by: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable('reference')
    .set({ answers: JSON.stringify(a.answers), answered_via: a.via, answered_at: a.at, answer_recorded_by_person_id: a.by })
    .where('network_id', '=', networkId)
    .where('id', '=', referenceId)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function storeVerdict(
  db: Q,
  networkId: string,
  referenceId: string,
  v: { verdict: 'satisfactory' | 'unsatisfactory'; reason: string; at: Date; by: string },
): Promise<boolean> {
  const r = await db
    .updateTable('reference')
    .set({ verdict: v.verdict, verdict_reason: v.reason, verdict_at: v.at, verdict_by_person_id: v.by })
    .where('network_id', '=', networkId)
    .where('id', '=', referenceId)
    .where('verdict', 'is', null)
    .where('answered_at', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** What the mail to a referee says: whom it is about, the timebank, and the language to write in. */
export async function requestContext(db: Q, networkId: string, timebankId: string, personId: string) {
  const row = await db
    .selectFrom('person as p')
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'p.network_id'))
    .where('p.network_id', '=', networkId)
    .where('p.id', '=', personId)
    .where('t.id', '=', timebankId)
    .select(['p.display_name', 'p.locale', 't.name as timebank_name'])
    .executeTakeFirstOrThrow();
  return { memberName: row.display_name, locale: row.locale, timebankName: row.timebank_name };
}
