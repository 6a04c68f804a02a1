// Capability conversations (docs/asset-map.md): a guided interview, online by the member or by a
// broker with them, about what they can give (gifts of the head, the hands and the heart; things
// to lend), what they would like help with, the hours a month they could give and how they want
// to be involved (the four ways of the Co-Production Star). Saved step by step as a draft, so a
// conversation left half-way loses nothing and is resumed later; completed, it counts on the map.
// And the community survey: who co-produces already, who would do more, how, how many hours.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import { unknownCategories } from '../categories/service.ts';
import { findMember } from '../people/queries.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import type { ConversationCategoryKind, Step, Way } from './tables.ts';

/** The most hours a month anyone is asked to say they could give (about 40 a week). */
export const HOURS_PER_MONTH_MAX = 160;
export const TEXT_MAX = 2000;
export const CATEGORIES_MAX = 12;

/** The answers of the steps; a save gives only the answers of the step (or steps) it saves. */
export interface ConversationPatch {
  step?: Step | undefined;
  headText?: string | null | undefined;
  headCategories?: string[] | undefined;
  handsText?: string | null | undefined;
  handsCategories?: string[] | undefined;
  heartText?: string | null | undefined;
  heartCategories?: string[] | undefined;
  lendText?: string | null | undefined;
  lendCategories?: string[] | undefined;
  helpText?: string | null | undefined;
  helpCategories?: string[] | undefined;
  hoursPerMonth?: number | null | undefined;
  ways?: Way[] | undefined;
}

export interface SurveyAnswer {
  coProducesNow: boolean;
  wouldDoMore: boolean;
  ways: Way[];
  extraHoursPerMonth: number;
}

/** The text column and the category kind of each answer. */
const ANSWERS = [
  { text: 'headText', cats: 'headCategories', column: 'head_text', kind: 'head' },
  { text: 'handsText', cats: 'handsCategories', column: 'hands_text', kind: 'hands' },
  { text: 'heartText', cats: 'heartCategories', column: 'heart_text', kind: 'heart' },
  { text: 'lendText', cats: 'lendCategories', column: 'lend_text', kind: 'lend' },
  { text: 'helpText', cats: 'helpCategories', column: 'help_text', kind: 'need' },
] as const satisfies readonly { text: keyof ConversationPatch; cats: keyof ConversationPatch; column: keyof q.ConversationValues; kind: ConversationCategoryKind }[];

const invalid = (fields: FieldError[]) => new DomainError('validation_failed', fields.map((f) => `${f.path}: ${f.message}`).join('; '), { fields });

export interface ConversationView {
  id: string;
  timebankId: string;
  timebankName: string;
  memberId: string;
  memberName: string;
  status: 'draft' | 'complete';
  heldBy: 'online' | 'broker';
  step: Step | 'start';
  head: { text: string | null; categories: string[] };
  hands: { text: string | null; categories: string[] };
  heart: { text: string | null; categories: string[] };
  lend: { text: string | null; categories: string[] };
  help: { text: string | null; categories: string[] };
  hoursPerMonth: number | null;
  ways: Way[];
  createdAt: Date;
  updatedAt: Date;
  updatedByName: string;
  completedAt: Date | null;
}

/** Conversations as they are shown, with their categories (for the record and the archive too). */
export async function conversationViews(db: Kysely<DB>, networkId: string, rows: q.ConversationRow[]): Promise<ConversationView[]> {
  const cats = await q.categoriesOf(
    db,
    networkId,
    rows.map((r) => r.id),
  );
  const of = (id: string, kind: ConversationCategoryKind) => cats.filter((c) => c.conversation_id === id && c.kind === kind).map((c) => c.category_slug);
  return rows.map((r) => ({
    id: r.id,
    timebankId: r.timebank_id,
    timebankName: r.timebank_name,
    memberId: r.member_id,
    memberName: r.member_name,
    status: r.status,
    heldBy: r.held_by,
    step: r.step,
    head: { text: r.head_text, categories: of(r.id, 'head') },
    hands: { text: r.hands_text, categories: of(r.id, 'hands') },
    heart: { text: r.heart_text, categories: of(r.id, 'heart') },
    lend: { text: r.lend_text, categories: of(r.id, 'lend') },
    help: { text: r.help_text, categories: of(r.id, 'need') },
    hoursPerMonth: r.hours_per_month,
    ways: r.ways,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedByName: r.updated_by_name,
    completedAt: r.completed_at,
  }));
}

/** A write about a member is attributed to the actor, on behalf of the member when it is not themself. */
const forMember = (actor: Actor, personId: string): Actor => (actor.personId !== personId ? { ...actor, onBehalfOfPersonId: personId } : actor);

export function createCapabilities({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  /** The member a conversation or survey is about: one named, or the caller (or the member acted for). */
  async function subject(p: Principal, timebankId: string, memberId: string | undefined) {
    await timebankResource(db, p, timebankId);
    let member = memberId ? await findMember(db, p.networkId, timebankId, memberId) : undefined;
    if (!memberId) {
      const personId = subjectPersonId(p);
      member = await q.membershipOf(db, p.networkId, timebankId, personId);
    }
    if (!member) throw notFound('member');
    authorize(p, 'conversation.hold', { type: 'person', networkId: p.networkId, personId: member.person_id, timebankIds: [timebankId] });
    return member;
  }

  /** A conversation of the timebank the caller may hold (or not found). */
  async function held(p: Principal, timebankId: string, id: string) {
    await timebankResource(db, p, timebankId);
    const row = await q.findConversation(db, p.networkId, id);
    if (!row || row.timebank_id !== timebankId) throw notFound('conversation');
    authorize(p, 'conversation.hold', { type: 'person', networkId: p.networkId, personId: row.member_person_id, timebankIds: [timebankId] });
    return row;
  }

  async function viewOf(networkId: string, id: string): Promise<ConversationView> {
    const row = await q.findConversation(db, networkId, id);
    if (!row) throw notFound('conversation');
    return (await conversationViews(db, networkId, [row]))[0]!;
  }

  /** Starts a conversation, or resumes the member's draft: a draft is never lost or doubled. */
  async function start(p: Principal, actor: Actor, timebankId: string, memberId?: string) {
    const member = await subject(p, timebankId, memberId);
    if (member.status !== 'active' && member.status !== 'paused') {
      throw new DomainError('member_not_active', `the member is ${member.status}`, { fields: [{ path: '/body/memberId', message: `the member is ${member.status}` }] });
    }
    const draft = await q.draftOf(db, p.networkId, member.id);
    if (draft) return { resumed: true, conversation: await viewOf(p.networkId, draft.id) };
    const id = newId();
    const at = clock.now();
    const inserted = await db.transaction().execute(async (tx) => {
      const heldBy = p.personId === member.person_id ? 'online' : 'broker';
      if (!(await q.insertConversation(tx, { network_id: p.networkId, id, timebank_id: timebankId, member_id: member.id, held_by: heldBy, at, by: p.personId }))) return false;
      await recordAudit(tx, forMember(actor, member.person_id), { action: 'conversation.start', subjectType: 'conversation', subjectId: id, timebankId, detail: { memberId: member.id, heldBy } });
      return true;
    });
    if (!inserted) {
      const other = await q.draftOf(db, p.networkId, member.id);
      if (!other) throw new DomainError('conflict', 'the draft changed meanwhile: try again');
      return { resumed: true, conversation: await viewOf(p.networkId, other.id) };
    }
    return { resumed: false, conversation: await viewOf(p.networkId, id) };
  }

  async function checkCategories(networkId: string, timebankId: string, patch: ConversationPatch) {
    const fields: FieldError[] = [];
    for (const a of ANSWERS) {
      const slugs = patch[a.cats];
      if (!slugs) continue;
      const unknown = new Set(await unknownCategories(db, networkId, timebankId, slugs));
      slugs.forEach((s, i) => {
        if (unknown.has(s)) fields.push({ path: `/body/${a.cats}/${i}`, message: 'not a category of this timebank' });
      });
    }
    if (fields.length) throw invalid(fields);
  }

  /** Saves what a step answered; the draft keeps everything saved before. */
  async function save(p: Principal, actor: Actor, timebankId: string, id: string, patch: ConversationPatch) {
    const row = await held(p, timebankId, id);
    if (row.status !== 'draft') throw new DomainError('conversation_complete', 'the conversation is complete: start a new one to change the answers');
    await checkCategories(p.networkId, timebankId, patch);
    const values: q.ConversationValues = {};
    for (const a of ANSWERS) {
      const text = patch[a.text];
      if (text !== undefined) values[a.column] = text?.trim() || null;
    }
    if (patch.hoursPerMonth !== undefined) values.hours_per_month = patch.hoursPerMonth;
    if (patch.ways !== undefined) values.ways = [...new Set(patch.ways)];
    if (patch.step !== undefined) values.step = patch.step;
    await db.transaction().execute(async (tx) => {
      const locked = await q.lockConversation(tx, p.networkId, id);
      if (locked?.status !== 'draft') throw new DomainError('conversation_complete', 'the conversation is complete: start a new one to change the answers');
      await q.updateConversation(tx, p.networkId, id, { ...values, updated_at: clock.now(), updated_by_person_id: p.personId });
      for (const a of ANSWERS) {
        const slugs = patch[a.cats];
        if (slugs) await q.setCategories(tx, p.networkId, id, a.kind, [...new Set(slugs)]);
      }
      // The audit record names the answers saved, never what they say.
      await recordAudit(tx, forMember(actor, row.member_person_id), { action: 'conversation.save', subjectType: 'conversation', subjectId: id, timebankId, detail: { step: patch.step ?? null, fields: Object.keys(patch) } });
    });
    return viewOf(p.networkId, id);
  }

  /** Completes a draft: the hours must be said (0 is an answer) and something must be answered. */
  async function complete(p: Principal, actor: Actor, timebankId: string, id: string) {
    const row = await held(p, timebankId, id);
    if (row.status !== 'draft') throw new DomainError('conversation_complete', 'the conversation is already complete');
    const view = await viewOf(p.networkId, id);
    const fields: FieldError[] = [];
    if (view.hoursPerMonth === null) fields.push({ path: '/body/hoursPerMonth', message: 'say how many hours a month could be given (0 is an answer)' });
    const answered = [view.head, view.hands, view.heart, view.lend, view.help].some((a) => a.text || a.categories.length);
    if (!answered) fields.push({ path: '/body/headText', message: 'answer at least one question: a gift, a thing to lend, or the help wanted' });
    if (fields.length) throw new DomainError('conversation_unfinished', 'the conversation is not finished yet: it stays a draft', { fields });
    await db.transaction().execute(async (tx) => {
      await q.completeConversation(tx, p.networkId, id, clock.now(), p.personId);
      await recordAudit(tx, forMember(actor, row.member_person_id), { action: 'conversation.complete', subjectType: 'conversation', subjectId: id, timebankId, detail: { hoursPerMonth: view.hoursPerMonth, ways: view.ways } });
    });
    return viewOf(p.networkId, id);
  }

  async function get(p: Principal, timebankId: string, id: string) {
    await held(p, timebankId, id);
    return viewOf(p.networkId, id);
  }

  async function ofMember(p: Principal, timebankId: string, memberId?: string) {
    const member = await subject(p, timebankId, memberId);
    return { memberId: member.id, items: await conversationViews(db, p.networkId, await q.conversationsOfMember(db, p.networkId, member.id)) };
  }

  // ---- the community survey

  async function survey(p: Principal, timebankId: string, memberId?: string) {
    const member = await subject(p, timebankId, memberId);
    const row = await q.surveyOf(db, p.networkId, member.id);
    return {
      memberId: member.id,
      answer: row ? { coProducesNow: row.co_produces_now, wouldDoMore: row.would_do_more, ways: row.ways, extraHoursPerMonth: row.extra_hours_per_month, answeredAt: row.answered_at } : null,
    };
  }

  async function answerSurvey(p: Principal, actor: Actor, timebankId: string, memberId: string | undefined, a: SurveyAnswer) {
    const member = await subject(p, timebankId, memberId);
    if (!Number.isInteger(a.extraHoursPerMonth) || a.extraHoursPerMonth < 0 || a.extraHoursPerMonth > HOURS_PER_MONTH_MAX) {
      throw invalid([{ path: '/body/extraHoursPerMonth', message: `a whole number of hours from 0 to ${HOURS_PER_MONTH_MAX}` }]);
    }
    await db.transaction().execute(async (tx) => {
      await q.upsertSurvey(tx, {
        network_id: p.networkId,
        member_id: member.id,
        timebank_id: timebankId,
        co_produces_now: a.coProducesNow,
        would_do_more: a.wouldDoMore,
        ways: [...new Set(a.ways)],
        extra_hours_per_month: a.extraHoursPerMonth,
        answered_at: clock.now(),
        answered_by_person_id: p.personId,
      });
      await recordAudit(tx, forMember(actor, member.person_id), { action: 'survey.answer', subjectType: 'person', subjectId: member.person_id, timebankId });
    });
    return survey(p, timebankId, member.id);
  }

  return { start, save, complete, get, ofMember, survey, answerSurvey };
}

export type Capabilities = ReturnType<typeof createCapabilities>;
