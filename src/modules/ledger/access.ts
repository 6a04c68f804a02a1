// Who may do what with the ledger, in front of the ledger service: every function takes the
// signed-in principal, authorizes through the policy module, then calls the ledger.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../audit/record.ts';
import { type Principal, subjectPersonId } from '../auth/principal.ts';
import { type Action, authorize, can, type Resource } from '../policy/policy.ts';
import { loadMemberships } from '../auth/queries.ts';
import { findMember as memberOf } from '../people/queries.ts';
import { timebankResource } from '../tenancy/guard.ts';
import {
  type AccountWithHolders,
  accountNames,
  accountsHeldBy,
  accountsWithHolders,
  membersWithoutAccount,
  personNames,
} from './holders.ts';
import type { Ledger } from './service.ts';
import type { LedgerSettingsPatch, StatementQuery, TransferInput } from './types.ts';

export interface TransferRequest extends TransferInput {
  /** Record as pending hours for the other side to confirm. */
  pending?: boolean | undefined;
}

export function createLedgerAccess({ db, ledger }: { db: Kysely<DB>; ledger: Ledger }) {
  function resourceOf(p: Principal, a: AccountWithHolders) {
    const resource: Resource = {
      type: 'account',
      networkId: p.networkId,
      timebankId: a.timebank_id,
      ownerKind: a.owner_kind,
      holderPersonIds: a.holderPersonIds,
    };
    return { account: a, resource };
  }

  /** Accounts and who holds them, looked up together; an unknown id answers 404. */
  async function accountResources(p: Principal, accountIds: readonly string[]) {
    const found = await accountsWithHolders(db, p.networkId, accountIds);
    return accountIds.map((id) => {
      const a = found.get(id);
      if (!a) throw notFound('account');
      return resourceOf(p, a);
    });
  }

  async function accountResource(p: Principal, accountId: string) {
    const [r] = await accountResources(p, [accountId]);
    return r!;
  }

  /** The two sides of a transfer, in one lookup. */
  async function accountPair(p: Principal, debitAccountId: string, creditAccountId: string) {
    const [debit, credit] = await accountResources(p, [debitAccountId, creditAccountId]);
    return { debit: debit!, credit: credit! };
  }

  async function authorizeAccount(p: Principal, action: Action, accountId: string) {
    const r = await accountResource(p, accountId);
    // Acting for a member: the broker may do what the member may, within their own rights.
    const subject = p.actingFor ? { ...p, personId: subjectPersonId(p) } : p;
    if (!can(subject, action, r.resource)) authorize(p, action, r.resource);
    return r;
  }

  /** The accounts of the person shown (the member acted for, or oneself); opened on first use. */
  async function myAccounts(p: Principal, actor: Actor) {
    const personId = subjectPersonId(p);
    for (const memberId of await membersWithoutAccount(db, p.networkId, personId)) {
      await ledger.openMemberAccount(actor, { memberId });
    }
    const held = await accountsHeldBy(db, p.networkId, personId);
    return Promise.all(
      held.map(async (h) => ({ ...h, balance: await ledger.balance(p.networkId, h.id) })),
    );
  }

  async function memberAccount(p: Principal, actor: Actor, timebankId: string, memberId: string) {
    await timebankResource(db, p, timebankId);
    const member = await memberOf(db, p.networkId, timebankId, memberId);
    if (!member) throw notFound('member');
    const timebankIds = (await loadMemberships(db, p.networkId, member.person_id)).map(
      (m) => m.timebankId,
    );
    authorize(p, 'person.read', {
      type: 'person',
      networkId: p.networkId,
      personId: member.person_id,
      timebankIds,
    });
    const account = await ledger.openMemberAccount(actor, { memberId });
    return { accountId: account.id, balance: await ledger.balance(p.networkId, account.id) };
  }

  async function communityPot(p: Principal, timebankId: string) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    const pot = await ledger.findAccount(p.networkId, { communityPotOf: timebankId });
    if (!pot) throw new DomainError('ledger_not_open', 'this timebank has no ledger yet');
    return { accountId: pot.id };
  }

  async function account(p: Principal, accountId: string) {
    await authorizeAccount(p, 'account.read', accountId);
    const [acc, balance, given] = await Promise.all([
      ledger.getAccount(p.networkId, accountId),
      ledger.balance(p.networkId, accountId),
      ledger.givenReceived(p.networkId, accountId),
    ]);
    return { account: acc, balance, given };
  }

  async function statement(p: Principal, accountId: string, query: StatementQuery) {
    await authorizeAccount(p, 'account.read', accountId);
    return ledger.statement(p.networkId, accountId, query);
  }

  async function statementCsv(
    p: Principal,
    accountId: string,
    query: Omit<StatementQuery, 'limit' | 'before'>,
  ) {
    await authorizeAccount(p, 'account.read', accountId);
    return ledger.statementCsv(p.networkId, accountId, query);
  }

  async function pending(p: Principal, accountId: string) {
    await authorizeAccount(p, 'account.read', accountId);
    return ledger.pendingFor(p.networkId, accountId);
  }

  /** Names of the other sides of an account's movements (the account must be readable). */
  async function counterpartyNames(p: Principal, accountId: string, ids: string[]) {
    await authorizeAccount(p, 'account.read', accountId);
    return accountNames(db, p.networkId, ids);
  }

  /**
   * Moving minutes. The payer's holder (or staff of its timebank) may pay; the helper may
   * record hours they gave, which stay pending for the other side when the timebank asks
   * for confirmation. A transfer between two timebanks clears through their clearing pair.
   */
  async function transfer(p: Principal, actor: Actor, input: TransferRequest) {
    if (input.debitAccountId === input.creditAccountId) {
      throw new DomainError(
        'same_account',
        'the two sides of a transfer must be different accounts',
        {
          fields: [{ path: '/body/creditAccountId', message: 'same as debitAccountId' }],
        },
      );
    }
    const { debit, credit } = await accountPair(p, input.debitAccountId, input.creditAccountId);
    const subject = p.actingFor ? { ...p, personId: subjectPersonId(p) } : p;
    const mayPay =
      can(subject, 'account.spend', debit.resource) || can(p, 'account.spend', debit.resource);
    const claimsOwnHours =
      input.kind === 'exchange' &&
      (can(subject, 'account.spend', credit.resource) || can(p, 'account.spend', credit.resource));
    if (input.kind === 'adjustment' || input.kind === 'starter') {
      authorize(p, 'ledger.configure', await timebankResource(db, p, debit.account.timebank_id));
    } else if (input.kind === 'activity') {
      authorize(p, 'ledger.record', await timebankResource(db, p, debit.account.timebank_id));
    } else if (!mayPay && !claimsOwnHours) {
      authorize(p, 'account.spend', debit.resource);
    }
    const { pending: asPending, ...t } = input;
    const crossing = debit.account.timebank_id !== credit.account.timebank_id;
    if (crossing)
      return ledger.crossTimebank(actor, {
        ...t,
        pending: asPending || (!mayPay && claimsOwnHours),
      });
    if (!mayPay && claimsOwnHours) return ledger.recordHours(actor, { ...t, confirmed: false });
    return asPending ? ledger.recordPending(actor, t) : ledger.transfer(actor, t);
  }

  /** A whole paper sheet of exchanges, recorded by a broker as one batch: all or nothing. */
  async function transferBatch(p: Principal, actor: Actor, inputs: TransferInput[]) {
    const timebanks = new Set<string>();
    const ids = inputs.flatMap((t) => [t.debitAccountId, t.creditAccountId]);
    const resources = new Map((await accountResources(p, ids)).map((r) => [r.account.id, r]));
    for (const t of inputs) {
      const debit = resources.get(t.debitAccountId)!;
      const credit = resources.get(t.creditAccountId)!;
      if (debit.account.timebank_id !== credit.account.timebank_id) {
        throw new DomainError(
          'cross_timebank_in_batch',
          'record exchanges with other timebanks one at a time',
        );
      }
      timebanks.add(debit.account.timebank_id);
    }
    for (const timebankId of timebanks)
      authorize(p, 'ledger.record', await timebankResource(db, p, timebankId));
    return ledger.transferBatch(actor, inputs);
  }

  /** The other party (the payer), or staff of its timebank, confirms or declines pending hours. */
  async function resolvePending(
    p: Principal,
    actor: Actor,
    confirm: boolean,
    input: { id: string; pendingId: string; memo?: string | null; reason?: string | null },
  ) {
    const pendingTransfer = await ledger.getTransfer(p.networkId, input.pendingId).catch(() => {
      throw notFound('transfer');
    });
    await authorizeAccount(p, 'account.spend', pendingTransfer.debitAccountId);
    return confirm ? ledger.confirmPending(actor, input) : ledger.declinePending(actor, input);
  }

  async function reverse(
    p: Principal,
    actor: Actor,
    input: { id: string; transferId: string; reason: string },
  ) {
    const original = await ledger.getTransfer(p.networkId, input.transferId).catch(() => {
      throw notFound('transfer');
    });
    authorize(p, 'ledger.reverse', await timebankResource(db, p, original.timebankId));
    return ledger.reverse(actor, input);
  }

  async function getTransfer(p: Principal, id: string) {
    const t = await ledger.getTransfer(p.networkId, id).catch(() => {
      throw notFound('transfer');
    });
    const { debit, credit } = await accountPair(p, t.debitAccountId, t.creditAccountId);
    const subject = p.actingFor ? { ...p, personId: subjectPersonId(p) } : p;
    const visible = [debit, credit].some(
      (a) => can(subject, 'account.read', a.resource) || can(p, 'account.read', a.resource),
    );
    if (!visible) throw notFound('transfer');
    return t;
  }

  /**
   * A transfer with what a reader needs to understand it: who paid and who received (account
   * names), who recorded it and for whom, and what came after it (its reversal; for pending
   * hours, their confirmation or decline). Same visibility as getTransfer.
   */
  async function transferDetail(p: Principal, id: string) {
    const transfer = await getTransfer(p, id);
    const [names, followers, people] = await Promise.all([
      accountNames(db, p.networkId, [transfer.debitAccountId, transfer.creditAccountId]),
      ledger.followersOf(p.networkId, id),
      personNames(db, p.networkId, [transfer.recordedByPersonId, transfer.onBehalfOfPersonId]),
    ]);
    const person = (personId: string | null) => (personId ? (people.get(personId) ?? null) : null);
    return {
      transfer,
      fromName: names.get(transfer.debitAccountId) ?? '',
      toName: names.get(transfer.creditAccountId) ?? '',
      recordedByName: person(transfer.recordedByPersonId),
      onBehalfOfName: person(transfer.onBehalfOfPersonId),
      ...followers,
    };
  }

  async function settings(p: Principal, timebankId: string) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    return ledger.getSettings(p.networkId, timebankId);
  }

  async function updateSettings(
    p: Principal,
    actor: Actor,
    timebankId: string,
    patch: LedgerSettingsPatch,
  ) {
    authorize(p, 'ledger.configure', await timebankResource(db, p, timebankId));
    return ledger.updateSettings(actor, { timebankId, ...patch });
  }

  async function setAccountLimits(
    p: Principal,
    actor: Actor,
    accountId: string,
    input: { balanceMinutesMin: number | null; balanceMinutesMax: number | null; reason: string },
  ) {
    const { account: a } = await accountResource(p, accountId);
    authorize(p, 'ledger.configure', await timebankResource(db, p, a.timebank_id));
    return ledger.setAccountLimits(actor, { accountId, ...input });
  }

  /** Back to the timebank's defaults, with a reason. */
  async function resetAccountLimits(p: Principal, actor: Actor, accountId: string, reason: string) {
    const { account: a } = await accountResource(p, accountId);
    authorize(p, 'ledger.configure', await timebankResource(db, p, a.timebank_id));
    return ledger.resetAccountLimits(actor, { accountId, reason });
  }

  async function totals(p: Principal, timebankId: string, range: { from?: Date; to?: Date }) {
    authorize(p, 'report.read', await timebankResource(db, p, timebankId));
    return ledger.timebankTotals(p.networkId, timebankId, range);
  }

  async function flows(p: Principal) {
    authorize(p, 'ledger.clearing', { type: 'network', networkId: p.networkId });
    return ledger.networkFlows(p.networkId);
  }

  async function linkTimebanks(
    p: Principal,
    actor: Actor,
    input: { timebankIds: [string, string]; clearingLimitMinutes: number },
  ) {
    authorize(p, 'ledger.clearing', { type: 'network', networkId: p.networkId });
    for (const id of input.timebankIds) await timebankResource(db, p, id);
    return ledger.linkTimebanks(actor, input);
  }

  async function setClearingLimit(
    p: Principal,
    actor: Actor,
    input: { timebankIds: [string, string]; clearingLimitMinutes: number; reason?: string | null },
  ) {
    authorize(p, 'ledger.clearing', { type: 'network', networkId: p.networkId });
    for (const id of input.timebankIds) await timebankResource(db, p, id);
    return ledger.setClearingLimit(actor, input);
  }

  return {
    memberAccount,
    communityPot,
    myAccounts,
    account,
    statement,
    statementCsv,
    pending,
    counterpartyNames,
    transfer,
    transferBatch,
    resolvePending,
    reverse,
    getTransfer,
    transferDetail,
    settings,
    updateSettings,
    setAccountLimits,
    resetAccountLimits,
    totals,
    flows,
    linkTimebanks,
    setClearingLimit,
  };
}

export type LedgerAccess = ReturnType<typeof createLedgerAccess>;
