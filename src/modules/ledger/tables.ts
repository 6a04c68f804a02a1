// Kysely's view of the ledger tables (migration 0002-ledger.sql). Minutes are bigint columns
// read as numbers (database.ts checks they are safe integers).
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../../db/schema.ts';

export type AccountOwnerKind = 'member' | 'organisation' | 'community_pot' | 'clearing';
export type TransferKind =
  | 'exchange'
  | 'activity'
  | 'donation'
  | 'gift'
  | 'starter'
  | 'reversal'
  | 'clearing'
  | 'adjustment';
export type TransferPhase = 'posted' | 'pending' | 'post_pending' | 'void_pending';

/** Written only by ledger_post(); a column that is never set from outside is read-only here. */
type Total = ColumnType<number, never, never>;
/** timestamptz with a default: may be left out on insert. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TimebankLedgerSettingsTable {
  network_id: string;
  timebank_id: string;
  balance_minutes_min: Generated<number>;
  balance_minutes_max: number | null;
  confirmation_required: Generated<boolean>;
  pending_timeout_days: Generated<number | null>;
  pending_timeout_action: Generated<'post' | 'void'>;
  starter_minutes: Generated<number>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  updated_by_person_id: string | null;
}

export interface AccountTable {
  network_id: string;
  id: string;
  timebank_id: string;
  owner_kind: AccountOwnerKind;
  member_id: string | null;
  organisation_id: string | null;
  counterparty_timebank_id: string | null;
  debits_posted: Total;
  credits_posted: Total;
  debits_pending: Total;
  credits_pending: Total;
  entry_count: Total;
  limit_override: Generated<boolean>;
  balance_minutes_min: number | null;
  balance_minutes_max: number | null;
  limit_reason: string | null;
  limit_set_by_person_id: string | null;
  limit_set_at: Timestamp | null;
  created_at: DefaultTimestamp;
  created_by_person_id: string | null;
}

export interface TimebankLinkTable {
  network_id: string;
  timebank_a_id: string;
  timebank_b_id: string;
  clearing_limit_minutes: number;
  created_at: DefaultTimestamp;
  created_by_person_id: string | null;
  updated_at: DefaultTimestamp;
  updated_by_person_id: string | null;
}

/** Append-only: inserted by ledger_post() only. */
export interface TransferTable {
  network_id: string;
  id: string;
  timebank_id: string;
  debit_account_id: string;
  credit_account_id: string;
  minutes: number;
  kind: TransferKind;
  phase: TransferPhase;
  pending_id: string | null;
  reverses_transfer_id: string | null;
  batch_id: string | null;
  category: string;
  memo: string | null;
  reason: string | null;
  exchange_id: string | null;
  activity_id: string | null;
  recorded_by_person_id: string | null;
  on_behalf_of_person_id: string | null;
  created_at: Timestamp;
  timeout_at: Timestamp | null;
  debit_entry_seq: number;
  credit_entry_seq: number;
  debit_balance_after_minutes: number;
  credit_balance_after_minutes: number;
}

/** What each account's limits must be by the rules (timebank defaults, override, link). */
export interface AccountLimitRuleView {
  network_id: string;
  account_id: string;
  balance_minutes_min: number | null;
  balance_minutes_max: number | null;
  limit_source: 'clearing_link' | 'account' | 'timebank' | 'none';
}

export interface LedgerTables {
  timebank_ledger_settings: TimebankLedgerSettingsTable;
  account: AccountTable;
  timebank_link: TimebankLinkTable;
  transfer: TransferTable;
  account_limit_rule: AccountLimitRuleView;
}
