import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
let cat: string;
let timebankId: string;

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, { timebanks: 1, membersPerTimebank: 3 });
  [ann, bob, cat] = w.accounts[0]!.memberIds as [string, string, string];
  timebankId = w.timebanks[0]!.id;
  await h.ledger.transfer(w.admin, exchange(ann, bob, 300));
});
afterAll(async () => {
  await expectSound(h);
  await h.database.close();
});

const limitsOf = async (id: string) => (await h.ledger.balance(w.networkId, id)).limits;

describe('account limits', () => {
  it('start from the timebank’s defaults', async () => {
    expect(await limitsOf(ann)).toEqual({
      balanceMinutesMin: -600,
      balanceMinutesMax: null,
      source: 'timebank',
    });
  });

  it('can be overridden for one account by a coordinator with a reason, and reset', async () => {
    const a = await h.ledger.setAccountLimits(w.admin, {
      accountId: cat,
      balanceMinutesMin: -1200,
      balanceMinutesMax: 3000,
      reason: 'runs the repair café',
    });
    expect(a).toMatchObject({ limitOverride: true, limitReason: 'runs the repair café' });
    expect(await limitsOf(cat)).toEqual({
      balanceMinutesMin: -1200,
      balanceMinutesMax: 3000,
      source: 'account',
    });
    await h.ledger.transfer(w.admin, exchange(cat, bob, 1000));
    await expectCode(
      h.ledger.resetAccountLimits(w.admin, { accountId: cat, reason: 'back to normal' }),
      'limit_below_balance',
    );
    await h.ledger.transfer(w.admin, exchange(bob, cat, 1000));
    await h.ledger.resetAccountLimits(w.admin, { accountId: cat, reason: 'back to normal' });
    expect(await limitsOf(cat)).toEqual({
      balanceMinutesMin: -600,
      balanceMinutesMax: null,
      source: 'timebank',
    });
    const audit = await sql<{ action: string }>`
      select action from audit_event where subject_id = ${cat} order by at, id`.execute(
      h.database.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'ledger.account.open',
      'ledger.account.limits',
      'ledger.account.limits',
    ]);
  });

  it('refuses a limit that the current balance already breaks, and one without a reason', async () => {
    await expectCode(
      h.ledger.setAccountLimits(w.admin, {
        accountId: ann,
        balanceMinutesMin: -100,
        balanceMinutesMax: null,
        reason: 'x',
      }),
      'limit_below_balance',
    );
    await expectCode(
      h.ledger.setAccountLimits(w.admin, {
        accountId: bob,
        balanceMinutesMin: -100,
        balanceMinutesMax: 200,
        reason: 'x',
      }),
      'limit_below_balance',
    );
    await expectCode(
      h.ledger.setAccountLimits(w.admin, {
        accountId: bob,
        balanceMinutesMin: -100,
        balanceMinutesMax: null,
        reason: '',
      }),
      'reason_required',
    );
    await expectCode(
      h.ledger.setAccountLimits(w.admin, {
        accountId: bob,
        balanceMinutesMin: 5,
        balanceMinutesMax: null,
        reason: 'x',
      }),
      'validation_failed',
    );
  });

  it('follow a change of the timebank’s defaults, which is refused when a balance already breaks it', async () => {
    await expectCode(
      h.ledger.updateSettings(w.admin, { timebankId, balanceMinutesMin: -200 }),
      'limit_below_balance',
    );
    await h.ledger.updateSettings(w.admin, {
      timebankId,
      balanceMinutesMin: -300,
      balanceMinutesMax: 900,
    });
    expect(await limitsOf(ann)).toEqual({
      balanceMinutesMin: -300,
      balanceMinutesMax: 900,
      source: 'timebank',
    });
    await expectCode(h.ledger.transfer(w.admin, exchange(ann, bob, 1)), 'overdraft_limit');
    await h.ledger.updateSettings(w.admin, {
      timebankId,
      balanceMinutesMin: -600,
      balanceMinutesMax: null,
    });
    expect(await limitsOf(ann)).toEqual({
      balanceMinutesMin: -600,
      balanceMinutesMax: null,
      source: 'timebank',
    });
  });

  it('refuses settings out of range with validation_failed', async () => {
    await expectCode(
      h.ledger.updateSettings(w.admin, { timebankId, pendingTimeoutDays: 0 }),
      'validation_failed',
    );
    await expectCode(
      h.ledger.updateSettings(w.admin, { timebankId, starterMinutes: -5 }),
      'validation_failed',
    );
  });
});
