// Settled hours (settled.ts): which transfers count as hours exchanged, and on which day and in
// which month, in each transfer's own timebank's time zone.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../lib/ids.ts';
import { settledTransfers } from './settled.ts';
import { exchange, expectSound, type LedgerHarness, ledgerHarness } from './test-helpers.ts';
import { type LedgerWorld, seedLedger } from './testing.ts';

let h: LedgerHarness;
let w: LedgerWorld;
let london: [string, string];
let warsaw: [string, string];

beforeAll(async () => {
  h = await ledgerHarness();
  w = await seedLedger(h.database.db, h.ledger, { timebanks: 2, membersPerTimebank: 2 });
  london = w.accounts[0]!.memberIds as [string, string];
  warsaw = w.accounts[1]!.memberIds as [string, string];
  await h.database.db.updateTable('timebank').set({ time_zone: 'Europe/Warsaw' }).where('id', '=', w.timebanks[1]!.id).execute();
});
afterAll(async () => {
  await expectSound(h);
  await h.database.close();
});

async function settled(fromDay: string, toDay: string) {
  const r = await sql<{ memo: string; local_month: string }>`
    select t.memo, s.local_month from (${settledTransfers(w.networkId, fromDay, toDay)}) s
    join transfer t on t.network_id = s.network_id and t.id = s.id
    order by t.memo`.execute(h.database.db);
  return r.rows.map((x) => `${x.memo} ${x.local_month}`);
}

describe('settled hours', () => {
  it("count each transfer on its own timebank's day, and leave out pending, reversed and their reversals", async () => {
    const at = async (iso: string, input: Parameters<typeof exchange>, then?: (id: string) => Promise<unknown>) => {
      h.clock.set(new Date(iso));
      const t = exchange(...input);
      await h.ledger.transfer(w.admin, t);
      await then?.(t.id);
    };
    // 22:30 UTC on 31 May is still 31 May in London (23:30) but 1 June in Warsaw (00:30).
    await at('2026-05-31T22:30:00Z', [london[0], london[1], 30, { memo: 'london late may' }]);
    await at('2026-05-31T22:30:00Z', [warsaw[0], warsaw[1], 30, { memo: 'warsaw first june' }]);
    // 23:30 UTC on 30 June is 1 July in both.
    await at('2026-06-30T23:30:00Z', [london[1], london[0], 20, { memo: 'london first july' }]);
    // A reversed transfer and its reversal both drop out.
    await at('2026-06-10T12:00:00Z', [london[0], london[1], 45, { memo: 'reversed' }], (id) =>
      h.ledger.reverse(w.admin, { id: newId(), transferId: id, reason: 'entered twice' }),
    );
    // Pending hours do not count until confirmed.
    h.clock.set(new Date('2026-06-12T12:00:00Z'));
    await h.ledger.recordPending(w.admin, exchange(warsaw[1], warsaw[0], 15, { memo: 'pending' }));

    expect(await settled('2026-05-01', '2026-05-31')).toEqual(['london late may 2026-05']);
    expect(await settled('2026-06-01', '2026-06-30')).toEqual(['warsaw first june 2026-06']);
    expect(await settled('2026-07-01', '2026-07-31')).toEqual(['london first july 2026-07']);
    expect(await settled('2026-05-31', '2026-07-01')).toHaveLength(3);
  });
});
