// Shared set-up for the ledger's test files: a fresh database with the ledger over it.
import { sql } from 'kysely';
import { expect } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../../test/support/db.ts';
import { ManualClock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { createLedger, type Ledger } from './service.ts';
import type { TransferInput } from './types.ts';
import { verifyLedger } from './verify.ts';

export interface LedgerHarness {
  database: TestDatabase;
  ledger: Ledger;
  clock: ManualClock;
}

export async function ledgerHarness(): Promise<LedgerHarness> {
  const database = await freshDatabase();
  const clock = new ManualClock();
  const ledger = createLedger({ db: database.db, clock, log: silentLogger });
  return { database, ledger, clock };
}

/** A posted-transfer input with defaults. */
export function exchange(
  debitAccountId: string,
  creditAccountId: string,
  minutes: number,
  extra: Partial<TransferInput> = {},
): TransferInput {
  return {
    id: newId(),
    debitAccountId,
    creditAccountId,
    minutes,
    kind: 'exchange',
    category: 'gardening',
    ...extra,
  };
}

/** Rejects with a DomainError carrying this code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe(code);
  return err as DomainError;
}

export interface LedgerFootprint {
  transfers: number;
  totals: string;
}

/** What a refused write must leave untouched: the transfers and every account total. */
export async function footprint(h: LedgerHarness): Promise<LedgerFootprint> {
  const t = await sql<{ n: number }>`select count(*)::int as n from transfer`.execute(
    h.database.db,
  );
  const a = await sql<{ s: string }>`
    select coalesce(string_agg(id || ':' || debits_posted || '/' || credits_posted || '/'
      || debits_pending || '/' || credits_pending || '/' || entry_count, ',' order by id), '') as s
    from account`.execute(h.database.db);
  return { transfers: t.rows[0]!.n, totals: a.rows[0]!.s };
}

export async function expectSound(h: LedgerHarness): Promise<void> {
  expect(await verifyLedger(h.database.db)).toEqual([]);
}
