// Kysely's view of member profiles and the directory setting (migration 0007-profiles.sql).
import type { ColumnType, Generated } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const PROFILE_KINDS = ['offer', 'want', 'skill', 'interest', 'head', 'hands', 'heart'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export type DirectoryVisibility = 'off' | 'names_areas' | 'names_areas_offers';

export interface MemberProfileTable {
  network_id: string;
  member_id: string;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  offer_text: string | null;
  want_text: string | null;
  skill_text: string | null;
  interest_text: string | null;
  head_text: string | null;
  hands_text: string | null;
  heart_text: string | null;
  directory_opt_out: Generated<boolean>;
  updated_at: DefaultTimestamp;
  updated_by_person_id: string | null;
}

export interface MemberProfileCategoryTable {
  network_id: string;
  member_id: string;
  kind: ProfileKind;
  category_slug: string;
  /** The member's timebank, filled by a trigger (migration 0020): matching searches one timebank's rows. */
  timebank_id: Generated<string>;
}

export interface MemberProfileAreaTable {
  network_id: string;
  member_id: string;
  area_id: string;
}

export interface TimebankDirectorySettingsTable {
  network_id: string;
  timebank_id: string;
  visibility: Generated<DirectoryVisibility>;
  updated_at: DefaultTimestamp;
  updated_by_person_id: string | null;
}

export interface ProfileTables {
  member_profile: MemberProfileTable;
  member_profile_category: MemberProfileCategoryTable;
  member_profile_area: MemberProfileAreaTable;
  timebank_directory_settings: TimebankDirectorySettingsTable;
}
