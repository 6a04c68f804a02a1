import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { actorFor, type LedgerWorld, seedLedger } from './testing.ts';
import {
  exchange,
  expectCode,
  expectSound,
  footprint,
  type LedgerHarness,
  ledgerHarness,
} from './test-helpers.ts';

let h: LedgerHarness;
let w: LedgerWorld;
let other: LedgerWorld;
let ann: string;
let bob: string;
let cat: string;
let org: string;
let pot: string;
let southMember: string;

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, {
    timebanks: 2,
    membersPerTimebank: 3,
    organisationsPerTimebank: 1,
  });
  other = await seedLedger(h.database.db, h.ledger, { timebanks: 1, membersPerTimebank: 1 });
  [ann, bob, cat] = w.accounts[0]!.memberIds as [string, string, string];
  org = w.accounts[0]!.organisationIds[0]!;
  pot = w.accounts[0]!.potId;
  southMember = w.accounts[1]!.memberIds[0]!;
});
afterAll(async () => {
  await expectSound(h);
  await h.database.close();
});

async function refusedWithNothingWritten(write: () => Promise<unknown>, code: string) {
  const before = await footprint(h);
  await expectCode(write(), code);
  expect(await footprint(h)).toEqual(before);
}

describe('posting a transfer', () => {
  it('moves the minutes from the debit account to the credit account', async () => {
    const r = await h.ledger.transfer(w.admin, exchange(ann, bob, 90));
    expect(r.hit).toBe(false);
    expect(r.transfers).toHaveLength(1);
    expect(r.transfers[0]).toMatchObject({
      minutes: 90,
      phase: 'posted',
      kind: 'exchange',
      category: 'gardening',
    });
    expect((await h.ledger.balance(w.networkId, ann)).balanceMinutes).toBe(-90);
    expect((await h.ledger.balance(w.networkId, bob)).balanceMinutes).toBe(90);
  });

  it('records who recorded the transfer and for whom', async () => {
    const broker = w.timebanks[0]!.personIds[2]!;
    const member = w.timebanks[0]!.personIds[0]!;
    const r = await h.ledger.transfer(
      actorFor(w.networkId, broker, member),
      exchange(ann, bob, 30),
    );
    expect(r.transfers[0]).toMatchObject({
      recordedByPersonId: broker,
      onBehalfOfPersonId: member,
    });
    expect(r.transfers[0]!.createdAt).toEqual(h.clock.now());
  });

  it('keeps each account’s balance after every entry', async () => {
    const r = await h.ledger.transfer(w.admin, exchange(cat, ann, 15));
    const b = await h.ledger.balance(w.networkId, ann);
    expect(r.transfers[0]!.creditBalanceAfterMinutes).toBe(b.balanceMinutes);
  });
});

describe('refusing bad input, each with its own code and nothing written', () => {
  it.each([
    ['zero', 0],
    ['negative', -30],
    ['fractional', 1.5],
    ['not a number', '60' as unknown as number],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('refuses %s minutes with minutes_invalid', async (_, minutes) => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, bob, minutes)),
      'minutes_invalid',
    );
  });

  it('refuses more than 24 hours in one transfer without a reason, and takes it with one', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(pot, bob, 1441)),
      'reason_required',
    );
    const r = await h.ledger.transfer(
      w.admin,
      exchange(pot, bob, 1441, { reason: 'a week of harvest help' }),
    );
    expect(r.transfers[0]!.reason).toBe('a week of harvest help');
  });

  it('refuses the same account on both sides with same_account', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, ann, 10)),
      'same_account',
    );
  });

  it('refuses an unknown account with unknown_account', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, newId(), 10)),
      'unknown_account',
    );
  });

  it('refuses an account of another network with unknown_account', async () => {
    const foreign = other.accounts[0]!.memberIds[0]!;
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, foreign, 10)),
      'unknown_account',
    );
  });

  it('refuses a transfer below the account’s overdraft limit with overdraft_limit', async () => {
    const { balanceMinutes, limits } = await h.ledger.balance(w.networkId, cat);
    const over = balanceMinutes - limits.balanceMinutesMin! + 1;
    const err = await expectCode(
      h.ledger.transfer(w.admin, exchange(cat, bob, over)),
      'overdraft_limit',
    );
    expect(err.details).toMatchObject({ accountId: cat, limitMinutes: -600 });
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(cat, bob, over)),
      'overdraft_limit',
    );
    await h.ledger.transfer(w.admin, exchange(cat, bob, over - 1));
    expect((await h.ledger.balance(w.networkId, cat)).balanceMinutes).toBe(-600);
  });

  it('refuses a transfer above the account’s ceiling with ceiling_limit', async () => {
    await h.ledger.setAccountLimits(w.admin, {
      accountId: org,
      balanceMinutesMin: -60,
      balanceMinutesMax: 120,
      reason: 'pilot',
    });
    await h.ledger.transfer(w.admin, exchange(pot, org, 120));
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(pot, org, 1)),
      'ceiling_limit',
    );
  });

  it('refuses a transfer without a category with category_required', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, bob, 10, { category: '  ' })),
      'category_required',
    );
  });

  it('refuses an unknown kind with kind_invalid', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, bob, 10, { kind: 'bribe' as never })),
      'kind_invalid',
    );
  });

  it('refuses a gift to an organisation with kind_not_allowed', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, org, 10, { kind: 'gift' })),
      'kind_not_allowed',
    );
  });

  it('refuses an adjustment without a reason with reason_required', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, bob, 10, { kind: 'adjustment' })),
      'reason_required',
    );
  });

  it('refuses a direct transfer between members of two timebanks with timebank_mismatch', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, southMember, 10)),
      'timebank_mismatch',
    );
  });

  it('refuses an id that is not a uuid with validation_failed', async () => {
    await refusedWithNothingWritten(
      () => h.ledger.transfer(w.admin, exchange(ann, bob, 10, { id: 'nope' })),
      'validation_failed',
    );
  });
});

describe('the posting function on its own', () => {
  async function callPost(transfers: unknown[]) {
    const batch = JSON.stringify({ transfers });
    return sql`select ledger_post(${w.networkId}::uuid, ${batch}::jsonb)`.execute(h.database.db);
  }
  const row = (minutes: unknown) => ({
    id: newId(),
    debit_account_id: ann,
    credit_account_id: bob,
    minutes,
    kind: 'exchange',
    category: 'x',
  });

  it.each([
    ['fractional', 1.5, 'TB001'],
    ['string', '60', 'TB001'],
    ['zero', 0, 'TB001'],
    ['huge', 3_000_000_000, 'TB001'],
  ])('refuses %s minutes even without the service in front', async (_, minutes, state) => {
    const before = await footprint(h);
    await expect(callPost([row(minutes)])).rejects.toMatchObject({ code: state });
    expect(await footprint(h)).toEqual(before);
  });

  it('refuses an empty batch', async () => {
    await expect(callPost([])).rejects.toMatchObject({ code: 'TB016' });
  });
});

describe('transfers are append-only', () => {
  it('refuses to update or delete a transfer', async () => {
    const r = await h.ledger.transfer(w.admin, exchange(ann, bob, 5));
    const id = r.transfers[0]!.id;
    await expect(
      sql`update transfer set minutes = 500 where id = ${id}`.execute(h.database.db),
    ).rejects.toMatchObject({
      code: 'TB090',
    });
    await expect(
      sql`delete from transfer where id = ${id}`.execute(h.database.db),
    ).rejects.toMatchObject({ code: 'TB090' });
    await expect(sql`truncate transfer cascade`.execute(h.database.db)).rejects.toMatchObject({
      code: 'TB090',
    });
    expect((await h.ledger.getTransfer(w.networkId, id)).minutes).toBe(5);
  });
});
