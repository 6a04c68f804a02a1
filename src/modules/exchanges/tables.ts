// Kysely's view of the exchange tables (migrations 0011-exchanges.sql, 0021-exchange-organisations.sql).
import type { ColumnType, Generated } from 'kysely';
import type { DateOnly, Json, TimestampDefault } from '../../db/schema.ts';
import type { ListingMode } from '../listings/tables.ts';

export type ExchangeState = 'proposed' | 'agreed' | 'cancelled';
export type OccurrenceState = 'agreed' | 'done' | 'hours_recorded' | 'confirmed' | 'disputed' | 'resolved' | 'cancelled' | 'no_show';
export type ExpensesPayer = 'receiver' | 'timebank' | 'organisation';
export type Resolution = 'post' | 'void' | 'adjust';

/** bigint: the database layer gives numbers on both engines. */
type BigInt = ColumnType<number, number | bigint, number | bigint>;

export interface ExchangeTable {
  network_id: string;
  id: string;
  timebank_id: string;
  listing_id: string;
  /** The receiver: a member, or an organisation (on its request); exactly one is set. */
  receiver_member_id: string | null;
  receiver_organisation_id: string | null;
  /** The giver of an organisation's offer (the exchange then has no member givers). */
  giver_organisation_id: string | null;
  state: Generated<ExchangeState>;
  what: string;
  category_slug: string;
  mode: ListingMode;
  check_needed: boolean;
  note: string | null;
  place: string | null;
  duration_minutes: number | null;
  /** JSON array of ISO weekdays. */
  repeat_weekdays: Json | null;
  repeat_until: DateOnly | null;
  repeat_count: number | null;
  expenses_minor: BigInt | null;
  expenses_currency: string | null;
  expenses_for: string | null;
  expenses_payer: ExpensesPayer | null;
  cancelled_reason: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string | null;
  updated_at: TimestampDefault;
}

export interface ExchangeGiverTable {
  network_id: string;
  exchange_id: string;
  member_id: string;
  position: number;
}

export interface ExchangeOccurrenceTable {
  network_id: string;
  id: string;
  exchange_id: string;
  seq: number;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  state: Generated<OccurrenceState>;
  reason: string | null;
  no_show_member_id: string | null;
  resolution: Resolution | null;
  updated_at: TimestampDefault;
}

export interface ExchangeHoursTable {
  network_id: string;
  occurrence_id: string;
  /** The giver: a member, or the organisation whose offer it is; exactly one is set. */
  giver_member_id: string | null;
  giver_organisation_id: string | null;
  /** Whichever of the two is set (generated; part of the primary key). */
  giver_id: ColumnType<string, never, never>;
  exchange_id: string;
  request_id: string;
  transfer_id: string;
  minutes: number;
  recorded_at: TimestampDefault;
  recorded_by_person_id: string | null;
  on_behalf_of_person_id: string | null;
}

export interface ExchangeEventTable {
  network_id: string;
  id: string;
  exchange_id: string;
  occurrence_id: string | null;
  at: ColumnType<Date, Date | string, never>;
  kind: string;
  actor_person_id: string | null;
  on_behalf_of_person_id: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
}

export interface ThankYouTable {
  network_id: string;
  id: string;
  exchange_id: string;
  /** The writer: a member, or an organisation that received help; exactly one is set. */
  from_member_id: string | null;
  from_organisation_id: string | null;
  to_member_id: string;
  body: string;
  show_on_profile: boolean;
  hidden_by_recipient: Generated<boolean>;
  created_at: TimestampDefault;
  written_by_person_id: string | null;
}

export interface ExchangeTables {
  exchange: ExchangeTable;
  exchange_giver: ExchangeGiverTable;
  exchange_occurrence: ExchangeOccurrenceTable;
  exchange_hours: ExchangeHoursTable;
  exchange_event: ExchangeEventTable;
  thank_you: ThankYouTable;
}
