// Writing transfers: one call of the posting function per request (plus, for requests that
// span several legs, one read to find the legs). Inputs are validated first; nothing is
// written when anything is refused.
import { DomainError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, systemActor } from '../audit/record.ts';
import { legId } from './ids.ts';
import { type BatchItem, type LedgerContext, newTransferItem, post } from './posting.ts';
import * as q from './queries.ts';
import type {
  PostResult,
  ResolveDueResult,
  ResolvePendingInput,
  ReverseInput,
  TransferInput,
} from './types.ts';
import { validateBatch, validateResolve, validateReverse, validateTransfer } from './validate.ts';

/** Posts one transfer at once. */
export async function transfer(
  ctx: LedgerContext,
  actor: Actor,
  input: TransferInput,
): Promise<PostResult> {
  validateTransfer(input);
  return post(ctx, actor, [newTransferItem(input, 'posted')]);
}

/** Posts several transfers as one linked batch: all of them, or none (an activity paying
 * several people from the community pot; a broker's paper sheet of exchanges). */
export async function transferBatch(
  ctx: LedgerContext,
  actor: Actor,
  inputs: TransferInput[],
): Promise<PostResult> {
  validateBatch(inputs);
  return post(
    ctx,
    actor,
    inputs.map((i) => newTransferItem(i, 'posted')),
  );
}

/** Reserves the minutes until the other side or a broker confirms (two-phase). */
export async function recordPending(
  ctx: LedgerContext,
  actor: Actor,
  input: TransferInput,
): Promise<PostResult> {
  validateTransfer(input);
  return post(ctx, actor, [newTransferItem(input, 'pending')]);
}

/** Hours recorded for an exchange: pending when the timebank wants confirmation and the
 * caller (the policy layer) says it is not confirmed yet, posted otherwise. */
export async function recordHours(
  ctx: LedgerContext,
  actor: Actor,
  input: TransferInput & { confirmed: boolean },
): Promise<PostResult> {
  const { confirmed, ...rest } = input;
  validateTransfer(rest);
  const settings = await q.settingsOfAccount(ctx.db, actor.networkId, rest.debitAccountId);
  const pending = settings?.confirmationRequired === true && !confirmed;
  return post(ctx, actor, [newTransferItem(rest, pending ? 'pending' : 'posted')]);
}

async function resolve(
  ctx: LedgerContext,
  actor: Actor,
  input: ResolvePendingInput,
  phase: 'post_pending' | 'void_pending',
): Promise<PostResult> {
  validateResolve(input);
  const legs = await q.pendingLegIds(ctx.db, actor.networkId, input.pendingId);
  const pendingIds = legs.length > 0 ? legs : [input.pendingId];
  const items: BatchItem[] = pendingIds.map((pendingId, k) => ({
    id: legId(input.id, k),
    phase,
    pending_id: pendingId,
    memo: input.memo ?? null,
    reason: input.reason ?? null,
  }));
  return post(ctx, actor, items);
}

/** Posts a pending transfer (with every pending leg of its batch). At most once. */
export async function confirmPending(
  ctx: LedgerContext,
  actor: Actor,
  input: ResolvePendingInput,
): Promise<PostResult> {
  return resolve(ctx, actor, input, 'post_pending');
}

/** Voids a pending transfer (with every pending leg of its batch). At most once. */
export async function declinePending(
  ctx: LedgerContext,
  actor: Actor,
  input: ResolvePendingInput,
): Promise<PostResult> {
  return resolve(ctx, actor, input, 'void_pending');
}

/** A coordinator's reversal: a new transfer the other way, linked to the original, which
 * stays. A leg of a cross-timebank batch is reversed with its other legs. */
export async function reverse(
  ctx: LedgerContext,
  actor: Actor,
  input: ReverseInput,
): Promise<PostResult> {
  validateReverse(input);
  const legs = await q.reversalLegIds(ctx.db, actor.networkId, input.transferId);
  const targets = legs.length > 0 ? legs : [input.transferId];
  const items: BatchItem[] = targets.map((transferId, k) => ({
    id: legId(input.id, k),
    kind: 'reversal',
    reverses_transfer_id: transferId,
    reason: input.reason,
  }));
  return post(ctx, actor, items);
}

/** A transfer between accounts of two linked timebanks X (debit side) and Y (credit side):
 * debit -> X's clearing account for Y, then Y's clearing account for X -> credit, as one
 * linked batch. Leg ids: input.id, then ids derived from it. Within one timebank it is a
 * plain transfer. */
export async function crossTimebank(
  ctx: LedgerContext,
  actor: Actor,
  input: TransferInput & { pending?: boolean },
): Promise<PostResult> {
  const { pending, ...rest } = input;
  validateTransfer(rest);
  const phase = pending ? 'pending' : 'posted';
  const route = await q.clearingRoute(
    ctx.db,
    actor.networkId,
    rest.debitAccountId,
    rest.creditAccountId,
  );
  if (!route || route.debitTimebankId === route.creditTimebankId) {
    return post(ctx, actor, [newTransferItem(rest, phase)]);
  }
  if (!route.debitSideClearingId || !route.creditSideClearingId) {
    throw new DomainError('not_linked', 'the two timebanks are not linked');
  }
  const legs = [
    { ...rest, creditAccountId: route.debitSideClearingId },
    { ...rest, id: legId(rest.id, 1), debitAccountId: route.creditSideClearingId },
  ];
  return post(
    ctx,
    actor,
    legs.map((leg) => newTransferItem(leg, phase)),
  );
}

const TIMEOUT_REASON = 'no answer within the days the timebank set';

/** Posts or voids (by each timebank's rule) the pending transfers whose time ran out, as
 * the system. Run it periodically; each call handles up to `limit` of them. */
export async function resolveDuePending(
  ctx: LedgerContext,
  now: Date,
  limit = 500,
): Promise<ResolveDueResult> {
  const due = await q.duePending(ctx.db, now, limit);
  const done = new Set<string>();
  const result: ResolveDueResult = { posted: 0, voided: 0, skipped: 0 };
  for (const d of due) {
    if (done.has(d.id)) continue;
    const input = { id: newId(), pendingId: d.id, reason: TIMEOUT_REASON };
    try {
      const phase = d.action === 'post' ? 'post_pending' : 'void_pending';
      const r = await resolve(ctx, systemActor(d.networkId), input, phase);
      for (const t of r.transfers) done.add(t.pendingId!);
      if (d.action === 'post') result.posted += r.transfers.length;
      else result.voided += r.transfers.length;
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'already_resolved') throw err;
      result.skipped++;
    }
  }
  if (due.length > 0) ctx.log.info({ ...result }, 'pending transfers resolved after their timeout');
  return result;
}
