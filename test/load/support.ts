// Shared by the load and crash tests: members in bulk, accounts opened through the ledger,
// random transfers, and a model of what the API accepted to hold the database against.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import type { Actor } from '../../src/modules/audit/record.ts';
import type { Ledger } from '../../src/modules/ledger/service.ts';

/** People and active members of one timebank, written in one statement each (ids are the
 * application's UUIDv7, made here). Returns the member ids in order. */
export async function insertMembers(
  db: Kysely<DB>,
  networkId: string,
  timebankId: string,
  count: number,
  namePrefix: string,
): Promise<string[]> {
  const personIds = Array.from({ length: count }, () => newId());
  const memberIds = Array.from({ length: count }, () => newId());
  await sql`
    insert into person (network_id, id, display_name)
    select ${networkId}::uuid, p.id, ${namePrefix} || ' ' || p.n
    from unnest(${personIds}::uuid[]) with ordinality as p(id, n)`.execute(db);
  await sql`
    insert into member (network_id, id, timebank_id, person_id, status, joined_on)
    select ${networkId}::uuid, m.id, ${timebankId}::uuid, m.person_id, 'active', current_date
    from unnest(${memberIds}::uuid[], ${personIds}::uuid[]) as m(id, person_id)`.execute(db);
  return memberIds;
}

/** Opens member accounts in one statement, each row as the ledger service writes it (the
 * timebank's default limits copied onto the account; `timebank verify` checks them against
 * the rule). The service opens one account per transaction, about 500 a second here: too
 * slow for 10,000 in a test that must stay short. Returns the account ids in order. */
export async function openAccountsInBulk(
  db: Kysely<DB>,
  networkId: string,
  memberIds: string[],
): Promise<string[]> {
  const accountIds = memberIds.map(() => newId());
  await sql`
    insert into account (network_id, id, timebank_id, owner_kind, member_id,
      balance_minutes_min, balance_minutes_max)
    select m.network_id, x.account_id, m.timebank_id, 'member', m.id,
      s.balance_minutes_min, s.balance_minutes_max
    from unnest(${accountIds}::uuid[], ${memberIds}::uuid[]) as x(account_id, member_id)
    join member m on m.network_id = ${networkId} and m.id = x.member_id
    join timebank_ledger_settings s
      on s.network_id = m.network_id and s.timebank_id = m.timebank_id`.execute(db);
  return accountIds;
}

/** Opens the members' accounts through the ledger service, `concurrency` at a time, and
 * returns the account ids in the members' order. */
export async function openAccounts(
  ledger: Ledger,
  actor: Actor,
  memberIds: string[],
  concurrency: number,
): Promise<string[]> {
  const accountIds = new Array<string>(memberIds.length);
  let next = 0;
  const worker = async () => {
    while (next < memberIds.length) {
      const i = next++;
      accountIds[i] = (await ledger.openMemberAccount(actor, { memberId: memberIds[i]! })).id;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return accountIds;
}

export interface TransferBody {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  minutes: number;
  kind: 'exchange' | 'gift';
  category: string;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** A random transfer between two different accounts: among the hot accounts with
 * probability `hotShare`, otherwise one hot and one cold account either way round. */
export function randomTransfer(
  hot: readonly string[],
  cold: readonly string[],
  hotShare: number,
  category: string,
): TransferBody {
  let debit = pick(hot);
  let credit = pick(hot);
  if (Math.random() >= hotShare && cold.length > 0) {
    credit = pick(cold);
    if (Math.random() < 0.5) [debit, credit] = [credit, debit];
  }
  while (credit === debit) credit = pick(hot);
  return {
    id: newId(),
    debitAccountId: debit,
    creditAccountId: credit,
    minutes: 1 + Math.floor(Math.random() * 90),
    kind: Math.random() < 0.8 ? 'exchange' : 'gift',
    category,
  };
}

/** What the clients were told was written: every accepted transfer once, and the balances
 * they add up to. */
export class LedgerModel {
  readonly accepted = new Map<string, TransferBody>();
  readonly balances = new Map<string, number>();

  apply(t: TransferBody): void {
    if (this.accepted.has(t.id)) throw new Error(`transfer ${t.id} accepted twice`);
    this.accepted.set(t.id, t);
    this.balances.set(t.debitAccountId, (this.balances.get(t.debitAccountId) ?? 0) - t.minutes);
    this.balances.set(t.creditAccountId, (this.balances.get(t.creditAccountId) ?? 0) + t.minutes);
  }

  get minutes(): number {
    let total = 0;
    for (const t of this.accepted.values()) total += t.minutes;
    return total;
  }
}

/** Every account of the network whose balance differs from the model's (0 for accounts the
 * model never touched), as "id: database vs model" lines; empty when they all agree. */
export async function balanceMismatches(
  db: Kysely<DB>,
  networkId: string,
  model: LedgerModel,
): Promise<string[]> {
  const rows = await sql<{ id: string; balance: number | string }>`
    select id, credits_posted - debits_posted as balance from account
    where network_id = ${networkId}`.execute(db);
  const out: string[] = [];
  for (const r of rows.rows) {
    const expected = model.balances.get(r.id) ?? 0;
    if (Number(r.balance) !== expected) out.push(`${r.id}: ${r.balance} vs ${expected}`);
  }
  return out;
}

/** Count and minutes of the transfers of one category: what the load wrote. */
export async function categoryTotals(
  db: Kysely<DB>,
  networkId: string,
  category: string,
): Promise<{ count: number; minutes: number; ids: Set<string> }> {
  const rows = await sql<{ id: string; minutes: number }>`
    select id, minutes from transfer where network_id = ${networkId} and category = ${category}`.execute(
    db,
  );
  let minutes = 0;
  for (const r of rows.rows) minutes += Number(r.minutes);
  return { count: rows.rows.length, minutes, ids: new Set(rows.rows.map((r) => r.id)) };
}

/** Sum of every account balance of the network, read in one statement. */
export async function networkBalanceSum(db: Kysely<DB>, networkId: string): Promise<number> {
  const r = await sql<{ s: number | string }>`
    select coalesce(sum(credits_posted - debits_posted), 0)::bigint as s
    from account where network_id = ${networkId}`.execute(db);
  return Number(r.rows[0]!.s);
}

/** Counts of outcomes, keyed like "201", "422 overdraft_limit", "error fetch failed". */
export class Tally {
  readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  keys(): string[] {
    return [...this.counts.keys()].sort();
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
