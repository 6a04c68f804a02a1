// Calling the posting function: building the batch from validated inputs, retrying what the
// database asks to retry (with the same transfer ids), and turning its errors into DomainErrors.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { Actor } from '../audit/record.ts';
import { isRetryable, sqlState, toLedgerError } from './errors.ts';
import { postBatch } from './queries.ts';
import type { PostResult, TransferInput, TransferPhase } from './types.ts';

export interface LedgerContext {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  /** Attempts per call when the database reports a deadlock or serialization failure. */
  attempts: number;
  stats: { retries: number };
}

/** One transfer as ledger_post() reads it (snake_case keys; absent keys are omitted). */
export type BatchItem = Record<string, string | number | null | undefined>;

export function newTransferItem(
  input: TransferInput,
  phase: Extract<TransferPhase, 'posted' | 'pending'>,
): BatchItem {
  return {
    id: input.id,
    phase,
    debit_account_id: input.debitAccountId,
    credit_account_id: input.creditAccountId,
    minutes: input.minutes,
    kind: input.kind,
    category: input.category,
    memo: input.memo ?? null,
    reason: input.reason ?? null,
    exchange_id: input.exchangeId ?? null,
    activity_id: input.activityId ?? null,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs fn, retrying retryable database errors a bounded number of times; maps ledger
 * errors to DomainError. fn must be safe to repeat (same transfer ids). */
export async function withRetry<T>(ctx: LedgerContext, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (isRetryable(err) && attempt < ctx.attempts) {
        ctx.stats.retries++;
        ctx.log.warn({ sqlState: sqlState(err), attempt }, 'ledger write retried');
        await sleep(Math.floor(Math.random() * 2 ** attempt * 5));
        continue;
      }
      throw toLedgerError(err) ?? err;
    }
  }
}

function batchOf(actor: Actor, at: Date, items: BatchItem[]) {
  return {
    at: at.toISOString(),
    recorded_by_person_id: actor.personId,
    on_behalf_of_person_id: actor.onBehalfOfPersonId,
    transfers: items,
  };
}

/** Posts inside a transaction the caller owns (no retry here: the caller retries the whole
 * transaction). */
export async function postIn(
  tx: Transaction<DB> | Kysely<DB>,
  ctx: LedgerContext,
  actor: Actor,
  items: BatchItem[],
): Promise<PostResult> {
  try {
    return await postBatch(tx, actor.networkId, batchOf(actor, ctx.clock.now(), items));
  } catch (err) {
    if (isRetryable(err)) throw err;
    throw toLedgerError(err) ?? err;
  }
}

/** One round trip per attempt: the whole batch in one call of ledger_post(). */
export async function post(
  ctx: LedgerContext,
  actor: Actor,
  items: BatchItem[],
): Promise<PostResult> {
  const at = ctx.clock.now();
  return withRetry(ctx, () => postBatch(ctx.db, actor.networkId, batchOf(actor, at, items)));
}
