// Every SQL statement of the ledger (besides the migration). Functions take the executor
// (the database or an open transaction) and return domain shapes.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { TransferKind } from './tables.ts';
import type {
  Account,
  AccountOwner,
  Balance,
  ClearingFlow,
  DateRange,
  LedgerSettings,
  LedgerSettingsPatch,
  StatementEntry,
  StatementQuery,
  Transfer,
} from './types.ts';

export type Executor = Kysely<DB>;
type Row = Record<string, unknown>;

const BOOKED = sql`('posted', 'post_pending')`;

// ---------------------------------------------------------------- mapping

const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function toTransfer(r: Row): Transfer {
  return {
    networkId: String(r.network_id),
    id: String(r.id),
    timebankId: String(r.timebank_id),
    debitAccountId: String(r.debit_account_id),
    creditAccountId: String(r.credit_account_id),
    minutes: num(r.minutes),
    kind: r.kind as Transfer['kind'],
    phase: r.phase as Transfer['phase'],
    pendingId: str(r.pending_id),
    reversesTransferId: str(r.reverses_transfer_id),
    batchId: str(r.batch_id),
    category: String(r.category),
    memo: str(r.memo),
    reason: str(r.reason),
    exchangeId: str(r.exchange_id),
    activityId: str(r.activity_id),
    recordedByPersonId: str(r.recorded_by_person_id),
    onBehalfOfPersonId: str(r.on_behalf_of_person_id),
    createdAt: date(r.created_at),
    timeoutAt: dateOrNull(r.timeout_at),
    debitBalanceAfterMinutes: num(r.debit_balance_after_minutes),
    creditBalanceAfterMinutes: num(r.credit_balance_after_minutes),
  };
}

function toAccount(r: Row): Account {
  return {
    networkId: String(r.network_id),
    id: String(r.id),
    timebankId: String(r.timebank_id),
    ownerKind: r.owner_kind as Account['ownerKind'],
    memberId: str(r.member_id),
    organisationId: str(r.organisation_id),
    counterpartyTimebankId: str(r.counterparty_timebank_id),
    debitsPostedMinutes: num(r.debits_posted),
    creditsPostedMinutes: num(r.credits_posted),
    debitsPendingMinutes: num(r.debits_pending),
    creditsPendingMinutes: num(r.credits_pending),
    entryCount: num(r.entry_count),
    limitOverride: Boolean(r.limit_override),
    limitReason: str(r.limit_reason),
    createdAt: date(r.created_at),
  };
}

function toSettings(r: Row): LedgerSettings {
  return {
    networkId: String(r.network_id),
    timebankId: String(r.timebank_id),
    balanceMinutesMin: num(r.balance_minutes_min),
    balanceMinutesMax: numOrNull(r.balance_minutes_max),
    confirmationRequired: Boolean(r.confirmation_required),
    pendingTimeoutDays: numOrNull(r.pending_timeout_days),
    pendingTimeoutAction: r.pending_timeout_action as LedgerSettings['pendingTimeoutAction'],
    starterMinutes: num(r.starter_minutes),
    updatedAt: date(r.updated_at),
  };
}

// ---------------------------------------------------------------- posting

export interface PostedBatch {
  hit: boolean;
  transfers: Transfer[];
}

/** The whole posting in one round trip: see ledger_post() in 0002-ledger.sql. */
export async function postBatch(
  db: Executor,
  networkId: string,
  batch: unknown,
): Promise<PostedBatch> {
  const r = await sql<{ result: { hit: boolean; transfers: Row[] } }>`
    select ledger_post(${networkId}::uuid, ${JSON.stringify(batch)}::jsonb) as result`.execute(db);
  const result = r.rows[0]!.result;
  return { hit: result.hit, transfers: result.transfers.map(toTransfer) };
}

export async function getTransfer(
  db: Executor,
  networkId: string,
  id: string,
): Promise<Transfer | undefined> {
  const row = await db
    .selectFrom('transfer')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toTransfer(row as unknown as Row) : undefined;
}

/** What came after a transfer: the reversal of it, and for a pending one what posted or voided
 * it (each at most one, by the unique indexes on reverses_transfer_id and pending_id). */
export async function followersOf(
  db: Executor,
  networkId: string,
  id: string,
): Promise<{ reversal: Transfer | undefined; resolution: Transfer | undefined }> {
  const rows = await db
    .selectFrom('transfer')
    .selectAll()
    .where('network_id', '=', networkId)
    .where((eb) => eb.or([eb('reverses_transfer_id', '=', id), eb('pending_id', '=', id)]))
    .execute();
  const all = rows.map((r) => toTransfer(r as unknown as Row));
  return {
    reversal: all.find((t) => t.reversesTransferId === id),
    resolution: all.find((t) => t.pendingId === id),
  };
}

/** The pending legs of the batch a pending transfer belongs to (itself alone if none), by id. */
export async function pendingLegIds(
  db: Executor,
  networkId: string,
  pendingId: string,
): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select t.id from transfer t
    where t.network_id = ${networkId} and t.phase = 'pending'
      and (t.id = ${pendingId} or t.batch_id = (
        select p.batch_id from transfer p where p.network_id = ${networkId} and p.id = ${pendingId}))
    order by t.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/** A transfer to reverse, with the other booked legs of its batch when the batch went
 * through a clearing pair (reversing one leg alone would unbalance the pair). */
export async function reversalLegIds(
  db: Executor,
  networkId: string,
  transferId: string,
): Promise<string[]> {
  const r = await sql<{ id: string }>`
    with target as (
      select network_id, id, batch_id from transfer where network_id = ${networkId} and id = ${transferId}),
    cleared as (
      select 1 from target, transfer x
      join account a on a.network_id = x.network_id and a.id in (x.debit_account_id, x.credit_account_id)
      where x.network_id = target.network_id and x.batch_id = target.batch_id and a.owner_kind = 'clearing'
      limit 1)
    select t.id from transfer t, target
    where t.network_id = target.network_id and (t.id = target.id or (
      exists (select 1 from cleared) and t.batch_id = target.batch_id
      and t.kind <> 'reversal' and t.phase in ${BOOKED}))
    order by t.id`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function settingsOfAccount(
  db: Executor,
  networkId: string,
  accountId: string,
): Promise<LedgerSettings | undefined> {
  const r = await sql<Row>`
    select s.* from account a
    join timebank_ledger_settings s on s.network_id = a.network_id and s.timebank_id = a.timebank_id
    where a.network_id = ${networkId} and a.id = ${accountId}`.execute(db);
  return r.rows[0] ? toSettings(r.rows[0]) : undefined;
}

export interface ClearingRoute {
  debitTimebankId: string;
  creditTimebankId: string;
  /** The debit side's timebank's clearing account for the credit side's timebank. */
  debitSideClearingId: string | null;
  /** The credit side's timebank's clearing account for the debit side's timebank. */
  creditSideClearingId: string | null;
}

export async function clearingRoute(
  db: Executor,
  networkId: string,
  debitAccountId: string,
  creditAccountId: string,
): Promise<ClearingRoute | undefined> {
  const r = await sql<Row>`
    select d.timebank_id as debit_tb, c.timebank_id as credit_tb, cd.id as cd_id, cc.id as cc_id
    from account d
    join account c on c.network_id = d.network_id and c.id = ${creditAccountId}
    left join account cd on cd.network_id = d.network_id and cd.owner_kind = 'clearing'
      and cd.timebank_id = d.timebank_id and cd.counterparty_timebank_id = c.timebank_id
    left join account cc on cc.network_id = d.network_id and cc.owner_kind = 'clearing'
      and cc.timebank_id = c.timebank_id and cc.counterparty_timebank_id = d.timebank_id
    where d.network_id = ${networkId} and d.id = ${debitAccountId}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    debitTimebankId: String(row.debit_tb),
    creditTimebankId: String(row.credit_tb),
    debitSideClearingId: str(row.cd_id),
    creditSideClearingId: str(row.cc_id),
  };
}

export interface DuePending {
  networkId: string;
  id: string;
  action: 'post' | 'void';
}

export async function duePending(db: Executor, now: Date, limit: number): Promise<DuePending[]> {
  const r = await sql<{ network_id: string; id: string; action: 'post' | 'void' }>`
    select t.network_id, t.id, s.pending_timeout_action as action
    from transfer t
    join timebank_ledger_settings s on s.network_id = t.network_id and s.timebank_id = t.timebank_id
    where t.phase = 'pending' and t.timeout_at <= ${now}
      and not exists (
        select 1 from transfer r where r.network_id = t.network_id and r.pending_id = t.id)
    order by t.timeout_at, t.id
    limit ${limit}`.execute(db);
  return r.rows.map((x) => ({ networkId: x.network_id, id: x.id, action: x.action }));
}

// ---------------------------------------------------------------- settings and accounts

export async function insertSettings(
  db: Executor,
  networkId: string,
  timebankId: string,
  personId: string | null,
): Promise<void> {
  await db
    .insertInto('timebank_ledger_settings')
    .values({ network_id: networkId, timebank_id: timebankId, updated_by_person_id: personId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function getSettings(
  db: Executor,
  networkId: string,
  timebankId: string,
): Promise<LedgerSettings | undefined> {
  const row = await db
    .selectFrom('timebank_ledger_settings')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .executeTakeFirst();
  return row ? toSettings(row as unknown as Row) : undefined;
}

export async function updateSettings(
  db: Executor,
  networkId: string,
  timebankId: string,
  patch: LedgerSettingsPatch,
  personId: string | null,
  at: Date,
): Promise<LedgerSettings> {
  const row = await db
    .updateTable('timebank_ledger_settings')
    .set({
      ...(patch.balanceMinutesMin !== undefined && {
        balance_minutes_min: patch.balanceMinutesMin,
      }),
      ...(patch.balanceMinutesMax !== undefined && {
        balance_minutes_max: patch.balanceMinutesMax,
      }),
      ...(patch.confirmationRequired !== undefined && {
        confirmation_required: patch.confirmationRequired,
      }),
      ...(patch.pendingTimeoutDays !== undefined && {
        pending_timeout_days: patch.pendingTimeoutDays,
      }),
      ...(patch.pendingTimeoutAction !== undefined && {
        pending_timeout_action: patch.pendingTimeoutAction,
      }),
      ...(patch.starterMinutes !== undefined && { starter_minutes: patch.starterMinutes }),
      updated_at: at,
      updated_by_person_id: personId,
    })
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSettings(row as unknown as Row);
}

export interface NewAccount {
  networkId: string;
  id: string;
  timebankId: string;
  ownerKind: Account['ownerKind'];
  memberId?: string;
  organisationId?: string;
  counterpartyTimebankId?: string;
  /** The limits the account starts with (see account_limit_rule). */
  balanceMinutesMin: number | null;
  balanceMinutesMax: number | null;
  createdByPersonId: string | null;
}

/** Inserts unless an account for the same owner exists; true when inserted. */
export async function insertAccount(db: Executor, a: NewAccount): Promise<boolean> {
  const r = await db
    .insertInto('account')
    .values({
      network_id: a.networkId,
      id: a.id,
      timebank_id: a.timebankId,
      owner_kind: a.ownerKind,
      member_id: a.memberId ?? null,
      organisation_id: a.organisationId ?? null,
      counterparty_timebank_id: a.counterpartyTimebankId ?? null,
      balance_minutes_min: a.balanceMinutesMin,
      balance_minutes_max: a.balanceMinutesMax,
      created_by_person_id: a.createdByPersonId,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function getAccount(
  db: Executor,
  networkId: string,
  id: string,
): Promise<Account | undefined> {
  const row = await db
    .selectFrom('account')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAccount(row as unknown as Row) : undefined;
}

export async function findAccount(
  db: Executor,
  networkId: string,
  owner: AccountOwner,
): Promise<Account | undefined> {
  let q = db.selectFrom('account').selectAll().where('network_id', '=', networkId);
  if ('memberId' in owner) q = q.where('member_id', '=', owner.memberId);
  else if ('organisationId' in owner) q = q.where('organisation_id', '=', owner.organisationId);
  else if ('communityPotOf' in owner) {
    q = q.where('timebank_id', '=', owner.communityPotOf).where('owner_kind', '=', 'community_pot');
  } else {
    q = q
      .where('timebank_id', '=', owner.clearing.timebankId)
      .where('counterparty_timebank_id', '=', owner.clearing.counterpartyTimebankId);
  }
  const row = await q.executeTakeFirst();
  return row ? toAccount(row as unknown as Row) : undefined;
}

export async function timebankExists(
  db: Executor,
  networkId: string,
  timebankId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('timebank')
    .select('id')
    .where('network_id', '=', networkId)
    .where('id', '=', timebankId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function memberTimebank(
  db: Executor,
  networkId: string,
  memberId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('member')
    .select('timebank_id')
    .where('network_id', '=', networkId)
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row?.timebank_id;
}

export async function organisationTimebank(
  db: Executor,
  networkId: string,
  organisationId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('organisation')
    .select('timebank_id')
    .where('network_id', '=', networkId)
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.timebank_id;
}

/** Locks a timebank's ledger settings row. Lock order everywhere: the settings row first,
 * then accounts in sorted id order. 'share' keeps the defaults from changing while an
 * account is opened with them; 'update' precedes a change of the defaults. */
export async function lockSettings(
  db: Executor,
  networkId: string,
  timebankId: string,
  mode: 'share' | 'update',
): Promise<LedgerSettings | undefined> {
  const lock = mode === 'share' ? sql`for share` : sql`for no key update`;
  const r = await sql<Row>`
    select * from timebank_ledger_settings
    where network_id = ${networkId} and timebank_id = ${timebankId} ${lock}`.execute(db);
  return r.rows[0] ? toSettings(r.rows[0]) : undefined;
}

/** Writes a timebank's new default limits into the accounts that follow them (locked). */
export async function applyDefaultLimits(
  db: Executor,
  networkId: string,
  timebankId: string,
  limits: { min: number | null; max: number | null },
): Promise<void> {
  await db
    .updateTable('account')
    .set({ balance_minutes_min: limits.min, balance_minutes_max: limits.max })
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('owner_kind', 'in', ['member', 'organisation'])
    .where('limit_override', '=', false)
    .execute();
}

/** Locks accounts in the posting function's order (sorted ids) before a limit change. */
export async function lockAccounts(
  db: Executor,
  networkId: string,
  ids: string[],
): Promise<number> {
  const r = await sql`
    select 1 from account where network_id = ${networkId} and id = any(${ids}::uuid[])
    order by id for no key update`.execute(db);
  return r.rows.length;
}

/** Locks the member and organisation accounts that follow their timebank's default limits. */
export async function lockDefaultLimitAccounts(
  db: Executor,
  networkId: string,
  timebankId: string,
): Promise<void> {
  await sql`
    select 1 from account
    where network_id = ${networkId} and timebank_id = ${timebankId}
      and owner_kind in ('member', 'organisation') and not limit_override
    order by id for no key update`.execute(db);
}

export interface Breach {
  accountId: string;
  lowestMinutes: number;
  highestMinutes: number;
}

/** Accounts whose balance, counting pending transfers, lies outside the given limits. */
export async function breachesOf(
  db: Executor,
  networkId: string,
  scope: { accountIds: string[] } | { timebankDefaults: string },
  limits: { min: number | null; max: number | null },
): Promise<Breach[]> {
  const where =
    'accountIds' in scope
      ? sql`id = any(${scope.accountIds}::uuid[])`
      : sql`timebank_id = ${scope.timebankDefaults} and owner_kind in ('member', 'organisation')
          and not limit_override`;
  const r = await sql<{ id: string; lowest: number; highest: number }>`
    select id, credits_posted - debits_posted - debits_pending as lowest,
      credits_posted + credits_pending - debits_posted as highest
    from account
    where network_id = ${networkId} and ${where}
      and ((${limits.min}::bigint is not null and credits_posted - debits_posted - debits_pending < ${limits.min}::bigint)
        or (${limits.max}::bigint is not null and credits_posted + credits_pending - debits_posted > ${limits.max}::bigint))
    order by id limit 20`.execute(db);
  return r.rows.map((x) => ({
    accountId: x.id,
    lowestMinutes: x.lowest,
    highestMinutes: x.highest,
  }));
}

export async function setAccountLimits(
  db: Executor,
  networkId: string,
  accountId: string,
  limits: { override: boolean; min: number | null; max: number | null; reason: string | null },
  personId: string | null,
  at: Date,
): Promise<Account> {
  const row = await db
    .updateTable('account')
    .set({
      limit_override: limits.override,
      balance_minutes_min: limits.min,
      balance_minutes_max: limits.max,
      limit_reason: limits.reason,
      limit_set_by_person_id: personId,
      limit_set_at: at,
    })
    .where('network_id', '=', networkId)
    .where('id', '=', accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row as unknown as Row);
}

// ---------------------------------------------------------------- links between timebanks

export interface LinkRow {
  clearingLimitMinutes: number;
}

export async function getLink(
  db: Executor,
  networkId: string,
  a: string,
  b: string,
): Promise<LinkRow | undefined> {
  const row = await db
    .selectFrom('timebank_link')
    .select('clearing_limit_minutes')
    .where('network_id', '=', networkId)
    .where('timebank_a_id', '=', a)
    .where('timebank_b_id', '=', b)
    .executeTakeFirst();
  return row ? { clearingLimitMinutes: num(row.clearing_limit_minutes) } : undefined;
}

export async function insertLink(
  db: Executor,
  networkId: string,
  pair: [string, string],
  limitMinutes: number,
  personId: string | null,
): Promise<void> {
  await db
    .insertInto('timebank_link')
    .values({
      network_id: networkId,
      timebank_a_id: pair[0],
      timebank_b_id: pair[1],
      clearing_limit_minutes: limitMinutes,
      created_by_person_id: personId,
      updated_by_person_id: personId,
    })
    .execute();
}

export async function updateLinkLimit(
  db: Executor,
  networkId: string,
  pair: [string, string],
  limitMinutes: number,
  personId: string | null,
  at: Date,
): Promise<void> {
  await db
    .updateTable('account')
    .set({ balance_minutes_min: -limitMinutes, balance_minutes_max: limitMinutes })
    .where('network_id', '=', networkId)
    .where('owner_kind', '=', 'clearing')
    .where((eb) =>
      eb.or([
        eb.and([eb('timebank_id', '=', pair[0]), eb('counterparty_timebank_id', '=', pair[1])]),
        eb.and([eb('timebank_id', '=', pair[1]), eb('counterparty_timebank_id', '=', pair[0])]),
      ]),
    )
    .execute();
  await db
    .updateTable('timebank_link')
    .set({ clearing_limit_minutes: limitMinutes, updated_by_person_id: personId, updated_at: at })
    .where('network_id', '=', networkId)
    .where('timebank_a_id', '=', pair[0])
    .where('timebank_b_id', '=', pair[1])
    .execute();
}

// ---------------------------------------------------------------- read side

export async function balanceOf(
  db: Executor,
  networkId: string,
  accountId: string,
): Promise<Balance | undefined> {
  const r = await sql<Row>`
    select a.id, a.credits_posted, a.debits_posted, a.debits_pending, a.credits_pending,
      a.balance_minutes_min, a.balance_minutes_max, l.limit_source
    from account a
    join account_limit_rule l on l.network_id = a.network_id and l.account_id = a.id
    where a.network_id = ${networkId} and a.id = ${accountId}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  const balance = num(row.credits_posted) - num(row.debits_posted);
  const min = numOrNull(row.balance_minutes_min);
  return {
    accountId: String(row.id),
    balanceMinutes: balance,
    debitsPendingMinutes: num(row.debits_pending),
    creditsPendingMinutes: num(row.credits_pending),
    availableMinutes: min === null ? null : balance - num(row.debits_pending) - min,
    limits: {
      balanceMinutesMin: min,
      balanceMinutesMax: numOrNull(row.balance_minutes_max),
      source: row.limit_source as Balance['limits']['source'],
    },
  };
}

function statementSide(
  side: 'debit' | 'credit',
  networkId: string,
  accountId: string,
  q: StatementQuery,
) {
  const seq = sql.ref(`t.${side}_entry_seq`);
  const other = side === 'debit' ? sql.ref('t.credit_account_id') : sql.ref('t.debit_account_id');
  const mine = sql.ref(`t.${side}_account_id`);
  const change = side === 'debit' ? sql`-t.minutes` : sql`t.minutes`;
  return sql`
    select ${seq} as entry_seq, t.id as transfer_id, t.created_at, t.kind, t.phase, t.category,
      t.memo, t.reason, ${change} as change_minutes,
      ${sql.ref(`t.${side}_balance_after_minutes`)} as balance_after_minutes,
      ${other} as counterparty_account_id, t.reverses_transfer_id
    from transfer t
    where t.network_id = ${networkId} and ${mine} = ${accountId} and t.phase in ${BOOKED}
      ${q.before !== undefined ? sql`and ${seq} < ${q.before}` : sql``}
      ${q.kinds?.length ? sql`and t.kind = any(${q.kinds}::text[])` : sql``}
      ${q.from ? sql`and t.created_at >= ${q.from}` : sql``}
      ${q.to ? sql`and t.created_at < ${q.to}` : sql``}`;
}

export async function statementRows(
  db: Executor,
  networkId: string,
  accountId: string,
  q: StatementQuery & { limit: number },
): Promise<StatementEntry[]> {
  const r = await sql<Row>`
    select e.*, ca.owner_kind as counterparty_owner_kind,
      coalesce(p.display_name, o.name, tb.name) as counterparty_name
    from (${statementSide('debit', networkId, accountId, q)}
          union all
          ${statementSide('credit', networkId, accountId, q)}) e
    join account ca on ca.network_id = ${networkId} and ca.id = e.counterparty_account_id
    left join member m on m.network_id = ca.network_id and m.id = ca.member_id
    left join person p on p.network_id = m.network_id and p.id = m.person_id
    left join organisation o on o.network_id = ca.network_id and o.id = ca.organisation_id
    left join timebank tb on tb.network_id = ca.network_id
      and tb.id = coalesce(ca.counterparty_timebank_id, ca.timebank_id)
    order by e.entry_seq desc
    limit ${q.limit}`.execute(db);
  return r.rows.map((x) => ({
    entrySeq: num(x.entry_seq),
    transferId: String(x.transfer_id),
    createdAt: date(x.created_at),
    kind: x.kind as TransferKind,
    phase: x.phase as StatementEntry['phase'],
    category: String(x.category),
    memo: str(x.memo),
    reason: str(x.reason),
    changeMinutes: num(x.change_minutes),
    balanceAfterMinutes: num(x.balance_after_minutes),
    counterpartyAccountId: String(x.counterparty_account_id),
    counterpartyOwnerKind: x.counterparty_owner_kind as StatementEntry['counterpartyOwnerKind'],
    counterpartyName: String(x.counterparty_name ?? ''),
    reversesTransferId: str(x.reverses_transfer_id),
  }));
}

/** Pending transfers of an account that nobody has posted or voided yet, oldest first. */
export async function openPending(
  db: Executor,
  networkId: string,
  accountId: string,
): Promise<Transfer[]> {
  const r = await sql<Row>`
    select t.* from transfer t
    where t.network_id = ${networkId} and t.phase = 'pending'
      and (t.debit_account_id = ${accountId} or t.credit_account_id = ${accountId})
      and not exists (select 1 from transfer r where r.network_id = t.network_id and r.pending_id = t.id)
    order by t.created_at, t.id`.execute(db);
  return r.rows.map(toTransfer);
}

function rangeFilter(range: DateRange) {
  return sql`${range.from ? sql`and t.created_at >= ${range.from}` : sql``}
    ${range.to ? sql`and t.created_at < ${range.to}` : sql``}`;
}

export interface KindSideRow {
  kind: TransferKind;
  side: 'credit' | 'debit';
  minutes: number;
}

/** Booked minutes of an account per original kind and side; a reversal counts, negatively,
 * on the side and kind of the transfer it reverses. */
export async function kindSideTotals(
  db: Executor,
  networkId: string,
  accountId: string,
  range: DateRange,
): Promise<KindSideRow[]> {
  const r = await sql<{ kind: TransferKind; side: 'credit' | 'debit'; minutes: number }>`
    select coalesce(o.kind, e.kind) as kind,
      case when e.credited <> (e.kind = 'reversal') then 'credit' else 'debit' end as side,
      sum(case when e.kind = 'reversal' then -e.minutes else e.minutes end)::bigint as minutes
    from (
      select t.*, false as credited from transfer t
      where t.network_id = ${networkId} and t.debit_account_id = ${accountId} and t.phase in ${BOOKED}
        ${rangeFilter(range)}
      union all
      select t.*, true as credited from transfer t
      where t.network_id = ${networkId} and t.credit_account_id = ${accountId} and t.phase in ${BOOKED}
        ${rangeFilter(range)}
    ) e
    left join transfer o on o.network_id = e.network_id and o.id = e.reverses_transfer_id
    group by 1, 2`.execute(db);
  return r.rows.map((x) => ({ kind: x.kind, side: x.side, minutes: num(x.minutes) }));
}

export interface TimebankAccountSums {
  accountCount: number;
  balanceSumMinutes: number;
  positiveBalanceMinutes: number;
  negativeBalanceMinutes: number;
  pendingMinutes: number;
}

export async function timebankAccountSums(
  db: Executor,
  networkId: string,
  timebankId: string,
): Promise<TimebankAccountSums> {
  const r = await sql<Row>`
    select count(*) as n,
      coalesce(sum(credits_posted - debits_posted), 0)::bigint as balance_sum,
      coalesce(sum(greatest(credits_posted - debits_posted, 0)), 0)::bigint as positive,
      coalesce(sum(least(credits_posted - debits_posted, 0)), 0)::bigint as negative,
      coalesce(sum(debits_pending), 0)::bigint as pending
    from account where network_id = ${networkId} and timebank_id = ${timebankId}`.execute(db);
  const row = r.rows[0]!;
  return {
    accountCount: num(row.n),
    balanceSumMinutes: num(row.balance_sum),
    positiveBalanceMinutes: num(row.positive),
    negativeBalanceMinutes: num(row.negative),
    pendingMinutes: num(row.pending),
  };
}

export interface KindCategoryRow {
  kind: TransferKind;
  category: string;
  minutes: number;
}

export async function timebankKindCategoryTotals(
  db: Executor,
  networkId: string,
  timebankId: string,
  range: DateRange,
): Promise<KindCategoryRow[]> {
  const r = await sql<{ kind: TransferKind; category: string; minutes: number }>`
    select coalesce(o.kind, t.kind) as kind, t.category,
      sum(case when t.kind = 'reversal' then -t.minutes else t.minutes end)::bigint as minutes
    from transfer t
    left join transfer o on o.network_id = t.network_id and o.id = t.reverses_transfer_id
    where t.network_id = ${networkId} and t.timebank_id = ${timebankId} and t.phase in ${BOOKED}
      ${rangeFilter(range)}
    group by 1, 2`.execute(db);
  return r.rows.map((x) => ({ kind: x.kind, category: x.category, minutes: num(x.minutes) }));
}

export async function clearingFlows(db: Executor, networkId: string): Promise<ClearingFlow[]> {
  const r = await sql<Row>`
    select l.timebank_a_id, ta.name as a_name, l.timebank_b_id, tb.name as b_name,
      l.clearing_limit_minutes,
      coalesce(ab.credits_posted, 0) as ab_credits,
      coalesce(ba.credits_posted, 0) as ba_credits,
      coalesce(ba.credits_posted - ba.debits_posted, 0) as ba_balance
    from timebank_link l
    join timebank ta on ta.network_id = l.network_id and ta.id = l.timebank_a_id
    join timebank tb on tb.network_id = l.network_id and tb.id = l.timebank_b_id
    left join account ab on ab.network_id = l.network_id and ab.owner_kind = 'clearing'
      and ab.timebank_id = l.timebank_a_id and ab.counterparty_timebank_id = l.timebank_b_id
    left join account ba on ba.network_id = l.network_id and ba.owner_kind = 'clearing'
      and ba.timebank_id = l.timebank_b_id and ba.counterparty_timebank_id = l.timebank_a_id
    where l.network_id = ${networkId}
    order by ta.name, tb.name`.execute(db);
  return r.rows.map((x) => ({
    timebankAId: String(x.timebank_a_id),
    timebankAName: String(x.a_name),
    timebankBId: String(x.timebank_b_id),
    timebankBName: String(x.b_name),
    clearingLimitMinutes: num(x.clearing_limit_minutes),
    paidFromAToBMinutes: num(x.ab_credits),
    paidFromBToAMinutes: num(x.ba_credits),
    netOwedByBToAMinutes: num(x.ba_balance),
  }));
}

// ---------------------------------------------------------------- verify (whole database)

export interface ViolationRow {
  network_id: string | null;
  subject_id: string | null;
  message: string;
}

const POSTED_DELTA = sql`case when t.phase in ('posted', 'post_pending') then t.minutes else 0 end`;
const PENDING_DELTA = sql`case t.phase when 'pending' then t.minutes when 'posted' then 0 else -t.minutes end`;

async function violations(db: Executor, query: ReturnType<typeof sql>): Promise<ViolationRow[]> {
  const r = await sql<ViolationRow>`${query}`.execute(db);
  return r.rows;
}

/** Invariant 1: per network, credits = debits (posted and pending). */
export function networkImbalances(db: Executor) {
  return violations(
    db,
    sql`select network_id, null::uuid as subject_id,
      'credits posted - debits posted = ' || (sum(credits_posted) - sum(debits_posted))
      || ', credits pending - debits pending = ' || (sum(credits_pending) - sum(debits_pending)) as message
    from account group by network_id
    having sum(credits_posted) <> sum(debits_posted) or sum(credits_pending) <> sum(debits_pending)`,
  );
}

/** Invariant 1: every transfer debits and credits the same minutes on two accounts. */
export function malformedTransfers(db: Executor) {
  return violations(
    db,
    sql`select t.network_id, t.id as subject_id, 'transfer of ' || t.minutes || ' minutes between '
      || t.debit_account_id || ' and ' || t.credit_account_id as message
    from transfer t where t.minutes <= 0 or t.debit_account_id = t.credit_account_id`,
  );
}

/** Invariant 2: running totals equal the totals recomputed from the transfers. */
export function totalMismatches(db: Executor) {
  return violations(
    db,
    sql`with d as (
      select t.network_id, t.debit_account_id as id, sum(${POSTED_DELTA}) as posted,
        sum(${PENDING_DELTA}) as pending, count(*) as n
      from transfer t group by 1, 2),
    c as (
      select t.network_id, t.credit_account_id as id, sum(${POSTED_DELTA}) as posted,
        sum(${PENDING_DELTA}) as pending, count(*) as n
      from transfer t group by 1, 2)
    select a.network_id, a.id as subject_id,
      'stored debits/credits posted ' || a.debits_posted || '/' || a.credits_posted
      || ', pending ' || a.debits_pending || '/' || a.credits_pending || ', entries ' || a.entry_count
      || '; from transfers ' || coalesce(d.posted, 0) || '/' || coalesce(c.posted, 0)
      || ', pending ' || coalesce(d.pending, 0) || '/' || coalesce(c.pending, 0)
      || ', entries ' || (coalesce(d.n, 0) + coalesce(c.n, 0)) as message
    from account a
    left join d on d.network_id = a.network_id and d.id = a.id
    left join c on c.network_id = a.network_id and c.id = a.id
    where a.debits_posted <> coalesce(d.posted, 0) or a.credits_posted <> coalesce(c.posted, 0)
      or a.debits_pending <> coalesce(d.pending, 0) or a.credits_pending <> coalesce(c.pending, 0)
      or a.entry_count <> coalesce(d.n, 0) + coalesce(c.n, 0)`,
  );
}

/** Invariant 2: each account's entries are numbered 1..n and each balance-after follows. */
export function historyBreaks(db: Executor) {
  return violations(
    db,
    sql`with e as (
      select t.network_id, t.debit_account_id as account_id, t.debit_entry_seq as seq,
        -(${POSTED_DELTA}) as change, t.debit_balance_after_minutes as after, t.id
      from transfer t
      union all
      select t.network_id, t.credit_account_id, t.credit_entry_seq, ${POSTED_DELTA},
        t.credit_balance_after_minutes, t.id
      from transfer t),
    w as (
      select e.*, row_number() over (partition by network_id, account_id order by seq) as n,
        sum(change) over (partition by network_id, account_id order by seq) as running
      from e)
    select network_id, account_id as subject_id,
      'entry ' || seq || ' (transfer ' || id || '): expected entry ' || n || ' with balance '
      || running || ', found balance ' || after as message
    from w where seq <> n or after <> running`,
  );
}

/** Invariant 3: no balance (pending included) outside its account's limits, and the
 * limits stored on each account are the ones the rules give. */
export function limitBreaches(db: Executor) {
  return violations(
    db,
    sql`select a.network_id, a.id as subject_id,
      'balance ' || (a.credits_posted - a.debits_posted) || ' (pending debits ' || a.debits_pending
      || ', pending credits ' || a.credits_pending || ') outside limits ['
      || coalesce(a.balance_minutes_min::text, 'none') || ', '
      || coalesce(a.balance_minutes_max::text, 'none') || ']' as message
    from account a
    where a.credits_posted - a.debits_posted - a.debits_pending < a.balance_minutes_min
      or a.credits_posted + a.credits_pending - a.debits_posted > a.balance_minutes_max
    union all
    select a.network_id, a.id, 'stored limits [' || coalesce(a.balance_minutes_min::text, 'none')
      || ', ' || coalesce(a.balance_minutes_max::text, 'none') || '] differ from the '
      || l.limit_source || ' limits [' || coalesce(l.balance_minutes_min::text, 'none') || ', '
      || coalesce(l.balance_minutes_max::text, 'none') || ']'
    from account a
    join account_limit_rule l on l.network_id = a.network_id and l.account_id = a.id
    where (a.balance_minutes_min, a.balance_minutes_max)
      is distinct from (l.balance_minutes_min, l.balance_minutes_max)`,
  );
}

/** Invariant 4: the guards that keep transfers unique and unchanged are in place. */
export function missingGuards(db: Executor) {
  return violations(
    db,
    sql`select null::uuid as network_id, null::uuid as subject_id, g.message
    from (values
      ('transfer_append_only', 'the trigger refusing UPDATE and DELETE of transfers is missing or disabled'),
      ('transfer_append_only_truncate', 'the trigger refusing TRUNCATE of transfers is missing or disabled')
    ) g(name, message)
    where not exists (
      select 1 from pg_trigger tg
      where tg.tgrelid = 'transfer'::regclass and tg.tgname = g.name and tg.tgenabled <> 'D')
    union all
    select null, null, 'transfer has no primary key on (network_id, id)'
    where not exists (
      select 1 from pg_constraint c
      where c.conrelid = 'transfer'::regclass and c.contype = 'p' and array_length(c.conkey, 1) = 2)`,
  );
}

/** Invariant 5: a pending transfer is posted or voided at most once, by a transfer that
 * repeats its movement. */
export function badResolutions(db: Executor) {
  return violations(
    db,
    sql`select r.network_id, r.id as subject_id,
      'resolves ' || r.pending_id || ' which is ' || coalesce('a ' || p.phase || ' transfer', 'missing')
      || ' or differs from it' as message
    from transfer r
    left join transfer p on p.network_id = r.network_id and p.id = r.pending_id
    where r.pending_id is not null and (p.id is null or p.phase <> 'pending'
      or p.debit_account_id <> r.debit_account_id or p.credit_account_id <> r.credit_account_id
      or p.minutes <> r.minutes or p.kind <> r.kind)
    union all
    select network_id, pending_id, 'pending transfer resolved ' || count(*) || ' times'
    from transfer where pending_id is not null group by network_id, pending_id having count(*) > 1`,
  );
}

/** Reversals mirror a booked transfer that is not itself a reversal, once. */
export function badReversals(db: Executor) {
  return violations(
    db,
    sql`select r.network_id, r.id as subject_id,
      'reversal of ' || r.reverses_transfer_id || ' does not mirror a booked transfer' as message
    from transfer r
    left join transfer o on o.network_id = r.network_id and o.id = r.reverses_transfer_id
    where r.reverses_transfer_id is not null and (o.id is null or o.phase not in ${BOOKED}
      or o.kind = 'reversal' or o.debit_account_id <> r.credit_account_id
      or o.credit_account_id <> r.debit_account_id or o.minutes <> r.minutes)
    union all
    select network_id, reverses_transfer_id, 'transfer reversed ' || count(*) || ' times'
    from transfer where reverses_transfer_id is not null
    group by network_id, reverses_transfer_id having count(*) > 1`,
  );
}

/** Invariant 6: clearing accounts come in linked pairs that sum to zero, within the limit. */
export function clearingBreaks(db: Executor) {
  return violations(
    db,
    sql`select c.network_id, c.id as subject_id,
      case when o.id is null then 'clearing account without its counterpart'
        when l.network_id is null then 'clearing account without a link between its timebanks'
        when abs(c.credits_posted - c.debits_posted) > l.clearing_limit_minutes
          then 'clearing balance ' || (c.credits_posted - c.debits_posted) || ' beyond the limit '
            || l.clearing_limit_minutes
        else 'clearing pair does not sum to zero: ' || (c.credits_posted - c.debits_posted) || ' and '
          || (o.credits_posted - o.debits_posted) end as message
    from account c
    left join account o on o.network_id = c.network_id and o.owner_kind = 'clearing'
      and o.timebank_id = c.counterparty_timebank_id and o.counterparty_timebank_id = c.timebank_id
    left join timebank_link l on l.network_id = c.network_id
      and l.timebank_a_id = least(c.timebank_id, c.counterparty_timebank_id)
      and l.timebank_b_id = greatest(c.timebank_id, c.counterparty_timebank_id)
    where c.owner_kind = 'clearing' and (o.id is null or l.network_id is null
      or abs(c.credits_posted - c.debits_posted) > l.clearing_limit_minutes
      or (c.credits_posted - c.debits_posted) + (o.credits_posted - o.debits_posted) <> 0
      or (c.credits_pending - c.debits_pending) + (o.credits_pending - o.debits_pending) <> 0)`,
  );
}

/** Invariant 6: each timebank's accounts, clearing included, sum to zero. */
export function timebankImbalances(db: Executor) {
  return violations(
    db,
    sql`select network_id, timebank_id as subject_id,
      'timebank balances sum to ' || sum(credits_posted - debits_posted) || ', pending to '
      || sum(credits_pending - debits_pending) as message
    from account group by network_id, timebank_id
    having sum(credits_posted - debits_posted) <> 0 or sum(credits_pending - debits_pending) <> 0`,
  );
}

/** Invariant 6: a transfer stays inside one timebank; an account sits in its owner's. */
export function timebankStrays(db: Executor) {
  return violations(
    db,
    sql`select t.network_id, t.id as subject_id, 'transfer leaves its timebank ' || t.timebank_id as message
    from transfer t
    join account d on d.network_id = t.network_id and d.id = t.debit_account_id
    join account c on c.network_id = t.network_id and c.id = t.credit_account_id
    where d.timebank_id <> t.timebank_id or c.timebank_id <> t.timebank_id
    union all
    select a.network_id, a.id, 'account is not in its owner''s timebank'
    from account a
    left join member m on m.network_id = a.network_id and m.id = a.member_id
    left join organisation o on o.network_id = a.network_id and o.id = a.organisation_id
    where (a.member_id is not null and m.timebank_id <> a.timebank_id)
      or (a.organisation_id is not null and o.timebank_id <> a.timebank_id)`,
  );
}
