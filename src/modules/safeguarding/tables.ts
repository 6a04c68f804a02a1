// Kysely's view of the safeguarding tables (migration 0006-safeguarding.sql).
import type { DateOnly, Timestamp, TimestampDefault } from '../../db/schema.ts';

export type Scheme = 'pvg' | 'dbs' | 'accessni' | 'other';
export type CheckLevel = 'basic' | 'standard' | 'enhanced' | 'enhanced_barred' | 'pvg_level_1' | 'pvg_level_2' | 'other';
export type Workforce = 'children' | 'adults' | 'both';
export type CheckDecision = 'cleared' | 'cleared_with_risk_assessment' | 'not_cleared';
export type StatusCheckResult = 'current' | 'not_current';
export type SafeguardingViewKind = 'member_checks' | 'reveal_number' | 'reviews_due' | 'own_summary';

export interface SafeguardingCheckTable {
  network_id: string;
  id: string;
  timebank_id: string;
  person_id: string;
  scheme: Scheme;
  level: CheckLevel;
  workforce: Workforce;
  role_title: string;
  regulated_work: boolean;
  number_enc: string | null;
  issued_on: DateOnly;
  update_service: boolean;
  status_checked_on: DateOnly | null;
  status_check_result: StatusCheckResult | null;
  review_on: DateOnly;
  decision: CheckDecision | null;
  decided_by_person_id: string | null;
  decided_on: DateOnly | null;
  stopped_notice_sent_on: DateOnly | null;
  stopped_notice_by_person_id: string | null;
  /** The review date the brokers were last told of (0013). */
  review_announced_on: DateOnly | null;
  created_at: TimestampDefault;
  created_by_person_id: string | null;
  updated_at: TimestampDefault;
  updated_by_person_id: string | null;
}

export interface SafeguardingViewTable {
  network_id: string;
  id: string;
  at: Timestamp;
  viewer_person_id: string;
  on_behalf_of_person_id: string | null;
  subject_person_id: string;
  timebank_id: string;
  view: SafeguardingViewKind;
  check_id: string | null;
  request_id: string | null;
}

export interface SafeguardingTables {
  safeguarding_check: SafeguardingCheckTable;
  safeguarding_view: SafeguardingViewTable;
}
