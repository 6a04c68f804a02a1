import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { legId } from './ids.ts';
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
let x: string;
let y: string;
let z: string;
let annX: string;
let bobY: string;
let carolY: string;
let zed: string;

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, { timebanks: 3, membersPerTimebank: 2 });
  [x, y, z] = w.timebanks.map((t) => t.id) as [string, string, string];
  annX = w.accounts[0]!.memberIds[0]!;
  [bobY, carolY] = w.accounts[1]!.memberIds as [string, string];
  zed = w.accounts[2]!.memberIds[0]!;
  await h.ledger.linkTimebanks(w.admin, { timebankIds: [x, y], clearingLimitMinutes: 300 });
});
afterAll(async () => {
  await expectSound(h);
  await h.database.close();
});

const bal = async (id: string) => (await h.ledger.balance(w.networkId, id)).balanceMinutes;
const timebankSum = async (id: string) =>
  (await h.ledger.timebankTotals(w.networkId, id)).balanceSumMinutes;

describe('linking timebanks', () => {
  it('opens a clearing pair and repeats harmlessly with the same limit', async () => {
    const link = await h.ledger.linkTimebanks(w.admin, {
      timebankIds: [y, x],
      clearingLimitMinutes: 300,
    });
    expect(link.timebankIds).toEqual([y, x]);
    const [yForX, xForY] = link.clearingAccountIds;
    expect(await h.ledger.getAccount(w.networkId, yForX)).toMatchObject({
      timebankId: y,
      counterpartyTimebankId: x,
      ownerKind: 'clearing',
    });
    expect(await h.ledger.getAccount(w.networkId, xForY)).toMatchObject({
      timebankId: x,
      counterpartyTimebankId: y,
    });
    await expectCode(
      h.ledger.linkTimebanks(w.admin, { timebankIds: [x, y], clearingLimitMinutes: 10 }),
      'already_linked',
    );
  });
});

describe('a transfer between members of two linked timebanks', () => {
  it('goes through the clearing pair as one linked batch and keeps each timebank at zero', async () => {
    const input = exchange(bobY, annX, 120, { category: 'bike repair' });
    const r = await h.ledger.crossTimebank(w.admin, input);
    const [yForX, xForY] = (
      await h.ledger.linkTimebanks(w.admin, { timebankIds: [y, x], clearingLimitMinutes: 300 })
    ).clearingAccountIds;
    expect(
      r.transfers.map((t) => [t.id, t.debitAccountId, t.creditAccountId, t.timebankId]),
    ).toEqual([
      [input.id, bobY, yForX, y],
      [legId(input.id, 1), xForY, annX, x],
    ]);
    expect(r.transfers.every((t) => t.batchId === input.id)).toBe(true);
    expect([await bal(annX), await bal(bobY), await bal(yForX), await bal(xForY)]).toEqual([
      120, -120, 120, -120,
    ]);
    expect([await timebankSum(x), await timebankSum(y)]).toEqual([0, 0]);
    expect((await h.ledger.crossTimebank(w.admin, input)).hit).toBe(true);
  });

  it('shows the network admin the flows and the net position between the two timebanks', async () => {
    const flows = await h.ledger.networkFlows(w.networkId);
    expect(flows).toHaveLength(1);
    const f = flows[0]!;
    const yOwesX = f.timebankAId === x ? f.netOwedByBToAMinutes : -f.netOwedByBToAMinutes;
    expect(yOwesX).toBe(120);
    expect(f.paidFromAToBMinutes + f.paidFromBToAMinutes).toBe(120);
    expect(f.clearingLimitMinutes).toBe(300);
  });

  it('refuses a transfer beyond the clearing limit with clearing_limit, and writes nothing', async () => {
    const before = await footprint(h);
    const err = await expectCode(
      h.ledger.crossTimebank(w.admin, exchange(carolY, annX, 181)),
      'clearing_limit',
    );
    expect(err.details.limitMinutes).toBe(300);
    expect(await footprint(h)).toEqual(before);
    await h.ledger.crossTimebank(w.admin, exchange(carolY, annX, 180));
    await h.ledger.crossTimebank(w.admin, exchange(annX, carolY, 400));
  });

  it('refuses a transfer to a timebank that is not linked with not_linked', async () => {
    await expectCode(h.ledger.crossTimebank(w.admin, exchange(annX, zed, 10)), 'not_linked');
  });

  it('within one timebank is a plain transfer', async () => {
    const r = await h.ledger.crossTimebank(w.admin, exchange(bobY, carolY, 10));
    expect(r.transfers).toHaveLength(1);
  });

  it('can be pending, and confirming posts both legs together', async () => {
    const p = await h.ledger.crossTimebank(w.admin, { ...exchange(annX, bobY, 30), pending: true });
    expect(p.transfers.map((t) => t.phase)).toEqual(['pending', 'pending']);
    const before = await bal(bobY);
    const c = await h.ledger.confirmPending(w.admin, {
      id: newId(),
      pendingId: p.transfers[1]!.id,
    });
    expect(c.transfers.map((t) => t.pendingId).sort()).toEqual(p.transfers.map((t) => t.id).sort());
    expect(await bal(bobY)).toBe(before + 30);
    expect([await timebankSum(x), await timebankSum(y)]).toEqual([0, 0]);
  });

  it('is reversed whole when a coordinator reverses one of its legs', async () => {
    const t = await h.ledger.crossTimebank(
      w.admin,
      exchange(annX, bobY, 20, { category: 'lifts' }),
    );
    const r = await h.ledger.reverse(w.admin, {
      id: newId(),
      transferId: t.transfers[1]!.id,
      reason: 'wrong person',
    });
    expect(r.transfers.map((x) => x.reversesTransferId).sort()).toEqual(
      t.transfers.map((x) => x.id).sort(),
    );
    expect([await timebankSum(x), await timebankSum(y)]).toEqual([0, 0]);
  });

  it('refuses a batch that moves only one account of a clearing pair with clearing_unbalanced', async () => {
    const link = await h.ledger.linkTimebanks(w.admin, {
      timebankIds: [y, x],
      clearingLimitMinutes: 300,
    });
    const before = await footprint(h);
    await expectCode(
      h.ledger.transfer(
        w.admin,
        exchange(bobY, link.clearingAccountIds[0], 10, { kind: 'clearing' }),
      ),
      'clearing_unbalanced',
    );
    expect(await footprint(h)).toEqual(before);
  });

  it('refuses to lower the clearing limit below the current net position', async () => {
    const link = await h.ledger.linkTimebanks(w.admin, {
      timebankIds: [y, x],
      clearingLimitMinutes: 300,
    });
    const net = Math.abs(await bal(link.clearingAccountIds[0]));
    await expectCode(
      h.ledger.setClearingLimit(w.admin, { timebankIds: [x, y], clearingLimitMinutes: net - 1 }),
      'limit_below_balance',
    );
    const set = await h.ledger.setClearingLimit(w.admin, {
      timebankIds: [x, y],
      clearingLimitMinutes: net,
      reason: 'tighten',
    });
    expect(set.clearingLimitMinutes).toBe(net);
    await h.ledger.setClearingLimit(w.admin, { timebankIds: [x, y], clearingLimitMinutes: 300 });
    await expectCode(
      h.ledger.setClearingLimit(w.admin, { timebankIds: [x, z], clearingLimitMinutes: 5 }),
      'not_linked',
    );
  });

  it('keeps the clearing pair summing to zero in the database', async () => {
    const r = await sql<{ s: number }>`
      select sum(credits_posted - debits_posted)::int as s from account where owner_kind = 'clearing'`.execute(
      h.database.db,
    );
    expect(r.rows[0]!.s).toBe(0);
  });
});
