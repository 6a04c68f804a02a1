// SQL for who holds an account (for authorization) and which accounts a person holds.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface AccountHolding {
  id: string;
  timebank_id: string;
  owner_kind: 'member' | 'organisation' | 'community_pot' | 'clearing';
  member_id: string | null;
  organisation_id: string | null;
}

export interface AccountWithHolders extends AccountHolding {
  /** The member's person, or the people who act for the organisation; none for pots and clearing. */
  holderPersonIds: string[];
}

/** Accounts with the people who hold them, in ONE statement (a transfer pays for it), through
 * ledger_account_holders() (migration 0003), whose plan is kept between requests. */
export async function accountsWithHolders(
  db: Kysely<DB>,
  networkId: string,
  accountIds: readonly string[],
): Promise<Map<string, AccountWithHolders>> {
  if (accountIds.length === 0) return new Map();
  const ids = [...new Set(accountIds)];
  const r = await sql<AccountHolding & { holder_person_ids: string[] }>`
    select * from ledger_account_holders(${networkId}, ${ids}::uuid[])`.execute(db);
  return new Map(
    r.rows.map(({ holder_person_ids, ...a }) => [a.id, { ...a, holderPersonIds: holder_person_ids }]),
  );
}

export async function accountWithHolders(db: Kysely<DB>, networkId: string, accountId: string) {
  return (await accountsWithHolders(db, networkId, [accountId])).get(accountId);
}

/** The accounts a person holds: their member accounts and those of organisations they act for. */
export async function accountsHeldBy(db: Kysely<DB>, networkId: string, personId: string) {
  const members = await db
    .selectFrom('account as a')
    .innerJoin('member as m', (j) =>
      j.onRef('m.network_id', '=', 'a.network_id').onRef('m.id', '=', 'a.member_id'),
    )
    .innerJoin('timebank as t', (j) =>
      j.onRef('t.network_id', '=', 'a.network_id').onRef('t.id', '=', 'a.timebank_id'),
    )
    .where('a.network_id', '=', networkId)
    .where('m.person_id', '=', personId)
    .select([
      'a.id',
      'a.timebank_id',
      'a.owner_kind',
      't.name as timebank_name',
      'm.status as holder_name',
    ])
    .execute();
  const orgs = await db
    .selectFrom('account as a')
    .innerJoin('organisation_person as op', (j) =>
      j
        .onRef('op.network_id', '=', 'a.network_id')
        .onRef('op.organisation_id', '=', 'a.organisation_id'),
    )
    .innerJoin('organisation as o', (j) =>
      j.onRef('o.network_id', '=', 'a.network_id').onRef('o.id', '=', 'a.organisation_id'),
    )
    .innerJoin('timebank as t', (j) =>
      j.onRef('t.network_id', '=', 'a.network_id').onRef('t.id', '=', 'a.timebank_id'),
    )
    .where('a.network_id', '=', networkId)
    .where('op.person_id', '=', personId)
    // A contact does not use the organisation's account (migration 0009).
    .where('op.role', 'in', ['admin', 'member'])
    .select([
      'a.id',
      'a.timebank_id',
      'a.owner_kind',
      't.name as timebank_name',
      'o.name as holder_name',
    ])
    .execute();
  return [
    ...members.map((r) => ({
      id: r.id,
      timebankId: r.timebank_id,
      timebankName: r.timebank_name,
      ownerKind: r.owner_kind,
      organisationName: null,
    })),
    ...orgs.map((r) => ({
      id: r.id,
      timebankId: r.timebank_id,
      timebankName: r.timebank_name,
      ownerKind: r.owner_kind,
      organisationName: r.holder_name,
    })),
  ];
}

/** Member ids of a person without an account yet (opened on first use). */
export async function membersWithoutAccount(db: Kysely<DB>, networkId: string, personId: string) {
  const rows = await db
    .selectFrom('member as m')
    .leftJoin('account as a', (j) =>
      j.onRef('a.network_id', '=', 'm.network_id').onRef('a.member_id', '=', 'm.id'),
    )
    .innerJoin('timebank_ledger_settings as s', (j) =>
      j.onRef('s.network_id', '=', 'm.network_id').onRef('s.timebank_id', '=', 'm.timebank_id'),
    )
    .where('m.network_id', '=', networkId)
    .where('m.person_id', '=', personId)
    .where('m.status', 'in', ['active', 'paused'])
    .where('a.id', 'is', null)
    .select('m.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Display names of accounts: the member, the organisation, or the timebank (pot, clearing). */
export async function accountNames(db: Kysely<DB>, networkId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('account as a')
    .leftJoin('member as m', (j) => j.onRef('m.network_id', '=', 'a.network_id').onRef('m.id', '=', 'a.member_id'))
    .leftJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('organisation as o', (j) => j.onRef('o.network_id', '=', 'a.network_id').onRef('o.id', '=', 'a.organisation_id'))
    .innerJoin('timebank as t', (j) => j.onRef('t.network_id', '=', 'a.network_id').onRef('t.id', '=', 'a.timebank_id'))
    .where('a.network_id', '=', networkId)
    .where('a.id', 'in', ids)
    .select(['a.id', 'p.display_name', 'o.name as org_name', 't.name as timebank_name'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name ?? r.org_name ?? r.timebank_name]));
}

/** Display names of people (who recorded a transfer, for whom); nulls are skipped. */
export async function personNames(db: Kysely<DB>, networkId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('person').where('network_id', '=', networkId).where('id', 'in', wanted).select(['id', 'display_name']).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
