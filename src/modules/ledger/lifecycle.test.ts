import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { type LedgerWorld, seedLedger } from './testing.ts';
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
let ann: string;
let bob: string;
let cat: string;
let dan: string;
let pot: string;

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, { timebanks: 1, membersPerTimebank: 4 });
  [ann, bob, cat, dan] = w.accounts[0]!.memberIds as [string, string, string, string];
  pot = w.accounts[0]!.potId;
});
afterAll(async () => {
  await expectSound(h);
  await h.database.close();
});

const bal = async (id: string) => (await h.ledger.balance(w.networkId, id)).balanceMinutes;

describe('idempotency', () => {
  it('returns the first result flagged as a hit when the same transfer is sent again, and writes nothing', async () => {
    const input = exchange(ann, bob, 40, { memo: 'ladder' });
    const first = await h.ledger.transfer(w.admin, input);
    const before = await footprint(h);
    h.clock.advance(60_000);
    const again = await h.ledger.transfer(w.admin, input);
    expect(again.hit).toBe(true);
    expect(again.transfers).toEqual(first.transfers);
    expect(await footprint(h)).toEqual(before);
  });

  it('refuses the same id with other content with idempotency_conflict', async () => {
    const input = exchange(ann, bob, 40);
    await h.ledger.transfer(w.admin, input);
    const before = await footprint(h);
    await expectCode(h.ledger.transfer(w.admin, { ...input, minutes: 41 }), 'idempotency_conflict');
    await expectCode(
      h.ledger.transfer(w.admin, { ...input, memo: 'changed' }),
      'idempotency_conflict',
    );
    await expectCode(h.ledger.recordPending(w.admin, input), 'idempotency_conflict');
    expect(await footprint(h)).toEqual(before);
  });

  it('replays a whole batch as a hit and refuses a batch that only partly matches', async () => {
    const batch = [
      exchange(pot, ann, 10, { kind: 'activity' }),
      exchange(pot, bob, 10, { kind: 'activity' }),
    ];
    const first = await h.ledger.transferBatch(w.admin, batch);
    const again = await h.ledger.transferBatch(w.admin, batch);
    expect(again).toEqual({ ...first, hit: true });
    await expectCode(
      h.ledger.transferBatch(w.admin, [batch[0]!, exchange(pot, cat, 10)]),
      'idempotency_conflict',
    );
    await expectCode(h.ledger.transfer(w.admin, batch[1]!), 'idempotency_conflict');
  });
});

describe('pending hours', () => {
  it('reserves the minutes without moving the balance, then posts them once when confirmed', async () => {
    const [a0, b0] = [await bal(ann), await bal(bob)];
    const p = (await h.ledger.recordPending(w.admin, exchange(ann, bob, 45))).transfers[0]!;
    expect(p.phase).toBe('pending');
    expect(await bal(ann)).toBe(a0);
    const reserved = await h.ledger.balance(w.networkId, ann);
    expect(reserved.debitsPendingMinutes).toBe(45);
    expect(await h.ledger.pendingFor(w.networkId, bob)).toEqual([p]);

    const confirm = { id: newId(), pendingId: p.id };
    const posted = await h.ledger.confirmPending(w.admin, confirm);
    expect(posted.transfers[0]).toMatchObject({
      phase: 'post_pending',
      pendingId: p.id,
      minutes: 45,
    });
    expect([await bal(ann), await bal(bob)]).toEqual([a0 - 45, b0 + 45]);
    expect((await h.ledger.balance(w.networkId, ann)).debitsPendingMinutes).toBe(0);
    expect(await h.ledger.pendingFor(w.networkId, bob)).toEqual([]);

    expect((await h.ledger.confirmPending(w.admin, confirm)).hit).toBe(true);
    const before = await footprint(h);
    await expectCode(
      h.ledger.confirmPending(w.admin, { id: newId(), pendingId: p.id }),
      'already_resolved',
    );
    await expectCode(
      h.ledger.declinePending(w.admin, { id: newId(), pendingId: p.id }),
      'already_resolved',
    );
    expect(await footprint(h)).toEqual(before);
  });

  it('voids declined hours once, and refuses to post them afterwards', async () => {
    const b0 = await bal(bob);
    const p = (await h.ledger.recordPending(w.admin, exchange(cat, bob, 30))).transfers[0]!;
    const v = await h.ledger.declinePending(w.admin, {
      id: newId(),
      pendingId: p.id,
      reason: 'did not happen',
    });
    expect(v.transfers[0]).toMatchObject({ phase: 'void_pending', reason: 'did not happen' });
    expect(await bal(bob)).toBe(b0);
    expect((await h.ledger.balance(w.networkId, cat)).debitsPendingMinutes).toBe(0);
    await expectCode(
      h.ledger.confirmPending(w.admin, { id: newId(), pendingId: p.id }),
      'already_resolved',
    );
  });

  it('refuses to post or void a transfer that is not pending with not_pending', async () => {
    const t = (await h.ledger.transfer(w.admin, exchange(dan, bob, 5))).transfers[0]!;
    await expectCode(
      h.ledger.confirmPending(w.admin, { id: newId(), pendingId: t.id }),
      'not_pending',
    );
    await expectCode(
      h.ledger.declinePending(w.admin, { id: newId(), pendingId: t.id }),
      'not_pending',
    );
    await expectCode(
      h.ledger.confirmPending(w.admin, { id: newId(), pendingId: newId() }),
      'unknown_transfer',
    );
  });

  it('counts pending debits against the overdraft limit', async () => {
    const { balanceMinutes } = await h.ledger.balance(w.networkId, dan);
    const room = balanceMinutes + 600;
    await h.ledger.recordPending(w.admin, exchange(dan, bob, room));
    const before = await footprint(h);
    await expectCode(h.ledger.recordPending(w.admin, exchange(dan, bob, 1)), 'overdraft_limit');
    await expectCode(h.ledger.transfer(w.admin, exchange(dan, bob, 1)), 'overdraft_limit');
    expect(await footprint(h)).toEqual(before);
    expect((await h.ledger.balance(w.networkId, dan)).availableMinutes).toBe(0);
  });

  it('records hours as pending when the timebank wants confirmation, posted when already confirmed', async () => {
    const pending = await h.ledger.recordHours(w.admin, {
      ...exchange(ann, cat, 20),
      confirmed: false,
    });
    expect(pending.transfers[0]!.phase).toBe('pending');
    const posted = await h.ledger.recordHours(w.admin, {
      ...exchange(ann, cat, 20),
      confirmed: true,
    });
    expect(posted.transfers[0]!.phase).toBe('posted');
    await h.ledger.updateSettings(w.admin, {
      timebankId: w.timebanks[0]!.id,
      confirmationRequired: false,
    });
    const direct = await h.ledger.recordHours(w.admin, {
      ...exchange(ann, cat, 20),
      confirmed: false,
    });
    expect(direct.transfers[0]!.phase).toBe('posted');
    await h.ledger.updateSettings(w.admin, {
      timebankId: w.timebanks[0]!.id,
      confirmationRequired: true,
    });
    await h.ledger.declinePending(w.admin, { id: newId(), pendingId: pending.transfers[0]!.id });
  });

  it('posts an unanswered pending transfer by itself after the timebank’s days', async () => {
    const timebankId = w.timebanks[0]!.id;
    await h.ledger.updateSettings(w.admin, {
      timebankId,
      pendingTimeoutDays: 7,
      pendingTimeoutAction: 'post',
    });
    const p = (await h.ledger.recordPending(w.admin, exchange(ann, cat, 25))).transfers[0]!;
    expect(p.timeoutAt).toEqual(new Date(h.clock.now().getTime() + 7 * 86_400_000));
    expect(
      await h.ledger.resolveDuePending(new Date(h.clock.now().getTime() + 6 * 86_400_000)),
    ).toEqual({
      posted: 0,
      voided: 0,
      skipped: 0,
    });
    h.clock.advance(7 * 86_400_000);
    const c0 = await bal(cat);
    expect(await h.ledger.resolveDuePending()).toMatchObject({ posted: 1, voided: 0 });
    expect(await bal(cat)).toBe(c0 + 25);
    expect(await h.ledger.resolveDuePending()).toMatchObject({ posted: 0 });
  });

  it('voids an unanswered pending transfer when the timebank says so', async () => {
    const timebankId = w.timebanks[0]!.id;
    await h.ledger.updateSettings(w.admin, {
      timebankId,
      pendingTimeoutDays: 1,
      pendingTimeoutAction: 'void',
    });
    const p = (await h.ledger.recordPending(w.admin, exchange(ann, cat, 25))).transfers[0]!;
    h.clock.advance(86_400_000);
    expect(await h.ledger.resolveDuePending()).toMatchObject({ posted: 0, voided: 1 });
    await expectCode(
      h.ledger.confirmPending(w.admin, { id: newId(), pendingId: p.id }),
      'already_resolved',
    );
    await h.ledger.updateSettings(w.admin, {
      timebankId,
      pendingTimeoutDays: 14,
      pendingTimeoutAction: 'post',
    });
  });
});

describe('reversal', () => {
  it('reverses a posted transfer with a reason; the original stays', async () => {
    const [a0, b0] = [await bal(ann), await bal(bob)];
    const t = (await h.ledger.transfer(w.admin, exchange(ann, bob, 50))).transfers[0]!;
    const input = { id: newId(), transferId: t.id, reason: 'recorded twice' };
    const r = await h.ledger.reverse(w.admin, input);
    expect(r.transfers[0]).toMatchObject({
      kind: 'reversal',
      reversesTransferId: t.id,
      debitAccountId: bob,
      creditAccountId: ann,
      minutes: 50,
      category: 'gardening',
      reason: 'recorded twice',
    });
    expect([await bal(ann), await bal(bob)]).toEqual([a0, b0]);
    expect(await h.ledger.getTransfer(w.networkId, t.id)).toEqual(t);
    expect((await h.ledger.reverse(w.admin, input)).hit).toBe(true);
  });

  it('refuses a second reversal, a reversal of a reversal, and one without a reason', async () => {
    const t = (await h.ledger.transfer(w.admin, exchange(ann, bob, 5))).transfers[0]!;
    const r = (await h.ledger.reverse(w.admin, { id: newId(), transferId: t.id, reason: 'oops' }))
      .transfers[0]!;
    const before = await footprint(h);
    await expectCode(
      h.ledger.reverse(w.admin, { id: newId(), transferId: t.id, reason: 'again' }),
      'already_reversed',
    );
    await expectCode(
      h.ledger.reverse(w.admin, { id: newId(), transferId: r.id, reason: 'undo' }),
      'not_reversible',
    );
    await expectCode(
      h.ledger.reverse(w.admin, { id: newId(), transferId: t.id, reason: ' ' }),
      'reason_required',
    );
    await expectCode(
      h.ledger.reverse(w.admin, { id: newId(), transferId: newId(), reason: 'x' }),
      'unknown_transfer',
    );
    expect(await footprint(h)).toEqual(before);
  });

  it('refuses to reverse a pending transfer, and reverses a confirmed one', async () => {
    const p = (await h.ledger.recordPending(w.admin, exchange(cat, ann, 5))).transfers[0]!;
    await expectCode(
      h.ledger.reverse(w.admin, { id: newId(), transferId: p.id, reason: 'x' }),
      'not_reversible',
    );
    const post = (await h.ledger.confirmPending(w.admin, { id: newId(), pendingId: p.id }))
      .transfers[0]!;
    const r = await h.ledger.reverse(w.admin, {
      id: newId(),
      transferId: post.id,
      reason: 'wrong member',
    });
    expect(r.transfers[0]).toMatchObject({ debitAccountId: ann, creditAccountId: cat, minutes: 5 });
  });

  it('refuses a reversal that would take the account below its limit', async () => {
    const t = (
      await h.ledger.transfer(w.admin, exchange(pot, bob, 100, { kind: 'adjustment', reason: 'x' }))
    ).transfers[0]!;
    const room = (await h.ledger.balance(w.networkId, bob)).availableMinutes!;
    await h.ledger.transfer(w.admin, exchange(bob, ann, room));
    await expectCode(
      h.ledger.reverse(w.admin, { id: newId(), transferId: t.id, reason: 'x' }),
      'overdraft_limit',
    );
  });
});

describe('linked batches', () => {
  it('pays several people from the community pot together', async () => {
    const activityId = newId();
    const batch = [ann, bob, cat].map((m) =>
      exchange(pot, m, 60, { kind: 'activity', activityId, category: 'litter pick' }),
    );
    const r = await h.ledger.transferBatch(w.admin, batch);
    expect(r.transfers.map((t) => t.batchId)).toEqual([batch[0]!.id, batch[0]!.id, batch[0]!.id]);
    expect(r.transfers.every((t) => t.activityId === activityId)).toBe(true);
  });

  it('writes nothing when one transfer of the batch is refused', async () => {
    const room = (await h.ledger.balance(w.networkId, ann)).availableMinutes!;
    const batch = [exchange(bob, cat, 10), exchange(ann, dan, room + 1), exchange(cat, bob, 10)];
    const before = await footprint(h);
    await expectCode(h.ledger.transferBatch(w.admin, batch), 'overdraft_limit');
    expect(await footprint(h)).toEqual(before);
    expect((await h.ledger.transfer(w.admin, batch[0]!)).hit).toBe(false);
  });

  it('refuses a batch that repeats an id with batch_invalid', async () => {
    const t = exchange(bob, cat, 10);
    await expectCode(h.ledger.transferBatch(w.admin, [t, t]), 'batch_invalid');
  });
});
