// SQL of capability conversations and survey answers: no rules here (service.ts).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ConversationCategoryKind, ConversationHeldBy, Step, Way } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

const COLUMNS = [
  'c.network_id',
  'c.id',
  'c.timebank_id',
  'c.member_id',
  'c.status',
  'c.held_by',
  'c.step',
  'c.head_text',
  'c.hands_text',
  'c.heart_text',
  'c.lend_text',
  'c.help_text',
  'c.hours_per_month',
  'c.ways',
  'c.created_at',
  'c.created_by_person_id',
  'c.updated_at',
  'c.updated_by_person_id',
  'c.completed_at',
] as const;

function conversations(db: Q, networkId: string) {
  return db
    .selectFrom('capability_conversation as c')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 'c.network_id').onRef('m.id', '=', 'c.member_id'))
    .innerJoin('person as mp', (j) => j.onRef('mp.network_id', '=', 'm.network_id').onRef('mp.id', '=', 'm.person_id'))
    .innerJoin('person as ub', (j) => j.onRef('ub.network_id', '=', 'c.network_id').onRef('ub.id', '=', 'c.updated_by_person_id'))
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 'c.network_id').onRef('tb.id', '=', 'c.timebank_id'))
    .where('c.network_id', '=', networkId)
    .select([...COLUMNS, 'm.person_id as member_person_id', 'mp.display_name as member_name', 'ub.display_name as updated_by_name', 'tb.name as timebank_name']);
}

export type ConversationRow = Awaited<ReturnType<typeof findConversation>> & {};

export function findConversation(db: Q, networkId: string, id: string) {
  return conversations(db, networkId).where('c.id', '=', id).executeTakeFirst();
}

/** A person's membership of a timebank. */
export function membershipOf(db: Q, networkId: string, timebankId: string, personId: string) {
  return db.selectFrom('member').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('person_id', '=', personId).selectAll().executeTakeFirst();
}

export function draftOf(db: Q, networkId: string, memberId: string) {
  return conversations(db, networkId).where('c.member_id', '=', memberId).where('c.status', '=', 'draft').executeTakeFirst();
}

export function conversationsOfMember(db: Q, networkId: string, memberId: string) {
  return conversations(db, networkId).where('c.member_id', '=', memberId).orderBy('c.created_at', 'desc').execute();
}

/** Every conversation about a person, in all their timebanks (their record and their archive). */
export function conversationsOfPerson(db: Q, networkId: string, personId: string) {
  return conversations(db, networkId).where('m.person_id', '=', personId).orderBy('c.created_at', 'desc').execute();
}

export function categoriesOf(db: Q, networkId: string, conversationIds: readonly string[]) {
  if (!conversationIds.length) return Promise.resolve([]);
  return db
    .selectFrom('capability_conversation_category')
    .where('network_id', '=', networkId)
    .where('conversation_id', 'in', conversationIds)
    .select(['conversation_id', 'kind', 'category_slug'])
    .orderBy('category_slug')
    .execute();
}

export async function insertConversation(
  db: Q,
  row: { network_id: string; id: string; timebank_id: string; member_id: string; held_by: ConversationHeldBy; at: Date; by: string },
) {
  const { at, by, ...rest } = row;
  // A draft started at the same moment by someone else wins: nothing is inserted (false).
  const r = await db
    .insertInto('capability_conversation')
    .values({ ...rest, created_at: at, updated_at: at, created_by_person_id: by, updated_by_person_id: by })
    .onConflict((oc) => oc.columns(['network_id', 'member_id']).where('status', '=', 'draft').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export interface ConversationValues {
  step?: Step;
  head_text?: string | null;
  hands_text?: string | null;
  heart_text?: string | null;
  lend_text?: string | null;
  help_text?: string | null;
  hours_per_month?: number | null;
  ways?: Way[];
}

export async function updateConversation(db: Q, networkId: string, id: string, values: ConversationValues & { updated_at: Date; updated_by_person_id: string }) {
  await db.updateTable('capability_conversation').set(values).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export async function completeConversation(db: Q, networkId: string, id: string, at: Date, by: string) {
  await db
    .updateTable('capability_conversation')
    .set({ status: 'complete', completed_at: at, updated_at: at, updated_by_person_id: by })
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute();
}

/** Replaces the categories of one kind of answer. */
export async function setCategories(db: Q, networkId: string, conversationId: string, kind: ConversationCategoryKind, slugs: readonly string[]) {
  await db.deleteFrom('capability_conversation_category').where('network_id', '=', networkId).where('conversation_id', '=', conversationId).where('kind', '=', kind).execute();
  if (!slugs.length) return;
  await db
    .insertInto('capability_conversation_category')
    .values(slugs.map((category_slug) => ({ network_id: networkId, conversation_id: conversationId, kind, category_slug })))
    .execute();
}

/** The conversation row locked for a change (FOR UPDATE), so two saves of one draft queue up. */
export function lockConversation(db: Transaction<DB>, networkId: string, id: string) {
  return db.selectFrom('capability_conversation').where('network_id', '=', networkId).where('id', '=', id).select(['status']).forUpdate().executeTakeFirst();
}

// ---- the community survey

export function surveyOf(db: Q, networkId: string, memberId: string) {
  return db
    .selectFrom('community_survey_response')
    .where('network_id', '=', networkId)
    .where('member_id', '=', memberId)
    .select(['member_id', 'timebank_id', 'co_produces_now', 'would_do_more', 'ways', 'extra_hours_per_month', 'answered_at', 'answered_by_person_id'])
    .executeTakeFirst();
}

/** A person's survey answers in all their timebanks (their record and archive). */
export function surveysOfPerson(db: Q, networkId: string, personId: string) {
  return db
    .selectFrom('community_survey_response as s')
    .innerJoin('member as m', (j) => j.onRef('m.network_id', '=', 's.network_id').onRef('m.id', '=', 's.member_id'))
    .innerJoin('timebank as tb', (j) => j.onRef('tb.network_id', '=', 's.network_id').onRef('tb.id', '=', 's.timebank_id'))
    .where('s.network_id', '=', networkId)
    .where('m.person_id', '=', personId)
    .select(['tb.name as timebank_name', 's.co_produces_now', 's.would_do_more', 's.ways', 's.extra_hours_per_month', 's.answered_at'])
    .execute();
}

export async function upsertSurvey(
  db: Q,
  row: { network_id: string; member_id: string; timebank_id: string; co_produces_now: boolean; would_do_more: boolean; ways: Way[]; extra_hours_per_month: number; answered_at: Date; answered_by_person_id: string },
) {
  const { network_id, member_id, timebank_id, ...answer } = row;
  await db
    .insertInto('community_survey_response')
    .values(row)
    .onConflict((oc) => oc.columns(['network_id', 'member_id']).doUpdateSet(answer))
    .execute();
}

/** Erasure: every conversation and survey answer of these memberships. */
export async function eraseOfMembers(db: Transaction<DB>, networkId: string, memberIds: readonly string[]) {
  if (!memberIds.length) return;
  await db.deleteFrom('capability_conversation').where('network_id', '=', networkId).where('member_id', 'in', memberIds).execute();
  await db.deleteFrom('community_survey_response').where('network_id', '=', networkId).where('member_id', 'in', memberIds).execute();
}
