// Kysely's view of the listing tables (migration 0008-listings.sql).
import type { Generated } from 'kysely';
import type { DateOnly, TimestampDefault } from '../../db/schema.ts';

export type ListingKind = 'offer' | 'request' | 'lend';
export type ListingMode = 'home' | 'outside' | 'online';
export type ListingVisibility = 'timebank' | 'network';
export type ListingStatus = 'open' | 'closed' | 'lapsed';

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
  area_id: string | null;
  mode: ListingMode;
  check_needed: Generated<boolean>;
  language: Generated<string>;
  visibility: Generated<ListingVisibility>;
  status: Generated<ListingStatus>;
  expires_on: DateOnly;
  created_at: TimestampDefault;
  created_by_person_id: string;
  updated_at: TimestampDefault;
}

export interface ListingTables {
  listing: ListingTable;
}
