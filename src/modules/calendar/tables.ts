// Kysely's view of the calendar feed table (migration 0010-activities.sql).
import type { TimestampDefault } from '../../db/schema.ts';

export interface CalendarFeedTable {
  network_id: string;
  person_id: string;
  /** SHA-256 of the secret in the feed's URL; the secret itself is never stored. */
  token_hash: Buffer;
  created_at: TimestampDefault;
}

export interface CalendarTables {
  calendar_feed: CalendarFeedTable;
}
