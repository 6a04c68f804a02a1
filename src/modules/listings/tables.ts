// Kysely's view of the listing tables (migration 0008-listings.sql).
import type { ColumnType, Generated } from 'kysely';
import type { DateOnly, Timestamp, TimestampDefault } from '../../db/schema.ts';

export type ListingKind = 'offer' | 'request' | 'lend';
export type ListingMode = 'home' | 'outside' | 'online';
export type ListingVisibility = 'timebank' | 'network';
export type ListingStatus = 'open' | 'closed' | 'lapsed';
export type ListingWhenKind = 'one_off' | 'recurring' | 'flexible';
export type ListingDayPart = 'morning' | 'afternoon' | 'evening';

/** A column the database computes: read, never written. */
type Computed<T> = ColumnType<T, never, never>;

export interface ListingTable {
  network_id: string;
  id: string;
  timebank_id: string;
  kind: ListingKind;
  member_id: string | null;
  organisation_id: string | null;
  title: string;
  description: Generated<string>;
  category_slug: string;
  category_top: Computed<string>;
  area_id: string | null;
  mode: ListingMode;
  when_kind: Generated<ListingWhenKind>;
  when_on: DateOnly | null;
  when_weekday: number | null;
  when_every_weeks: number | null;
  when_part: ListingDayPart | null;
  when_note: string | null;
  check_needed: Generated<boolean>;
  check_set_by_person_id: string | null;
  language: Generated<string>;
  languages: Generated<string[]>;
  visibility: Generated<ListingVisibility>;
  status: Generated<ListingStatus>;
  expires_on: DateOnly;
  reminded_for: DateOnly | null;
  taken_by_phone: Generated<boolean>;
  created_at: TimestampDefault;
  created_by_person_id: string;
  updated_at: TimestampDefault;
  updated_by_person_id: string | null;
  renewed_at: Timestamp | null;
  closed_at: Timestamp | null;
  closed_by_person_id: string | null;
  lapsed_at: Timestamp | null;
  search_vector: Computed<string>;
}

export interface CategorySubscriptionTable {
  network_id: string;
  member_id: string;
  category_slug: string;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface ListingTables {
  listing: ListingTable;
  category_subscription: CategorySubscriptionTable;
}
