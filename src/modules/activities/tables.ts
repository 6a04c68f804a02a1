// Kysely's view of the activity tables (migrations 0010-activities.sql, 0022-activity-series.sql).
import type { Generated } from 'kysely';
import type { DateOnly, Json, Timestamp, TimestampDefault } from '../../db/schema.ts';

export type ActivityPayer = 'community_pot' | 'organisation';
export type ActivityVisibility = 'timebank' | 'network';
export type ActivityStatus = 'open' | 'cancelled' | 'closed';
export type RegistrationStatus = 'registered' | 'cancelled';

export interface ActivityTable {
  network_id: string;
  id: string;
  timebank_id: string;
  organisation_id: string | null;
  title: string;
  description: Generated<string>;
  category_slug: string;
  area_id: string | null;
  place: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number | null;
  payer: ActivityPayer;
  minutes_per_attendee: number;
  visibility: Generated<ActivityVisibility>;
  status: Generated<ActivityStatus>;
  cancelled_reason: string | null;
  payment_batch_id: string | null;
  paid_minutes: number | null;
  paid_count: number | null;
  closed_at: Timestamp | null;
  closed_by_person_id: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string;
  updated_at: TimestampDefault;
  updated_by_person_id: string | null;
  /** The series this activity is one date of (0022); null for a single activity. */
  series_id: string | null;
}

export type SeriesFrequency = 'weekly' | 'monthly';
export type SeriesMonthlyBy = 'day_of_month' | 'weekday';

export interface ActivitySeriesTable {
  network_id: string;
  id: string;
  timebank_id: string;
  frequency: SeriesFrequency;
  /** ISO weekdays (weekly), a JSON array. */
  weekdays: Json | null;
  monthly_by: SeriesMonthlyBy | null;
  until_on: DateOnly | null;
  occurrence_count: number | null;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface ActivityRegistrationTable {
  network_id: string;
  id: string;
  activity_id: string;
  member_id: string;
  person_id: string;
  status: Generated<RegistrationStatus>;
  attended: boolean | null;
  registered_at: Timestamp;
  registered_by_person_id: string | null;
  cancelled_at: Timestamp | null;
  cancelled_by_person_id: string | null;
  attendance_marked_at: Timestamp | null;
  attendance_marked_by_person_id: string | null;
  paid_transfer_id: string | null;
}

export interface ActivityTables {
  activity: ActivityTable;
  activity_registration: ActivityRegistrationTable;
  activity_series: ActivitySeriesTable;
}
