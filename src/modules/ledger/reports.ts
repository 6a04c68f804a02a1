// The read side: balances, statements, pending lists, totals and flows between timebanks.
import { DomainError, notFound } from '../../lib/errors.ts';
import { renderStatementCsv } from './csv.ts';
import type { LedgerContext } from './posting.ts';
import * as q from './queries.ts';
import type {
  Account,
  AccountOwner,
  Balance,
  ClearingFlow,
  DateRange,
  GivenReceived,
  LedgerSettings,
  StatementEntry,
  StatementPage,
  StatementQuery,
  TimebankTotals,
  Transfer,
} from './types.ts';
import { validateId } from './validate.ts';

export const STATEMENT_PAGE_MAX = 500;
const STATEMENT_PAGE_DEFAULT = 50;

export async function getAccount(
  ctx: LedgerContext,
  networkId: string,
  accountId: string,
): Promise<Account> {
  validateId(accountId, '/accountId');
  const account = await q.getAccount(ctx.db, networkId, accountId);
  if (!account) throw notFound('account');
  return account;
}

export async function findAccount(
  ctx: LedgerContext,
  networkId: string,
  owner: AccountOwner,
): Promise<Account | null> {
  return (await q.findAccount(ctx.db, networkId, owner)) ?? null;
}

export async function getSettings(
  ctx: LedgerContext,
  networkId: string,
  timebankId: string,
): Promise<LedgerSettings> {
  validateId(timebankId, '/timebankId');
  const settings = await q.getSettings(ctx.db, networkId, timebankId);
  if (!settings) throw notFound('ledger settings');
  return settings;
}

export async function getTransfer(
  ctx: LedgerContext,
  networkId: string,
  id: string,
): Promise<Transfer> {
  validateId(id, '/id');
  const t = await q.getTransfer(ctx.db, networkId, id);
  if (!t) throw notFound('transfer');
  return t;
}

export function followersOf(ctx: LedgerContext, networkId: string, id: string) {
  validateId(id, '/id');
  return q.followersOf(ctx.db, networkId, id);
}

export async function balance(
  ctx: LedgerContext,
  networkId: string,
  accountId: string,
): Promise<Balance> {
  validateId(accountId, '/accountId');
  const b = await q.balanceOf(ctx.db, networkId, accountId);
  if (!b) throw notFound('account');
  return b;
}

function pageSize(limit: number | undefined): number {
  const n = limit ?? STATEMENT_PAGE_DEFAULT;
  if (!Number.isInteger(n) || n < 1 || n > STATEMENT_PAGE_MAX) {
    throw new DomainError('validation_failed', `limit must be 1 to ${STATEMENT_PAGE_MAX}`, {
      fields: [{ path: '/limit', message: `a whole number from 1 to ${STATEMENT_PAGE_MAX}` }],
    });
  }
  return n;
}

/** One page of booked entries, newest first, each with the balance right after it. */
export async function statement(
  ctx: LedgerContext,
  networkId: string,
  accountId: string,
  query: StatementQuery = {},
): Promise<StatementPage> {
  const limit = pageSize(query.limit);
  if (query.before !== undefined && !Number.isInteger(query.before)) {
    throw new DomainError('validation_failed', 'before must be an entry number');
  }
  await getAccount(ctx, networkId, accountId);
  const rows = await q.statementRows(ctx.db, networkId, accountId, { ...query, limit: limit + 1 });
  const entries = rows.slice(0, limit);
  return { entries, nextBefore: rows.length > limit ? entries.at(-1)!.entrySeq : null };
}

/** The whole statement (with the same filters) as CSV, oldest first. */
export async function statementCsv(
  ctx: LedgerContext,
  networkId: string,
  accountId: string,
  query: Omit<StatementQuery, 'limit' | 'before'> = {},
): Promise<string> {
  const all: StatementEntry[] = [];
  let before: number | undefined;
  do {
    const page = await statement(ctx, networkId, accountId, {
      ...query,
      limit: STATEMENT_PAGE_MAX,
      before,
    });
    all.push(...page.entries);
    before = page.nextBefore ?? undefined;
  } while (before !== undefined);
  return renderStatementCsv(all);
}

/** Pending transfers of the account that nobody has answered yet. */
export async function pendingFor(
  ctx: LedgerContext,
  networkId: string,
  accountId: string,
): Promise<Transfer[]> {
  await getAccount(ctx, networkId, accountId);
  return q.openPending(ctx.db, networkId, accountId);
}

/** Hours given and hours received, counted apart, and every kind on each side. */
export async function givenReceived(
  ctx: LedgerContext,
  networkId: string,
  accountId: string,
  range: DateRange = {},
): Promise<GivenReceived> {
  await getAccount(ctx, networkId, accountId);
  const rows = await q.kindSideTotals(ctx.db, networkId, accountId, range);
  const result: GivenReceived = { accountId, givenMinutes: 0, receivedMinutes: 0, byKind: {} };
  for (const r of rows) {
    const k = result.byKind[r.kind] ?? { creditedMinutes: 0, debitedMinutes: 0 };
    result.byKind[r.kind] = k;
    if (r.side === 'credit') k.creditedMinutes += r.minutes;
    else k.debitedMinutes += r.minutes;
    if (r.kind !== 'exchange' && r.kind !== 'activity') continue;
    if (r.side === 'credit') result.givenMinutes += r.minutes;
    else result.receivedMinutes += r.minutes;
  }
  return result;
}

export async function timebankTotals(
  ctx: LedgerContext,
  networkId: string,
  timebankId: string,
  range: DateRange = {},
): Promise<TimebankTotals> {
  validateId(timebankId, '/timebankId');
  const sums = await q.timebankAccountSums(ctx.db, networkId, timebankId);
  const rows = await q.timebankKindCategoryTotals(ctx.db, networkId, timebankId, range);
  const totals: TimebankTotals = { timebankId, ...sums, byKind: {}, byCategory: {} };
  for (const r of rows) {
    totals.byKind[r.kind] = (totals.byKind[r.kind] ?? 0) + r.minutes;
    totals.byCategory[r.category] = (totals.byCategory[r.category] ?? 0) + r.minutes;
  }
  return totals;
}

/** For the network admin: every linked pair, what went each way, and the net position. */
export async function networkFlows(ctx: LedgerContext, networkId: string): Promise<ClearingFlow[]> {
  return q.clearingFlows(ctx.db, networkId);
}
