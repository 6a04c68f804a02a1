// Opening the ledger of a timebank, accounts, links between timebanks, and every limit.
// Limit changes lock the affected accounts in the posting function's order first, then refuse
// a limit that a current balance (pending included) already breaks: invariant 3 holds always.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import { type LedgerContext, postIn, withRetry } from './posting.ts';
import * as q from './queries.ts';
import type { Account, LedgerSettings, LedgerSettingsPatch, TimebankLink } from './types.ts';
import {
  validateAccountLimits,
  validateClearingLimit,
  validateId,
  validateSettings,
} from './validate.ts';

type Tx = Transaction<DB>;

function inTx<T>(ctx: LedgerContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withRetry(ctx, () => ctx.db.transaction().execute(fn));
}

/** The settings, locked (see q.lockSettings for the lock order). */
async function settingsOrFail(
  tx: Tx,
  networkId: string,
  timebankId: string,
  mode: 'share' | 'update' = 'share',
): Promise<LedgerSettings> {
  const settings = await q.lockSettings(tx, networkId, timebankId, mode);
  if (!settings)
    throw new DomainError('ledger_not_open', 'the ledger of this timebank is not open');
  return settings;
}

function refuseBreaches(breaches: q.Breach[]): void {
  if (breaches.length === 0) return;
  throw new DomainError(
    'limit_below_balance',
    'a current balance already lies outside the new limit',
    {
      breaches,
    },
  );
}

export interface OpenTimebankInput {
  timebankId: string;
  settings?: LedgerSettingsPatch;
}

export interface TimebankLedger {
  settings: LedgerSettings;
  communityPotAccountId: string;
}

/** Opens the ledger of a timebank: its settings and its community pot. Safe to repeat. */
export async function openTimebank(
  ctx: LedgerContext,
  actor: Actor,
  input: OpenTimebankInput,
): Promise<TimebankLedger> {
  validateId(input.timebankId, '/timebankId');
  if (input.settings) validateSettings(input.settings);
  return inTx(ctx, async (tx) => {
    if (!(await q.timebankExists(tx, actor.networkId, input.timebankId)))
      throw notFound('timebank');
    await q.insertSettings(tx, actor.networkId, input.timebankId, actor.personId);
    await q.insertAccount(tx, {
      networkId: actor.networkId,
      id: newId(),
      timebankId: input.timebankId,
      ownerKind: 'community_pot',
      balanceMinutesMin: null,
      balanceMinutesMax: null,
      createdByPersonId: actor.personId,
    });
    const settings = input.settings
      ? await applySettings(tx, ctx, actor, input.timebankId, input.settings)
      : await settingsOrFail(tx, actor.networkId, input.timebankId);
    const pot = await q.findAccount(tx, actor.networkId, { communityPotOf: input.timebankId });
    await recordAudit(tx, actor, {
      action: 'ledger.open',
      subjectType: 'timebank',
      subjectId: input.timebankId,
      timebankId: input.timebankId,
    });
    return { settings, communityPotAccountId: pot!.id };
  });
}

async function applySettings(
  tx: Tx,
  ctx: LedgerContext,
  actor: Actor,
  timebankId: string,
  patch: LedgerSettingsPatch,
): Promise<LedgerSettings> {
  const current = await settingsOrFail(tx, actor.networkId, timebankId, 'update');
  const limitsChange =
    patch.balanceMinutesMin !== undefined || patch.balanceMinutesMax !== undefined;
  const min = patch.balanceMinutesMin ?? current.balanceMinutesMin;
  const max =
    patch.balanceMinutesMax === undefined ? current.balanceMinutesMax : patch.balanceMinutesMax;
  if (limitsChange) {
    await q.lockDefaultLimitAccounts(tx, actor.networkId, timebankId);
    const scope = { timebankDefaults: timebankId };
    refuseBreaches(await q.breachesOf(tx, actor.networkId, scope, { min, max }));
  }
  const at = ctx.clock.now();
  const settings = await q.updateSettings(
    tx,
    actor.networkId,
    timebankId,
    patch,
    actor.personId,
    at,
  );
  if (limitsChange) await q.applyDefaultLimits(tx, actor.networkId, timebankId, { min, max });
  return settings;
}

export async function updateSettings(
  ctx: LedgerContext,
  actor: Actor,
  input: { timebankId: string } & LedgerSettingsPatch,
): Promise<LedgerSettings> {
  const { timebankId, ...patch } = input;
  validateId(timebankId, '/timebankId');
  validateSettings(patch);
  return inTx(ctx, async (tx) => {
    const settings = await applySettings(tx, ctx, actor, timebankId, patch);
    await recordAudit(tx, actor, {
      action: 'ledger.settings.update',
      subjectType: 'timebank',
      subjectId: timebankId,
      timebankId,
      detail: { ...patch },
    });
    return settings;
  });
}

export interface OpenMemberAccountInput {
  memberId: string;
  /** Id of the starter transfer, when the timebank gives starter minutes (default: new). */
  starterTransferId?: string;
}

/** Opens a member's account (once; a repeat returns the account) and, by the timebank's rule,
 * pays the starter minutes from the community pot in the same transaction. */
export async function openMemberAccount(
  ctx: LedgerContext,
  actor: Actor,
  input: OpenMemberAccountInput,
): Promise<Account> {
  validateId(input.memberId, '/memberId');
  const starterId = input.starterTransferId ?? newId();
  validateId(starterId, '/starterTransferId');
  return inTx(ctx, async (tx) => {
    const timebankId = await q.memberTimebank(tx, actor.networkId, input.memberId);
    if (!timebankId) throw notFound('member');
    const settings = await settingsOrFail(tx, actor.networkId, timebankId);
    const id = newId();
    const inserted = await q.insertAccount(tx, {
      networkId: actor.networkId,
      id,
      timebankId,
      ownerKind: 'member',
      memberId: input.memberId,
      balanceMinutesMin: settings.balanceMinutesMin,
      balanceMinutesMax: settings.balanceMinutesMax,
      createdByPersonId: actor.personId,
    });
    if (inserted && settings.starterMinutes > 0)
      await payStarter(tx, ctx, actor, timebankId, id, starterId, settings);
    if (inserted) await auditOpen(tx, actor, id, timebankId, { memberId: input.memberId });
    return (await q.findAccount(tx, actor.networkId, { memberId: input.memberId }))!;
  });
}

async function payStarter(
  tx: Tx,
  ctx: LedgerContext,
  actor: Actor,
  timebankId: string,
  accountId: string,
  transferId: string,
  settings: LedgerSettings,
): Promise<void> {
  const pot = await q.findAccount(tx, actor.networkId, { communityPotOf: timebankId });
  if (!pot) throw new DomainError('ledger_not_open', 'the timebank has no community pot');
  await postIn(tx, ctx, actor, [
    {
      id: transferId,
      phase: 'posted',
      debit_account_id: pot.id,
      credit_account_id: accountId,
      minutes: settings.starterMinutes,
      kind: 'starter',
      category: 'starter',
    },
  ]);
}

function auditOpen(
  tx: Tx,
  actor: Actor,
  accountId: string,
  timebankId: string,
  detail: Record<string, unknown>,
) {
  return recordAudit(tx, actor, {
    action: 'ledger.account.open',
    subjectType: 'account',
    subjectId: accountId,
    timebankId,
    detail,
  });
}

export async function openOrganisationAccount(
  ctx: LedgerContext,
  actor: Actor,
  input: { organisationId: string },
): Promise<Account> {
  validateId(input.organisationId, '/organisationId');
  return inTx(ctx, async (tx) => {
    const timebankId = await q.organisationTimebank(tx, actor.networkId, input.organisationId);
    if (!timebankId) throw notFound('organisation');
    const settings = await settingsOrFail(tx, actor.networkId, timebankId);
    const id = newId();
    const inserted = await q.insertAccount(tx, {
      networkId: actor.networkId,
      id,
      timebankId,
      ownerKind: 'organisation',
      organisationId: input.organisationId,
      balanceMinutesMin: settings.balanceMinutesMin,
      balanceMinutesMax: settings.balanceMinutesMax,
      createdByPersonId: actor.personId,
    });
    if (inserted)
      await auditOpen(tx, actor, id, timebankId, { organisationId: input.organisationId });
    return (await q.findAccount(tx, actor.networkId, { organisationId: input.organisationId }))!;
  });
}

function sortedPair(ids: [string, string]): [string, string] {
  validateId(ids?.[0], '/timebankIds/0');
  validateId(ids?.[1], '/timebankIds/1');
  const [a, b] = ids.map((x) => x.toLowerCase()) as [string, string];
  if (a === b) throw new DomainError('validation_failed', 'a timebank cannot be linked to itself');
  return a < b ? [a, b] : [b, a];
}

async function linkOf(
  tx: Tx,
  networkId: string,
  ids: [string, string],
  limit: number,
): Promise<TimebankLink> {
  const [x, y] = ids;
  const ax = await q.findAccount(tx, networkId, {
    clearing: { timebankId: x, counterpartyTimebankId: y },
  });
  const ay = await q.findAccount(tx, networkId, {
    clearing: { timebankId: y, counterpartyTimebankId: x },
  });
  return {
    networkId,
    timebankIds: ids,
    clearingLimitMinutes: limit,
    clearingAccountIds: [ax!.id, ay!.id],
  };
}

export interface LinkTimebanksInput {
  timebankIds: [string, string];
  clearingLimitMinutes: number;
}

/** Links two timebanks (network admin): the link with its clearing limit, and the clearing
 * pair. Repeating it with the same limit returns the link. */
export async function linkTimebanks(
  ctx: LedgerContext,
  actor: Actor,
  input: LinkTimebanksInput,
): Promise<TimebankLink> {
  const pair = sortedPair(input.timebankIds);
  validateClearingLimit(input.clearingLimitMinutes);
  const asGiven = input.timebankIds.map((x) => x.toLowerCase()) as [string, string];
  return inTx(ctx, async (tx) => {
    for (const tb of pair) await settingsOrFail(tx, actor.networkId, tb);
    const existing = await q.getLink(tx, actor.networkId, pair[0], pair[1]);
    if (existing && existing.clearingLimitMinutes !== input.clearingLimitMinutes) {
      throw new DomainError(
        'already_linked',
        'the timebanks are linked with another clearing limit',
      );
    }
    if (!existing) {
      await q.insertLink(tx, actor.networkId, pair, input.clearingLimitMinutes, actor.personId);
      for (const [tb, other] of [pair, [pair[1], pair[0]]] as const) {
        await q.insertAccount(tx, {
          networkId: actor.networkId,
          id: newId(),
          timebankId: tb,
          ownerKind: 'clearing',
          counterpartyTimebankId: other,
          balanceMinutesMin: -input.clearingLimitMinutes,
          balanceMinutesMax: input.clearingLimitMinutes,
          createdByPersonId: actor.personId,
        });
      }
      await recordAudit(tx, actor, {
        action: 'ledger.link.create',
        subjectType: 'timebank_link',
        subjectId: null,
        detail: { timebankIds: pair, clearingLimitMinutes: input.clearingLimitMinutes },
      });
    }
    return linkOf(tx, actor.networkId, asGiven, input.clearingLimitMinutes);
  });
}

export async function setClearingLimit(
  ctx: LedgerContext,
  actor: Actor,
  input: LinkTimebanksInput & { reason?: string | null },
): Promise<TimebankLink> {
  const pair = sortedPair(input.timebankIds);
  const limit = input.clearingLimitMinutes;
  validateClearingLimit(limit);
  return inTx(ctx, async (tx) => {
    if (!(await q.getLink(tx, actor.networkId, pair[0], pair[1]))) {
      throw new DomainError('not_linked', 'the two timebanks are not linked');
    }
    const link = await linkOf(tx, actor.networkId, pair, limit);
    const ids = [...link.clearingAccountIds];
    await q.lockAccounts(tx, actor.networkId, ids);
    refuseBreaches(
      await q.breachesOf(tx, actor.networkId, { accountIds: ids }, { min: -limit, max: limit }),
    );
    await q.updateLinkLimit(tx, actor.networkId, pair, limit, actor.personId, ctx.clock.now());
    await recordAudit(tx, actor, {
      action: 'ledger.link.limit',
      subjectType: 'timebank_link',
      subjectId: null,
      detail: { timebankIds: pair, clearingLimitMinutes: limit, reason: input.reason ?? null },
    });
    return linkOf(
      tx,
      actor.networkId,
      input.timebankIds.map((x) => x.toLowerCase()) as [string, string],
      limit,
    );
  });
}

export interface AccountLimitsInput {
  accountId: string;
  /** null: no floor. */
  balanceMinutesMin: number | null;
  /** null: no ceiling. */
  balanceMinutesMax: number | null;
  reason: string;
}

/** Locks the account, after its timebank's settings row when asked (the lock order). */
async function lockedAccount(
  tx: Tx,
  networkId: string,
  accountId: string,
  withSettings = false,
): Promise<{ account: Account; settings: LedgerSettings | undefined }> {
  const unlocked = await q.getAccount(tx, networkId, accountId);
  if (!unlocked) throw notFound('account');
  const settings = withSettings
    ? await settingsOrFail(tx, networkId, unlocked.timebankId)
    : undefined;
  await q.lockAccounts(tx, networkId, [accountId]);
  const account = (await q.getAccount(tx, networkId, accountId))!;
  if (account.ownerKind === 'clearing') {
    throw new DomainError(
      'validation_failed',
      'a clearing account follows the clearing limit of its link',
    );
  }
  return { account, settings };
}

/** A coordinator's override of one account's limits, with a reason. */
export async function setAccountLimits(
  ctx: LedgerContext,
  actor: Actor,
  input: AccountLimitsInput,
): Promise<Account> {
  validateId(input.accountId, '/accountId');
  validateAccountLimits(input);
  return inTx(ctx, async (tx) => {
    const { account } = await lockedAccount(tx, actor.networkId, input.accountId);
    const limits = { min: input.balanceMinutesMin, max: input.balanceMinutesMax };
    refuseBreaches(await q.breachesOf(tx, actor.networkId, { accountIds: [account.id] }, limits));
    const updated = await q.setAccountLimits(
      tx,
      actor.networkId,
      account.id,
      { override: true, ...limits, reason: input.reason.trim() },
      actor.personId,
      ctx.clock.now(),
    );
    await auditLimits(tx, actor, updated, { ...limits, reason: input.reason });
    return updated;
  });
}

function auditLimits(tx: Tx, actor: Actor, account: Account, detail: Record<string, unknown>) {
  return recordAudit(tx, actor, {
    action: 'ledger.account.limits',
    subjectType: 'account',
    subjectId: account.id,
    timebankId: account.timebankId,
    detail,
  });
}

/** Back to the timebank's defaults (none for a community pot). */
export async function resetAccountLimits(
  ctx: LedgerContext,
  actor: Actor,
  input: { accountId: string; reason: string },
): Promise<Account> {
  validateId(input.accountId, '/accountId');
  validateAccountLimits({ balanceMinutesMin: null, balanceMinutesMax: null, reason: input.reason });
  return inTx(ctx, async (tx) => {
    const { account, settings } = await lockedAccount(tx, actor.networkId, input.accountId, true);
    const follows = account.ownerKind === 'member' || account.ownerKind === 'organisation';
    const limits = follows
      ? { min: settings!.balanceMinutesMin, max: settings!.balanceMinutesMax }
      : { min: null, max: null };
    refuseBreaches(await q.breachesOf(tx, actor.networkId, { accountIds: [account.id] }, limits));
    const updated = await q.setAccountLimits(
      tx,
      actor.networkId,
      account.id,
      { override: false, ...limits, reason: null },
      actor.personId,
      ctx.clock.now(),
    );
    await auditLimits(tx, actor, updated, { reset: true, reason: input.reason });
    return updated;
  });
}
