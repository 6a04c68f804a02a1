import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { type LedgerWorld, seedLedger } from './testing.ts';
import { exchange, type LedgerHarness, ledgerHarness } from './test-helpers.ts';
import { verifyLedger } from './verify.ts';

let h: LedgerHarness;
let w: LedgerWorld;
let ann: string;
let bob: string;

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, { timebanks: 2, membersPerTimebank: 2 });
  [ann, bob] = w.accounts[0]!.memberIds as [string, string];
  const [x, y] = w.timebanks.map((t) => t.id) as [string, string];
  await h.ledger.linkTimebanks(w.admin, { timebankIds: [x, y], clearingLimitMinutes: 100 });
  await h.ledger.transfer(w.admin, exchange(ann, bob, 30));
  const p = await h.ledger.recordPending(w.admin, exchange(bob, ann, 10));
  await h.ledger.confirmPending(w.admin, { id: newId(), pendingId: p.transfers[0]!.id });
  await h.ledger.crossTimebank(w.admin, exchange(w.accounts[1]!.memberIds[0]!, ann, 40));
});
afterAll(async () => {
  await h.database.close();
});

/** Runs a corruption inside a transaction that is rolled back after verify has looked. */
async function violationsAfter(corrupt: string): Promise<{ invariant: number; check: string }[]> {
  const db = h.database.db;
  let found: { invariant: number; check: string }[] = [];
  await db
    .transaction()
    .execute(async (tx) => {
      await sql.raw(corrupt).execute(tx);
      found = (await verifyLedger(tx)).map((v) => ({ invariant: v.invariant, check: v.check }));
      throw new Error('roll back');
    })
    .catch((e: Error) => {
      if (e.message !== 'roll back') throw e;
    });
  return found;
}

describe('verifyLedger', () => {
  it('finds nothing wrong in a sound ledger', async () => {
    expect(await verifyLedger(h.database.db)).toEqual([]);
  });

  it('detects a running total changed behind the ledger’s back', async () => {
    const db = h.database.db;
    await sql`update account set credits_posted = credits_posted + 7 where id = ${bob}`.execute(db);
    try {
      const found = await verifyLedger(db);
      expect(found.map((v) => v.check)).toEqual(
        expect.arrayContaining(['network_balance', 'account_totals', 'timebank_balance']),
      );
      expect(found.find((v) => v.check === 'account_totals')).toMatchObject({
        invariant: 2,
        networkId: w.networkId,
        subjectId: bob,
      });
    } finally {
      await sql`update account set credits_posted = credits_posted - 7 where id = ${bob}`.execute(
        db,
      );
    }
    expect(await verifyLedger(db)).toEqual([]);
  });

  it('detects a balance outside its limits and limits that differ from the rules', async () => {
    const found = await violationsAfter(
      `update account set balance_minutes_min = 0 where id = '${ann}'`,
    );
    expect(found).toEqual([{ invariant: 3, check: 'account_limits' }]);
    const both = await violationsAfter(
      `update account set balance_minutes_max = 10, limit_override = true, limit_reason = 'x', limit_set_at = now() where id = '${ann}'`,
    );
    expect(both).toEqual([{ invariant: 3, check: 'account_limits' }]);
  });

  it('detects a disabled append-only guard', async () => {
    const found = await violationsAfter(
      'alter table transfer disable trigger transfer_append_only',
    );
    expect(found).toEqual([{ invariant: 4, check: 'append_only_guards' }]);
  });

  it('detects a transfer rewritten behind the trigger: history, totals and resolution', async () => {
    const found = await violationsAfter(`
      alter table transfer disable trigger transfer_append_only;
      update transfer set minutes = minutes + 1 where phase = 'post_pending';
      alter table transfer enable trigger transfer_append_only;`);
    const checks = new Set(found.map((v) => v.check));
    expect(checks).toEqual(new Set(['account_totals', 'account_history', 'pending_resolution']));
  });

  it('detects a clearing pair out of balance', async () => {
    const found = await violationsAfter(`
      update account set credits_posted = credits_posted + 5 where owner_kind = 'clearing'
        and credits_posted > 0;
      update account set credits_posted = credits_posted + 5 where id = '${ann}';`);
    const checks = new Set(found.map((v) => v.check));
    expect(checks).toContain('clearing_pairs');
    expect(checks).toContain('timebank_balance');
  });

  it('detects an account placed outside its owner’s timebank', async () => {
    const other = w.timebanks[1]!.id;
    const found = await violationsAfter(
      `update account set timebank_id = '${other}' where id = '${bob}'`,
    );
    const checks = new Set(found.map((v) => v.check));
    expect(checks).toContain('timebank_boundaries');
    expect(checks).toContain('timebank_balance');
  });
});
