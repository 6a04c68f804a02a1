// Kysely's view of restrictions, preferences and availability (migration 0006-safeguarding.sql).
import type { Json, TimestampDefault } from '../../db/schema.ts';

export type RestrictionKind = 'no_home_visits' | 'two_person_visits' | 'no_hospital_appointments' | 'only_met_before' | 'note';
export type DayPart = 'morning' | 'afternoon' | 'evening';

export interface MemberRestrictionTable {
  network_id: string;
  member_id: string;
  kind: RestrictionKind;
  note: string | null;
  set_by_person_id: string | null;
  set_at: TimestampDefault;
}

export interface MemberPreferenceTable {
  network_id: string;
  member_id: string;
  weekend_only: boolean;
  /** JSON array of DayPart. */
  times_of_day: Json;
  /** JSON array of BCP 47 tags. */
  languages: Json;
  updated_at: TimestampDefault;
  updated_by_person_id: string | null;
  on_behalf_of_person_id: string | null;
}

export interface MemberPreferenceAreaTable {
  network_id: string;
  member_id: string;
  area_id: string;
}

export interface AvailabilityWindowTable {
  network_id: string;
  member_id: string;
  /** ISO weekday: 1 Monday .. 7 Sunday. */
  weekday: number;
  part: DayPart;
}

export interface PreferenceTables {
  member_restriction: MemberRestrictionTable;
  member_preference: MemberPreferenceTable;
  member_preference_area: MemberPreferenceAreaTable;
  availability_window: AvailabilityWindowTable;
}
