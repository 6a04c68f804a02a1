// The ledger service: createLedger({ db, clock, log }). Writes take the Actor (who records,
// for whom) and write in the actor's network; reads take the network id. Failures are
// DomainErrors with the codes listed in docs/ledger.md.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { Actor } from '../audit/record.ts';
import * as accounts from './accounts.ts';
import type { LedgerContext } from './posting.ts';
import * as reports from './reports.ts';
import * as transfers from './transfers.ts';
import type {
  Account,
  AccountOwner,
  Balance,
  ClearingFlow,
  DateRange,
  GivenReceived,
  LedgerSettings,
  LedgerSettingsPatch,
  PostResult,
  ResolveDueResult,
  ResolvePendingInput,
  ReverseInput,
  StatementPage,
  StatementQuery,
  TimebankLink,
  TimebankTotals,
  Transfer,
  TransferInput,
} from './types.ts';

export interface LedgerDeps {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  /** Attempts per write on deadlock or serialization failure (default 5). */
  retryAttempts?: number;
}

export interface Ledger {
  // Setting up
  openTimebank(actor: Actor, input: accounts.OpenTimebankInput): Promise<accounts.TimebankLedger>;
  updateSettings(
    actor: Actor,
    input: { timebankId: string } & LedgerSettingsPatch,
  ): Promise<LedgerSettings>;
  openMemberAccount(actor: Actor, input: accounts.OpenMemberAccountInput): Promise<Account>;
  openOrganisationAccount(actor: Actor, input: { organisationId: string }): Promise<Account>;
  linkTimebanks(actor: Actor, input: accounts.LinkTimebanksInput): Promise<TimebankLink>;
  setClearingLimit(
    actor: Actor,
    input: accounts.LinkTimebanksInput & { reason?: string | null },
  ): Promise<TimebankLink>;
  setAccountLimits(actor: Actor, input: accounts.AccountLimitsInput): Promise<Account>;
  resetAccountLimits(actor: Actor, input: { accountId: string; reason: string }): Promise<Account>;
  // Moving minutes
  transfer(actor: Actor, input: TransferInput): Promise<PostResult>;
  transferBatch(actor: Actor, inputs: TransferInput[]): Promise<PostResult>;
  recordPending(actor: Actor, input: TransferInput): Promise<PostResult>;
  recordHours(actor: Actor, input: TransferInput & { confirmed: boolean }): Promise<PostResult>;
  confirmPending(actor: Actor, input: ResolvePendingInput): Promise<PostResult>;
  declinePending(actor: Actor, input: ResolvePendingInput): Promise<PostResult>;
  reverse(actor: Actor, input: ReverseInput): Promise<PostResult>;
  crossTimebank(actor: Actor, input: TransferInput & { pending?: boolean }): Promise<PostResult>;
  resolveDuePending(now?: Date, limit?: number): Promise<ResolveDueResult>;
  // Reading
  getAccount(networkId: string, accountId: string): Promise<Account>;
  findAccount(networkId: string, owner: AccountOwner): Promise<Account | null>;
  getSettings(networkId: string, timebankId: string): Promise<LedgerSettings>;
  getTransfer(networkId: string, id: string): Promise<Transfer>;
  /** What came after a transfer: its reversal; for pending hours, what posted or voided them. */
  followersOf(
    networkId: string,
    id: string,
  ): Promise<{ reversal: Transfer | undefined; resolution: Transfer | undefined }>;
  balance(networkId: string, accountId: string): Promise<Balance>;
  statement(networkId: string, accountId: string, query?: StatementQuery): Promise<StatementPage>;
  statementCsv(
    networkId: string,
    accountId: string,
    query?: Omit<StatementQuery, 'limit' | 'before'>,
  ): Promise<string>;
  pendingFor(networkId: string, accountId: string): Promise<Transfer[]>;
  givenReceived(networkId: string, accountId: string, range?: DateRange): Promise<GivenReceived>;
  timebankTotals(networkId: string, timebankId: string, range?: DateRange): Promise<TimebankTotals>;
  networkFlows(networkId: string): Promise<ClearingFlow[]>;
  /** Retries done so far (deadlocks, serialization failures, concurrent same-id inserts). */
  stats(): { retries: number };
}

export function createLedger(deps: LedgerDeps): Ledger {
  const ctx: LedgerContext = {
    db: deps.db,
    clock: deps.clock,
    log: deps.log.child({ module: 'ledger' }),
    attempts: deps.retryAttempts ?? 5,
    stats: { retries: 0 },
  };
  return {
    openTimebank: (actor, input) => accounts.openTimebank(ctx, actor, input),
    updateSettings: (actor, input) => accounts.updateSettings(ctx, actor, input),
    openMemberAccount: (actor, input) => accounts.openMemberAccount(ctx, actor, input),
    openOrganisationAccount: (actor, input) => accounts.openOrganisationAccount(ctx, actor, input),
    linkTimebanks: (actor, input) => accounts.linkTimebanks(ctx, actor, input),
    setClearingLimit: (actor, input) => accounts.setClearingLimit(ctx, actor, input),
    setAccountLimits: (actor, input) => accounts.setAccountLimits(ctx, actor, input),
    resetAccountLimits: (actor, input) => accounts.resetAccountLimits(ctx, actor, input),
    transfer: (actor, input) => transfers.transfer(ctx, actor, input),
    transferBatch: (actor, inputs) => transfers.transferBatch(ctx, actor, inputs),
    recordPending: (actor, input) => transfers.recordPending(ctx, actor, input),
    recordHours: (actor, input) => transfers.recordHours(ctx, actor, input),
    confirmPending: (actor, input) => transfers.confirmPending(ctx, actor, input),
    declinePending: (actor, input) => transfers.declinePending(ctx, actor, input),
    reverse: (actor, input) => transfers.reverse(ctx, actor, input),
    crossTimebank: (actor, input) => transfers.crossTimebank(ctx, actor, input),
    resolveDuePending: (now, limit) =>
      transfers.resolveDuePending(ctx, now ?? ctx.clock.now(), limit),
    getAccount: (networkId, accountId) => reports.getAccount(ctx, networkId, accountId),
    findAccount: (networkId, owner) => reports.findAccount(ctx, networkId, owner),
    getSettings: (networkId, timebankId) => reports.getSettings(ctx, networkId, timebankId),
    getTransfer: (networkId, id) => reports.getTransfer(ctx, networkId, id),
    followersOf: (networkId, id) => reports.followersOf(ctx, networkId, id),
    balance: (networkId, accountId) => reports.balance(ctx, networkId, accountId),
    statement: (networkId, accountId, query) => reports.statement(ctx, networkId, accountId, query),
    statementCsv: (networkId, accountId, query) =>
      reports.statementCsv(ctx, networkId, accountId, query),
    pendingFor: (networkId, accountId) => reports.pendingFor(ctx, networkId, accountId),
    givenReceived: (networkId, accountId, range) =>
      reports.givenReceived(ctx, networkId, accountId, range),
    timebankTotals: (networkId, timebankId, range) =>
      reports.timebankTotals(ctx, networkId, timebankId, range),
    networkFlows: (networkId) => reports.networkFlows(ctx, networkId),
    stats: () => ({ ...ctx.stats }),
  };
}
