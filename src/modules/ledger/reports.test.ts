import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { type LedgerWorld, seedLedger } from './testing.ts';
import {
  exchange,
  expectCode,
  expectSound,
  type LedgerHarness,
  ledgerHarness,
} from './test-helpers.ts';

let h: LedgerHarness;
let w: LedgerWorld;
let ann: string;
let bob: string;
let org: string;
let pot: string;
const DAY = 86_400_000;

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, {
    timebanks: 1,
    membersPerTimebank: 2,
    organisationsPerTimebank: 1,
    settings: { starterMinutes: 120 },
  });
  [ann, bob] = w.accounts[0]!.memberIds as [string, string];
  org = w.accounts[0]!.organisationIds[0]!;
  pot = w.accounts[0]!.potId;
  // Day 0: starter 120 each (at opening). Then one movement a day for ann.
  const steps: [string, string, number, Parameters<typeof exchange>[3]][] = [
    [bob, ann, 60, { category: 'gardening', memo: 'hedge' }],
    [ann, bob, 30, { category: 'shopping' }],
    [ann, org, 15, { kind: 'donation', category: 'donation' }],
    [bob, ann, 45, { kind: 'gift', category: 'birthday', memo: '=SUM(A1), "quoted"' }],
    [pot, ann, 90, { kind: 'activity', category: 'litter pick' }],
  ];
  for (const [d, c, m, extra] of steps) {
    h.clock.advance(DAY);
    await h.ledger.transfer(w.admin, exchange(d, c, m, extra));
  }
  h.clock.advance(DAY);
  const t = await h.ledger.transfer(w.admin, exchange(bob, ann, 20, { category: 'gardening' }));
  h.clock.advance(DAY);
  await h.ledger.reverse(w.admin, {
    id: newId(),
    transferId: t.transfers[0]!.id,
    reason: 'never happened',
  });
  h.clock.advance(DAY);
  await h.ledger.recordPending(w.admin, exchange(bob, ann, 10));
});
afterAll(async () => {
  await expectSound(h);
  await h.database.close();
});

describe('statement', () => {
  it('lists booked entries newest first with the balance after each', async () => {
    const page = await h.ledger.statement(w.networkId, ann, { limit: 50 });
    expect(page.nextBefore).toBeNull();
    expect(page.entries.map((e) => [e.kind, e.changeMinutes, e.balanceAfterMinutes])).toEqual([
      ['reversal', -20, 270],
      ['exchange', 20, 290],
      ['activity', 90, 270],
      ['gift', 45, 180],
      ['donation', -15, 135],
      ['exchange', -30, 150],
      ['exchange', 60, 180],
      ['starter', 120, 120],
    ]);
    expect((await h.ledger.balance(w.networkId, ann)).balanceMinutes).toBe(270);
    expect(page.entries[4]).toMatchObject({
      counterpartyOwnerKind: 'organisation',
      counterpartyName: 'Organisation 0.0',
    });
    expect(page.entries[6]).toMatchObject({
      counterpartyOwnerKind: 'member',
      counterpartyName: 'Member 0.1',
      memo: 'hedge',
    });
  });

  it('pages with a cursor and keeps the true running balance on every page', async () => {
    const first = await h.ledger.statement(w.networkId, ann, { limit: 3 });
    expect(first.entries.map((e) => e.balanceAfterMinutes)).toEqual([270, 290, 270]);
    const second = await h.ledger.statement(w.networkId, ann, {
      limit: 3,
      before: first.nextBefore!,
    });
    expect(second.entries.map((e) => e.balanceAfterMinutes)).toEqual([180, 135, 150]);
    const third = await h.ledger.statement(w.networkId, ann, {
      limit: 3,
      before: second.nextBefore!,
    });
    expect(third.entries.map((e) => e.balanceAfterMinutes)).toEqual([180, 120]);
    expect(third.nextBefore).toBeNull();
  });

  it('filters by kind and by date range', async () => {
    const gifts = await h.ledger.statement(w.networkId, ann, { kinds: ['gift', 'donation'] });
    expect(gifts.entries.map((e) => e.kind)).toEqual(['gift', 'donation']);
    const start = new Date('2026-01-15T10:00:00Z').getTime();
    const days2to4 = await h.ledger.statement(w.networkId, ann, {
      from: new Date(start + 2 * DAY),
      to: new Date(start + 5 * DAY),
    });
    expect(days2to4.entries.map((e) => e.changeMinutes)).toEqual([90, 45, -15, -30].slice(1));
  });

  it('refuses a page size out of range', async () => {
    await expectCode(h.ledger.statement(w.networkId, ann, { limit: 0 }), 'validation_failed');
    await expectCode(h.ledger.statement(w.networkId, ann, { limit: 501 }), 'validation_failed');
    await expectCode(h.ledger.statement(w.networkId, newId()), 'not_found');
  });

  it('renders the whole statement as CSV, oldest first, with text made safe for spreadsheets', async () => {
    const csv = await h.ledger.statementCsv(w.networkId, ann);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'date,entry,transfer_id,kind,category,counterparty,memo,change_minutes,balance_after_minutes',
    );
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(
      /^2026-01-15T10:00:00\.000Z,1,[0-9a-f-]{36},starter,starter,Timebank 0,,120,120$/,
    );
    expect(lines.find((l) => l.includes(',gift,'))).toContain(
      `,gift,birthday,Member 0.1,"'=SUM(A1), ""quoted""",45,180`,
    );
    expect(lines.at(-1)).toMatch(/,reversal,gardening,Member 0\.1,,-20,270$/);
  });
});

describe('totals', () => {
  it('counts hours given and hours received apart, reversals against what they reverse', async () => {
    const gr = await h.ledger.givenReceived(w.networkId, ann);
    expect(gr.givenMinutes).toBe(60 + 90);
    expect(gr.receivedMinutes).toBe(30);
    expect(gr.byKind.exchange).toEqual({ creditedMinutes: 60, debitedMinutes: 30 });
    expect(gr.byKind.gift).toEqual({ creditedMinutes: 45, debitedMinutes: 0 });
    expect(gr.byKind.starter).toEqual({ creditedMinutes: 120, debitedMinutes: 0 });
    expect(gr.byKind.reversal).toBeUndefined();
  });

  it('totals a timebank by kind and by category, summing to zero', async () => {
    const t = await h.ledger.timebankTotals(w.networkId, w.timebanks[0]!.id);
    expect(t.balanceSumMinutes).toBe(0);
    expect(t.accountCount).toBe(4);
    expect(t.pendingMinutes).toBe(10);
    expect(t.byKind).toMatchObject({
      starter: 240,
      exchange: 90,
      activity: 90,
      gift: 45,
      donation: 15,
    });
    expect(t.byCategory).toMatchObject({
      gardening: 60,
      shopping: 30,
      'litter pick': 90,
      birthday: 45,
    });
    expect(t.positiveBalanceMinutes + t.negativeBalanceMinutes).toBe(0);
  });

  it('shows the pending transfers still waiting for an answer', async () => {
    const pending = await h.ledger.pendingFor(w.networkId, ann);
    expect(pending.map((p) => [p.minutes, p.phase])).toEqual([[10, 'pending']]);
    const b = await h.ledger.balance(w.networkId, bob);
    expect(b.debitsPendingMinutes).toBe(10);
    expect(b.availableMinutes).toBe(b.balanceMinutes - 10 + 600);
  });
});

describe('starter minutes', () => {
  it('pay new members from the community pot when their account opens', async () => {
    const potBalance = await h.ledger.balance(w.networkId, pot);
    expect(potBalance.limits.source).toBe('none');
    const starter = (await h.ledger.statement(w.networkId, bob)).entries.at(-1)!;
    expect(starter).toMatchObject({ kind: 'starter', changeMinutes: 120, entrySeq: 1 });
  });
});
