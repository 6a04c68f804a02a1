// The ledger's public shapes: what the service takes and returns. Minutes are integers.
import type { AccountOwnerKind, TransferKind, TransferPhase } from './tables.ts';

export type { AccountOwnerKind, TransferKind, TransferPhase };

/** Kinds a caller may post directly (reversal has its own function). */
export type NewTransferKind = Exclude<TransferKind, 'reversal'>;

export interface LedgerSettings {
  networkId: string;
  timebankId: string;
  balanceMinutesMin: number;
  balanceMinutesMax: number | null;
  confirmationRequired: boolean;
  pendingTimeoutDays: number | null;
  pendingTimeoutAction: 'post' | 'void';
  starterMinutes: number;
  updatedAt: Date;
}

export type LedgerSettingsPatch = Partial<
  Pick<
    LedgerSettings,
    | 'balanceMinutesMin'
    | 'balanceMinutesMax'
    | 'confirmationRequired'
    | 'pendingTimeoutDays'
    | 'pendingTimeoutAction'
    | 'starterMinutes'
  >
>;

export interface AccountLimits {
  balanceMinutesMin: number | null;
  balanceMinutesMax: number | null;
  /** Where the limits come from: the account's own override, the timebank's defaults,
   * the clearing limit of a link, or none (a community pot). */
  source: 'account' | 'timebank' | 'clearing_link' | 'none';
}

export interface Account {
  networkId: string;
  id: string;
  timebankId: string;
  ownerKind: AccountOwnerKind;
  memberId: string | null;
  organisationId: string | null;
  counterpartyTimebankId: string | null;
  debitsPostedMinutes: number;
  creditsPostedMinutes: number;
  debitsPendingMinutes: number;
  creditsPendingMinutes: number;
  entryCount: number;
  limitOverride: boolean;
  limitReason: string | null;
  createdAt: Date;
}

export interface Balance {
  accountId: string;
  /** credits posted - debits posted */
  balanceMinutes: number;
  debitsPendingMinutes: number;
  creditsPendingMinutes: number;
  /** What can still be spent: balance - pending debits - the floor (null: no floor). */
  availableMinutes: number | null;
  limits: AccountLimits;
}

export interface Transfer {
  networkId: string;
  id: string;
  timebankId: string;
  debitAccountId: string;
  creditAccountId: string;
  minutes: number;
  kind: TransferKind;
  phase: TransferPhase;
  pendingId: string | null;
  reversesTransferId: string | null;
  batchId: string | null;
  category: string;
  memo: string | null;
  reason: string | null;
  exchangeId: string | null;
  activityId: string | null;
  recordedByPersonId: string | null;
  onBehalfOfPersonId: string | null;
  createdAt: Date;
  timeoutAt: Date | null;
  debitBalanceAfterMinutes: number;
  creditBalanceAfterMinutes: number;
}

/** hit: every id already existed with the same content; nothing was written
 * (HTTP: `Idempotency-Hit: true`). */
export interface PostResult {
  hit: boolean;
  transfers: Transfer[];
}

/** A new movement. id is chosen by the client and kept before sending: the idempotency key. */
export interface TransferInput {
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  minutes: number;
  kind: NewTransferKind;
  category: string;
  memo?: string | null;
  /** Required above 1440 minutes (24 hours) and for adjustments. */
  reason?: string | null;
  exchangeId?: string | null;
  activityId?: string | null;
}

export interface ResolvePendingInput {
  /** Client-chosen id of the posting (or voiding) transfer. */
  id: string;
  pendingId: string;
  memo?: string | null;
  reason?: string | null;
}

export interface ReverseInput {
  id: string;
  transferId: string;
  reason: string;
}

export type AccountOwner =
  | { memberId: string }
  | { organisationId: string }
  | { communityPotOf: string }
  | { clearing: { timebankId: string; counterpartyTimebankId: string } };

export interface TimebankLink {
  networkId: string;
  timebankIds: [string, string];
  clearingLimitMinutes: number;
  /** clearingAccountIds[i] belongs to timebankIds[i] and is its account for the other one. */
  clearingAccountIds: [string, string];
}

export interface StatementQuery {
  kinds?: TransferKind[];
  /** Inclusive lower bound of created_at. */
  from?: Date;
  /** Exclusive upper bound of created_at. */
  to?: Date;
  /** Page size, 1..500 (default 50). */
  limit?: number;
  /** Cursor: entries with an entry number below this one (newest first). */
  before?: number;
}

export interface StatementEntry {
  entrySeq: number;
  transferId: string;
  createdAt: Date;
  kind: TransferKind;
  phase: TransferPhase;
  category: string;
  memo: string | null;
  reason: string | null;
  /** + credited to this account, - debited from it. */
  changeMinutes: number;
  /** The account's posted balance right after this entry. */
  balanceAfterMinutes: number;
  counterpartyAccountId: string;
  counterpartyOwnerKind: AccountOwnerKind;
  /** The member's display name, the organisation's name, or the timebank's name (community
   * pot; for a clearing account, the other timebank). */
  counterpartyName: string;
  reversesTransferId: string | null;
}

export interface StatementPage {
  entries: StatementEntry[];
  /** Pass as `before` for the next (older) page; null when this is the last. */
  nextBefore: number | null;
}

export interface DateRange {
  from?: Date;
  to?: Date;
}

export interface KindTotals {
  creditedMinutes: number;
  debitedMinutes: number;
}

export interface GivenReceived {
  accountId: string;
  /** Credited through exchanges and activities, less reversals of them. */
  givenMinutes: number;
  /** Debited through exchanges and activities, less reversals of them. */
  receivedMinutes: number;
  /** Per kind of the original movement; reversals count against the kind they reverse. */
  byKind: Partial<Record<TransferKind, KindTotals>>;
}

export interface TimebankTotals {
  timebankId: string;
  accountCount: number;
  /** Always 0 when the ledger is sound. */
  balanceSumMinutes: number;
  /** Sum of positive balances: hours earned and not yet spent. */
  positiveBalanceMinutes: number;
  /** Sum of negative balances (as a negative number). */
  negativeBalanceMinutes: number;
  pendingMinutes: number;
  /** Booked minutes per kind; a reversal counts against the kind it reverses. */
  byKind: Partial<Record<TransferKind, number>>;
  /** Booked minutes per category, reversals subtracted. */
  byCategory: Record<string, number>;
}

export interface ClearingFlow {
  timebankAId: string;
  timebankAName: string;
  timebankBId: string;
  timebankBName: string;
  clearingLimitMinutes: number;
  /** Minutes paid by members of A to members of B (gross, through A's clearing account). */
  paidFromAToBMinutes: number;
  paidFromBToAMinutes: number;
  /** What B owes A (negative: A owes B). Always within ±clearingLimitMinutes. */
  netOwedByBToAMinutes: number;
}

export interface ResolveDueResult {
  posted: number;
  voided: number;
  /** Pending transfers someone else resolved first. */
  skipped: number;
}
