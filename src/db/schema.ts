// Kysely's view of the tables. Kept beside the migrations: a migration that adds a column
// adds it here in the same commit.
import type { ColumnType, Generated } from 'kysely';
import type { ActivityTables } from '../modules/activities/tables.ts';
import type { CalendarTables } from '../modules/calendar/tables.ts';
import type { CategoryTables } from '../modules/categories/tables.ts';
// feat/arguments
import type { ArgumentTables } from '../modules/arguments/tables.ts';
import type { FishbowlTables } from '../modules/fishbowl/tables.ts';
import type { ExchangeTables } from '../modules/exchanges/tables.ts';
import type { JoiningTables } from '../modules/joining/tables.ts';
import type { LedgerTables } from '../modules/ledger/tables.ts';
import type { ListingTables } from '../modules/listings/tables.ts';
import type { NotificationTables } from '../modules/notifications/tables.ts';
import type { PreferenceTables } from '../modules/preferences/tables.ts';
import type { ProfileTables } from '../modules/profiles/tables.ts';
import type { RecordTables } from '../modules/record/tables.ts';
// feat/reports
import type { ReportTables } from '../modules/reports/tables.ts';
import type { SafeguardingTables } from '../modules/safeguarding/tables.ts';
// feat/outcomes
import type { OutcomeTables } from '../modules/outcomes/tables.ts';
// broker matching (feat/matching)
import type { MatchingTables } from '../modules/matching/tables.ts';
// feat/wellbeing
import type { WellbeingTables } from '../modules/wellbeing/tables.ts';
// capability conversations and the community asset map (feat/assetmap)
import type { AssetMapTables } from '../modules/assetmap/tables.ts';
import type { AssetTables } from '../modules/assets/tables.ts';
import type { CapabilityTables } from '../modules/capabilities/tables.ts';

/** timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with a database default. */
export type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** date: read and written as 'YYYY-MM-DD' (normalised in database.ts). */
export type DateOnly = string;
export type Json = ColumnType<unknown, string, string>;

export interface NetworkTable {
  id: string;
  slug: string;
  name: string;
  is_demo: Generated<boolean>;
  created_at: TimestampDefault;
}

export interface TimebankTable {
  network_id: string;
  id: string;
  slug: string;
  name: string;
  totp_waived: Generated<boolean>;
  default_locale: Generated<string>;
  /** IANA zone of the timebank's diary (migration 0019). */
  time_zone: Generated<string>;
  created_at: TimestampDefault;
}

export interface AreaTable {
  network_id: string;
  id: string;
  timebank_id: string;
  name: string;
  kind: 'town' | 'village' | 'island' | 'neighbourhood' | 'rural';
  created_at: TimestampDefault;
}

export interface PersonTable {
  network_id: string;
  id: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  birth_year: number | null;
  /** 'YYYY-MM-DD'; birth_year is derived from it when it is known (migration 0005). */
  birth_date: DateOnly | null;
  locale: Generated<string>;
  password_hash: string | null;
  totp_secret_enc: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: number | null;
  suspended_at: Timestamp | null;
  suspended_reason: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string | null;
  // Erasure (migration 0009-record.sql): when, by whom, and the opaque reference shown instead of a name.
  erased_at: Timestamp | null;
  erased_by_person_id: string | null;
  erased_ref: string | null;
}

export interface SignInDirectoryTable {
  email: string;
  network_id: string;
  person_id: string;
}

export type MemberStatus = 'applied' | 'active' | 'paused' | 'left' | 'suspended';

export interface MemberTable {
  network_id: string;
  id: string;
  timebank_id: string;
  person_id: string;
  status: MemberStatus;
  paused_until: DateOnly | null;
  status_reason: string | null;
  area_id: string | null;
  joined_on: DateOnly | null;
  created_at: TimestampDefault;
  created_by_person_id: string | null;
}

export interface OrganisationTable {
  network_id: string;
  id: string;
  timebank_id: string;
  name: string;
  kind: 'voluntary' | 'business' | 'public';
  description: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string | null;
}

export interface OrganisationPersonTable {
  network_id: string;
  organisation_id: string;
  person_id: string;
  created_at: TimestampDefault;
  // The role they act in (migration 0009-record.sql).
  role: ColumnType<OrganisationRole, OrganisationRole | undefined, OrganisationRole>;
  role_set_at: Timestamp | null;
  role_set_by_person_id: string | null;
}

/** How someone acts for an organisation: admin and member use its account; a contact does not. */
export type OrganisationRole = 'admin' | 'member' | 'contact';

export type GrantedRole = 'broker' | 'coordinator' | 'network_admin' | 'commissioner';

export interface RoleGrantTable {
  network_id: string;
  id: string;
  person_id: string;
  role: GrantedRole;
  timebank_id: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string | null;
}

export interface SessionTable {
  network_id: string;
  id: string;
  person_id: string;
  secret_hash: Buffer;
  csrf_token: string;
  mfa_done: boolean;
  acting_for_person_id: string | null;
  timebank_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string | null;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface AuditEventTable {
  network_id: string;
  id: string;
  at: TimestampDefault;
  actor_person_id: string | null;
  on_behalf_of_person_id: string | null;
  timebank_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
  request_id: string | null;
}

export interface DB
  extends LedgerTables,
    JoiningTables,
    SafeguardingTables,
    PreferenceTables,
    NotificationTables,
    CategoryTables,
    ProfileTables,
    ListingTables,
    // feat/arguments
    ArgumentTables,
    FishbowlTables,
    ActivityTables,
    CalendarTables,
    ExchangeTables,
    RecordTables,
    // feat/outcomes
    OutcomeTables,
    // broker matching (feat/matching)
    MatchingTables,
    // feat/wellbeing
    WellbeingTables,
    // feat/reports
    ReportTables,
    // feat/assetmap
    CapabilityTables,
    AssetTables,
    AssetMapTables {
  network: NetworkTable;
  timebank: TimebankTable;
  area: AreaTable;
  person: PersonTable;
  sign_in_directory: SignInDirectoryTable;
  member: MemberTable;
  organisation: OrganisationTable;
  organisation_person: OrganisationPersonTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  sign_in_throttle: SignInThrottleTable;
  audit_event: AuditEventTable;
}
