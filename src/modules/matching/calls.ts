// The call list of a request (docs/matching.md): the brokers of the timebank put ranked
// candidates on it and work down it, recording each contact (no answer, declined, call back at
// a time, accepted). The list is shared and kept in the database. "Accepted" makes an agreed
// exchange through the exchanges service, whose rules decide; a refusal writes nothing.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { assertGiversSuitable } from '../exchanges/checks.ts';
import { makeOccurrences } from '../exchanges/rules.ts';
import type { Exchanges } from '../exchanges/service.ts';
import { authorize, type Resource } from '../policy/policy.ts';
import { isHospitalAppointment } from '../categories/taxonomy.ts';
import { timeZoneOf } from '../tenancy/queries.ts';
import * as q from './queries.ts';
import type { Matching } from './service.ts';
import type { CallOutcome } from './tables.ts';

/** At most this many are put on the list at once. */
export const ADD_MAX = 50;

export interface Agreement {
  date: string;
  time: string;
  durationMinutes: number;
  place: string;
  /** A second giver for a visit by two people: also on the list. */
  withMemberId?: string | undefined;
}

export interface ContactInput {
  outcome: CallOutcome;
  /** When to ring again ("call back"). */
  callBackAt?: Date | undefined;
  note?: string | null | undefined;
  /** What was agreed ("accepted"). */
  agreement?: Agreement | undefined;
}

const refuse = (code: string, path: string, message: string) => new DomainError(code, message, { fields: [{ path, message }] });

export function createCalls({ db, clock, matching, exchanges }: { db: Kysely<DB>; clock: Clock; matching: Matching; exchanges: Exchanges }) {
  const timebank = (p: Principal, timebankId: string): Resource => ({ type: 'timebank', networkId: p.networkId, timebankId });

  /** The list of a request of this timebank, each with every contact made. */
  async function list(p: Principal, timebankId: string, listingId: string) {
    authorize(p, 'matching.callList', timebank(p, timebankId));
    const r = await q.findRequest(db, p.networkId, listingId);
    if (!r || r.timebank_id !== timebankId) throw new DomainError('not_found', 'request not found');
    const rows = await q.callList(db, p.networkId, listingId);
    const contacts = await q.contactsOf(db, p.networkId, rows.map((x) => x.id));
    return rows.map((row) => ({ ...row, contacts: contacts.filter((c) => c.call_id === row.id) }));
  }

  /** Puts ranked candidates on the list (after those already there); people ruled out are refused. */
  async function add(p: Principal, actor: Actor, timebankId: string, listingId: string, memberIds: string[]) {
    authorize(p, 'matching.callList', timebank(p, timebankId));
    if (memberIds.length === 0 || memberIds.length > ADD_MAX) throw refuse('validation_failed', '/body/memberIds', `from 1 to ${ADD_MAX} members`);
    const ranking = await matching.rankRequest(p, timebankId, listingId);
    const ranked = new Set(ranking.candidates.map((c) => c.memberId));
    const out = ranking.ruledOut.find((x) => memberIds.includes(x.memberId));
    const i = memberIds.findIndex((id) => !ranked.has(id));
    if (i >= 0) {
      const why = out && out.memberId === memberIds[i] ? `ruled out (${out.rules[0]})` : 'not among the candidates of this request';
      throw refuse('not_a_candidate', `/body/memberIds/${i}`, `this member is ${why}`);
    }
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      const from = (await q.lastPosition(tx, p.networkId, listingId)) + 1;
      const rows = [...new Set(memberIds)].map((member_id, n) => ({
        network_id: p.networkId,
        id: newId(),
        timebank_id: timebankId,
        listing_id: listingId,
        member_id,
        position: from + n,
        added_at: at,
        added_by_person_id: actor.personId ?? p.personId,
      }));
      const added = await q.insertCalls(tx, rows);
      await recordAudit(tx, actor, { action: 'matching.callList.add', subjectType: 'listing', subjectId: listingId, timebankId, detail: { memberIds: added } });
    });
    return list(p, timebankId, listingId);
  }

  /** Records one contact; "accepted" agrees an exchange with the member (and a second giver). */
  async function record(p: Principal, actor: Actor, timebankId: string, listingId: string, memberId: string, input: ContactInput) {
    authorize(p, 'matching.callList', timebank(p, timebankId));
    const { r } = await matching.openRequest(p, timebankId, listingId);
    const call = await q.findCall(db, p.networkId, listingId, memberId);
    if (!call) throw refuse('not_on_call_list', '/params/memberId', 'this member is not on the call list of this request: add them first');
    if (call.exchange_id) throw refuse('already_accepted', '/params/memberId', 'this member already accepted: see the exchange');
    const at = clock.now();
    if (input.outcome === 'call_back' && (!input.callBackAt || input.callBackAt <= at)) throw refuse('validation_failed', '/body/callBackAt', 'a time to come to ring back');
    if (input.outcome !== 'call_back' && input.callBackAt) throw refuse('validation_failed', '/body/callBackAt', 'only with "call back"');
    if (input.outcome !== 'accepted' && input.agreement) throw refuse('validation_failed', '/body/agreement', 'only with "accepted"');
    let exchangeId: string | null = null;
    const callIds = [call.id];
    if (input.outcome === 'accepted') {
      if (!input.agreement) throw refuse('validation_failed', '/body/agreement', 'say when and where the help is agreed');
      const a = input.agreement;
      const second = a.withMemberId ? await q.findCall(db, p.networkId, listingId, a.withMemberId) : null;
      if (a.withMemberId && (!second || a.withMemberId === memberId)) throw refuse('not_on_call_list', '/body/agreement/withMemberId', 'the second giver is not (another member) on the call list');
      if (second) callIds.push(second.id);
      exchangeId = await agreeExchange(p, actor, r, [memberId, ...(second ? [second.member_id] : [])], a, at);
    }
    await db.transaction().execute(async (tx) => {
      await q.recordContact(tx, {
        networkId: p.networkId,
        id: newId(),
        callId: call.id,
        timebankId,
        memberId,
        outcome: input.outcome,
        callBackAt: input.outcome === 'call_back' ? input.callBackAt! : null,
        note: input.note?.trim() || null,
        at,
        by: actor.personId ?? p.personId,
        onBehalfOf: actor.onBehalfOfPersonId,
      });
      if (exchangeId) await q.setCallExchange(tx, p.networkId, callIds, exchangeId);
      await recordAudit(tx, actor, { action: 'matching.contact', subjectType: 'listing', subjectId: listingId, timebankId, detail: { memberId, outcome: input.outcome, exchangeId } });
    });
    return { exchangeId, calls: await list(p, timebankId, listingId) };
  }

  /**
   * Proposes and agrees the exchange through the exchanges service. Its checks of the givers
   * (a check, a pause, restrictions, already booked) run first without writing, so a refusal
   * leaves nothing behind; should agreeing still fail, the proposal is cancelled with the reason.
   */
  async function agreeExchange(p: Principal, actor: Actor, r: q.RequestRow, giverIds: string[], a: Agreement, at: Date): Promise<string> {
    const zone = await timeZoneOf(db, p.networkId, r.timebank_id);
    const occurrences = makeOccurrences({ day: a.date, time: a.time, durationMinutes: a.durationMinutes }, null, zone);
    if (occurrences[0]!.startsAt <= at) throw refuse('in_the_past', '/body/agreement/date', 'an exchange is agreed before it happens: choose a time to come');
    const plan = { exchangeId: newId(), receiver: { memberId: r.member_id! }, mode: r.mode, checkNeeded: r.check_needed, hospital: isHospitalAppointment(r.category_slug, `${r.title} ${r.description}`), zone, occurrences };
    await db.transaction().execute((tx) => assertGiversSuitable(tx, p.networkId, giverIds, plan, '/body/agreement/giverMemberIds'));
    const ex = await exchanges.propose(p, actor, { listingId: r.id, receiverMemberId: r.member_id!, giverMemberIds: giverIds, note: null });
    try {
      await exchanges.agree(p, actor, ex.exchange.id, { date: a.date, time: a.time, durationMinutes: a.durationMinutes, place: a.place, giverMemberIds: giverIds });
    } catch (err) {
      await exchanges.cancel(p, actor, ex.exchange.id, { reason: `not agreed: ${(err as Error).message}`.slice(0, 500) });
      throw err;
    }
    return ex.exchange.id;
  }

  return { list, add, record };
}

export type Calls = ReturnType<typeof createCalls>;
