// Concurrent posting on the PostgreSQL server (PGlite runs one transaction at a time, so
// there is nothing to interleave there): 8 loops hammer 10 hot accounts with limits while a
// reader keeps summing the balances. No deadlock or serialization failure may happen at all
// (the service would retry it; the retry counter must stay at 0), every refusal must be a
// limit, the sum must always read 0, and every invariant must hold at the end.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/database.ts';
import { systemClock } from '../../lib/clock.ts';
import { DomainError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { silentLogger } from '../../lib/log.ts';
import { createLedger, type Ledger } from './service.ts';
import { type LedgerWorld, seedLedger } from './testing.ts';
import { exchange, type LedgerHarness, ledgerHarness } from './test-helpers.ts';
import { verifyLedger } from './verify.ts';

const onServer = Boolean(process.env.TEST_DATABASE_URL);
const LOOPS = 8;
const OPERATIONS_PER_LOOP = Number(process.env.LEDGER_CONCURRENCY_OPS ?? 150);
const EXPECTED_REFUSALS = new Set(['overdraft_limit', 'ceiling_limit']);

let h: LedgerHarness;
let pool: Database;
let ledger: Ledger;
let w: LedgerWorld;
let hot: string[];

beforeAll(async () => {
  if (!onServer) return;
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, {
    timebanks: 1,
    membersPerTimebank: 10,
    settings: { balanceMinutesMin: -300, balanceMinutesMax: 300 },
  });
  hot = w.accounts[0]!.memberIds;
  pool = await openDatabase({ databaseUrl: h.database.url, dataDir: '', poolMax: LOOPS + 2 });
  ledger = createLedger({ db: pool.db, clock: systemClock, log: silentLogger });
});
afterAll(async () => {
  if (!onServer) return;
  await pool.close();
  await h.database.close();
});

const pick = () => hot[Math.floor(Math.random() * hot.length)]!;
function pair(): [string, string] {
  const a = pick();
  let b = pick();
  while (b === a) b = pick();
  return [a, b];
}
const minutes = () => 1 + Math.floor(Math.random() * 120);

/** One random operation: a transfer, a linked batch of three, a pending one then its
 * answer, or a reversal of an earlier transfer of this loop. */
async function operation(mine: string[]): Promise<void> {
  const roll = Math.random();
  if (roll < 0.55) {
    const [a, b] = pair();
    mine.push((await ledger.transfer(w.admin, exchange(a, b, minutes()))).transfers[0]!.id);
  } else if (roll < 0.7) {
    const batch = [pair(), pair(), pair()].map(([a, b]) => exchange(a, b, minutes()));
    await ledger.transferBatch(w.admin, batch);
  } else if (roll < 0.9) {
    const [a, b] = pair();
    const p = (await ledger.recordPending(w.admin, exchange(a, b, minutes()))).transfers[0]!;
    const answer = { id: newId(), pendingId: p.id };
    if (Math.random() < 0.7) await ledger.confirmPending(w.admin, answer);
    else await ledger.declinePending(w.admin, answer);
  } else if (mine.length > 0) {
    const transferId = mine.splice(Math.floor(Math.random() * mine.length), 1)[0]!;
    await ledger.reverse(w.admin, { id: newId(), transferId, reason: 'load test' });
  }
}

async function postingLoop(refusals: Map<string, number>): Promise<number> {
  const mine: string[] = [];
  let done = 0;
  for (let i = 0; i < OPERATIONS_PER_LOOP; i++) {
    try {
      await operation(mine);
      done++;
    } catch (err) {
      if (!(err instanceof DomainError) || !EXPECTED_REFUSALS.has(err.code)) throw err;
      refusals.set(err.code, (refusals.get(err.code) ?? 0) + 1);
    }
  }
  return done;
}

async function readerLoop(stop: () => boolean): Promise<number[]> {
  const sums: number[] = [];
  while (!stop()) {
    const r = await sql<{ s: number }>`
      select coalesce(sum(credits_posted - debits_posted), 0)::bigint as s
      from account where network_id = ${w.networkId}`.execute(pool.db);
    sums.push(r.rows[0]!.s);
  }
  return sums;
}

describe('concurrent posting on the PostgreSQL server', () => {
  it.runIf(onServer)(
    'keeps every invariant under 8 concurrent loops on 10 hot accounts, with no deadlock or serialization failure',
    async () => {
      const refusals = new Map<string, number>();
      let finished = false;
      const reader = readerLoop(() => finished);
      const done = await Promise.all(
        Array.from({ length: LOOPS }, () => postingLoop(refusals)),
      ).finally(() => {
        finished = true;
      });
      const sums = await reader;
      expect(done.reduce((a, b) => a + b, 0)).toBeGreaterThan(LOOPS * OPERATIONS_PER_LOOP * 0.3);
      expect(ledger.stats().retries).toBe(0);
      expect(sums.length).toBeGreaterThan(0);
      expect(new Set(sums)).toEqual(new Set([0]));
      expect(await verifyLedger(h.database.db)).toEqual([]);
      for (const id of hot) {
        const b = await ledger.balance(w.networkId, id);
        expect(b.balanceMinutes).toBeGreaterThanOrEqual(-300);
        expect(b.balanceMinutes).toBeLessThanOrEqual(300);
      }
    },
    120_000,
  );
});
