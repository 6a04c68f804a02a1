// The steps of one occurrence after agreement: done, no-show, hours recorded (a pending
// transfer from the receiver to each giver, carrying the category, through the ledger in the
// same transaction), confirmed, disputed, and resolved by a broker. A receiver or giver that is
// an organisation pays or earns through its own account.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { isRetryable, sqlState } from '../ledger/errors.ts';
import { legId } from '../ledger/ids.ts';
import { createLedger } from '../ledger/service.ts';
import { type Loaded, loadFor, memberIdsOf, type Party, recordStep } from './access.ts';
import * as q from './queries.ts';
import { assertOccurrenceState, assertRole, type Step } from './rules.ts';
import type { ExchangesDeps } from './service.ts';

/** The transfer id of giver k's hours: the client's id for the first, derived ids after
 * (apart from the ids a cross-timebank transfer derives for its second leg). */
export const hoursTransferId = (requestId: string, k: number) => (k === 0 ? requestId : legId(requestId, 100 + k));

export function createSteps<G>(deps: ExchangesDeps, { get }: { get: (p: Principal, id: string) => Promise<G> }) {
  const { db, clock, log, ledger } = deps;

  /** Runs a step in one transaction, again when the database asks (deadlock, serialization). */
  async function inTx<T>(fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(fn);
      } catch (err) {
        if (attempt < 4 && isRetryable(err) && sqlState(err) !== '23505') continue;
        throw err;
      }
    }
  }

  /** The exchange (locked) and one of its occurrences (locked), the caller's role checked. */
  async function occurrenceFor(tx: Transaction<DB>, p: Principal, id: string, occurrenceId: string, step: Step) {
    const l = await loadFor(tx, p, id, true);
    assertRole(step, l.roles);
    const o = await q.findOccurrence(tx, p.networkId, id, occurrenceId, true);
    if (!o) throw notFound('occurrence');
    if (l.exchange.state !== 'agreed') {
      throw new DomainError('invalid_transition', `the exchange is ${l.exchange.state}`, { fields: [{ path: '/params/id', message: `the exchange is ${l.exchange.state}` }] });
    }
    return { l, o, to: assertOccurrenceState(step, o.state) };
  }

  const notYet = (o: q.OccurrenceRow, now: Date) => {
    if (o.starts_at > now) {
      throw new DomainError('not_yet', 'this occurrence has not started yet', { fields: [{ path: '/params/occurrenceId', message: 'not started yet' }] });
    }
  };

  async function done(p: Principal, actor: Actor, id: string, occurrenceId: string) {
    const at = clock.now();
    await inTx(async (tx) => {
      const { l, o, to } = await occurrenceFor(tx, p, id, occurrenceId, 'done');
      notYet(o, at);
      await q.updateOccurrence(tx, p.networkId, o.id, { state: to, updated_at: at });
      await recordStep(tx, actor, l, { kind: 'done', occurrenceId: o.id, at });
    });
    return get(p, id);
  }

  /** Someone did not come: which member (the receiver or a member giver), and why. An
   * organisation is not marked as not having come: its exchange is cancelled with a reason. */
  async function noShow(p: Principal, actor: Actor, id: string, occurrenceId: string, input: { memberId: string; reason: string }) {
    const at = clock.now();
    await inTx(async (tx) => {
      const { l, o, to } = await occurrenceFor(tx, p, id, occurrenceId, 'noShow');
      notYet(o, at);
      const parties = memberIdsOf([l.receiver, ...l.givers]);
      if (!parties.includes(input.memberId)) {
        throw new DomainError('validation_failed', 'not the receiver or a giver of this exchange', { fields: [{ path: '/body/memberId', message: 'not in this exchange' }] });
      }
      await q.updateOccurrence(tx, p.networkId, o.id, { state: to, reason: input.reason, no_show_member_id: input.memberId, updated_at: at });
      await recordStep(tx, actor, l, { kind: 'no_show', occurrenceId: o.id, at, detail: { memberId: input.memberId, reason: input.reason } });
    });
    return get(p, id);
  }

  /** Accounts of the receiver and the givers (a member's, or an organisation's), opened on
   * first use (as the hours pages do). */
  async function accountsOf(actor: Actor, l: Loaded) {
    const open = async (x: Party) =>
      (x.memberId ? await ledger.openMemberAccount(actor, { memberId: x.memberId }) : await ledger.openOrganisationAccount(actor, { organisationId: x.organisationId! })).id;
    return { receiver: await open(l.receiver), givers: await Promise.all(l.givers.map(open)) };
  }

  /**
   * Hours for a done occurrence: one pending transfer per giver (receiver -> giver, the
   * listing's category), through the clearing pair when they are in two timebanks. `requestId`
   * is the client's id: sending the same request again answers as the first time; hours for
   * an occurrence that already has them are refused (409), also when two requests race.
   */
  async function recordHours(p: Principal, actor: Actor, id: string, occurrenceId: string, input: { id: string; minutes: number }) {
    const pre = await loadFor(db, p, id);
    assertRole('recordHours', pre.roles);
    const prior = (await q.hoursOf(db, p.networkId, id)).filter((h) => h.occurrence_id === occurrenceId);
    if (prior.length) {
      if (prior.every((h) => h.request_id === input.id && h.minutes === input.minutes)) return { hit: true, exchange: await get(p, id) };
      if (prior.some((h) => h.request_id === input.id)) throw new DomainError('idempotency_conflict', 'this id was already used with other minutes');
      throw alreadyRecorded();
    }
    const accounts = await accountsOf(actor, pre);
    const at = clock.now();
    try {
      await inTx(async (tx) => {
        const { l, o, to } = await occurrenceFor(tx, p, id, occurrenceId, 'recordHours');
        const txLedger = createLedger({ db: tx, clock, log, retryAttempts: 1 });
        for (const [k, giver] of l.givers.entries()) {
          const transferId = hoursTransferId(input.id, k);
          // The row first: its primary key is what refuses a second recording.
          await tx
            .insertInto('exchange_hours')
            .values({
              network_id: p.networkId,
              occurrence_id: o.id,
              giver_member_id: giver.memberId,
              giver_organisation_id: giver.organisationId,
              exchange_id: id,
              request_id: input.id,
              transfer_id: transferId,
              minutes: input.minutes,
              recorded_at: at,
              recorded_by_person_id: actor.personId,
              on_behalf_of_person_id: actor.onBehalfOfPersonId,
            })
            .execute();
          await txLedger.crossTimebank(actor, {
            id: transferId,
            debitAccountId: accounts.receiver,
            creditAccountId: accounts.givers[k]!,
            minutes: input.minutes,
            kind: 'exchange',
            category: l.exchange.category_slug,
            memo: l.exchange.what.slice(0, 200),
            exchangeId: id,
            pending: true,
          });
        }
        await q.updateOccurrence(tx, p.networkId, o.id, { state: to, updated_at: at });
        await recordStep(tx, actor, l, { kind: 'hours_recorded', occurrenceId: o.id, at, detail: { minutes: input.minutes, givers: l.givers.length, requestId: input.id } });
      });
    } catch (err) {
      if (sqlState(err) === '23505' && String((err as { constraint?: string }).constraint ?? '').startsWith('exchange_hours')) throw alreadyRecorded();
      throw err;
    }
    return { hit: false, exchange: await get(p, id) };
  }

  const alreadyRecorded = () =>
    new DomainError('hours_already_recorded', 'hours were already recorded for this occurrence', { fields: [{ path: '/params/occurrenceId', message: 'hours already recorded' }] });

  /** The pending transfers of an occurrence, posted or voided (each with all its legs). */
  async function resolveHours(tx: Transaction<DB>, actor: Actor, occurrenceId: string, exchangeId: string, phase: 'post' | 'void') {
    const txLedger = createLedger({ db: tx, clock, log, retryAttempts: 1 });
    const rows = (await q.hoursOf(tx, actor.networkId, exchangeId)).filter((h) => h.occurrence_id === occurrenceId);
    for (const h of rows) {
      if (h.resolution_phase) {
        throw new DomainError('already_resolved', `these hours were already ${h.resolution_phase === 'post_pending' ? 'confirmed' : 'declined'} on the hours page or after the timebank's waiting time`);
      }
      const input = { id: newId(), pendingId: h.transfer_id };
      if (phase === 'post') await txLedger.confirmPending(actor, input);
      else await txLedger.declinePending(actor, input);
    }
    return rows;
  }

  async function confirm(p: Principal, actor: Actor, id: string, occurrenceId: string) {
    const at = clock.now();
    await inTx(async (tx) => {
      const { l, o, to } = await occurrenceFor(tx, p, id, occurrenceId, 'confirm');
      await resolveHours(tx, actor, o.id, id, 'post');
      await q.updateOccurrence(tx, p.networkId, o.id, { state: to, updated_at: at });
      await recordStep(tx, actor, l, { kind: 'confirmed', occurrenceId: o.id, at });
    });
    return get(p, id);
  }

  /** The hours are not right: they stay pending until a broker resolves the dispute. */
  async function dispute(p: Principal, actor: Actor, id: string, occurrenceId: string, input: { reason: string }) {
    const at = clock.now();
    await inTx(async (tx) => {
      const { l, o, to } = await occurrenceFor(tx, p, id, occurrenceId, 'dispute');
      const resolved = (await q.hoursOf(tx, p.networkId, id)).find((h) => h.occurrence_id === o.id && h.resolution_phase);
      if (resolved) throw new DomainError('already_resolved', 'these hours were already confirmed or declined on the hours page or after the timebank\'s waiting time');
      await q.updateOccurrence(tx, p.networkId, o.id, { state: to, reason: input.reason, updated_at: at });
      await recordStep(tx, actor, l, { kind: 'disputed', occurrenceId: o.id, at, detail: { reason: input.reason } });
    });
    return get(p, id);
  }

  /**
   * A broker resolves a dispute: post the hours as recorded, void them, or void them and post
   * the minutes the broker settled on instead ("adjust").
   */
  async function resolve(p: Principal, actor: Actor, id: string, occurrenceId: string, input: { outcome: 'post' | 'void' | 'adjust'; minutes?: number | undefined; reason: string }) {
    if (input.outcome === 'adjust' && input.minutes === undefined) {
      throw new DomainError('validation_failed', 'adjusting needs the minutes settled on', { fields: [{ path: '/body/minutes', message: 'required to adjust' }] });
    }
    const pre = await loadFor(db, p, id);
    assertRole('resolve', pre.roles);
    const accounts = input.outcome === 'adjust' ? await accountsOf(actor, pre) : null;
    const at = clock.now();
    await inTx(async (tx) => {
      const { l, o, to } = await occurrenceFor(tx, p, id, occurrenceId, 'resolve');
      const rows = await resolveHours(tx, actor, o.id, id, input.outcome === 'post' ? 'post' : 'void');
      if (accounts) {
        const txLedger = createLedger({ db: tx, clock, log, retryAttempts: 1 });
        for (const [k, giver] of l.givers.entries()) {
          if (!rows.some((r) => r.giver_id === giver.id)) continue;
          await txLedger.crossTimebank(actor, {
            id: hoursTransferId(newId(), k),
            debitAccountId: accounts.receiver,
            creditAccountId: accounts.givers[k]!,
            minutes: input.minutes!,
            kind: 'exchange',
            category: l.exchange.category_slug,
            memo: l.exchange.what.slice(0, 200),
            reason: input.reason,
            exchangeId: id,
          });
        }
      }
      await q.updateOccurrence(tx, p.networkId, o.id, { state: to, resolution: input.outcome, updated_at: at });
      await recordStep(tx, actor, l, { kind: 'resolved', occurrenceId: o.id, at, detail: { outcome: input.outcome, minutes: input.minutes ?? null, reason: input.reason } });
    });
    return get(p, id);
  }

  return { done, noShow, recordHours, confirm, dispute, resolve };
}
