// Kysely's view of the arguments board (migration 0012-arguments.sql).
import type { ColumnType, Generated } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export const ATTRIBUTIONS = ['named', 'anonymous', 'private'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];
export const ARGUMENT_STATUSES = ['private', 'pending', 'published', 'rejected', 'hidden'] as const;
export type ArgumentStatus = (typeof ARGUMENT_STATUSES)[number];
export const EVIDENCE_KINDS = ['link', 'figure', 'report'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
/** The platform's own reports an argument may cite (src/modules/reports). */
export const REPORT_NAMES = ['membership'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export interface StakeholderGroupTable {
  network_id: string;
  id: string;
  slug: string;
  name_en: string;
  name_pl: string;
  position: Generated<number>;
  hidden: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_by_person_id: string | null;
}

export interface ArgumentTable {
  network_id: string;
  id: string;
  stakeholder_group_id: string;
  claim: string;
  details: string | null;
  author_person_id: string;
  attribution: Attribution;
  status: ArgumentStatus;
  builds_on_argument_id: string | null;
  created_at: DefaultTimestamp;
  moderated_at: Timestamp | null;
  moderated_by_person_id: string | null;
  moderation_note: string | null;
  published_at: Timestamp | null;
}

export interface ArgumentEvidenceTable {
  network_id: string;
  argument_id: string;
  position: number;
  kind: EvidenceKind;
  label: string;
  url: string | null;
  figure: string | null;
  source: string | null;
  report: ReportName | null;
}

export interface ArgumentCommentTable {
  network_id: string;
  id: string;
  argument_id: string;
  author_person_id: string;
  body: string;
  created_at: DefaultTimestamp;
  hidden_at: Timestamp | null;
  hidden_by_person_id: string | null;
}

export interface ArgumentEndorsementTable {
  network_id: string;
  argument_id: string;
  person_id: string;
  stakeholder_group_id: string;
  created_at: DefaultTimestamp;
}

export interface ArgumentReportTable {
  network_id: string;
  id: string;
  argument_id: string;
  comment_id: string | null;
  reporter_person_id: string;
  reason: string;
  created_at: DefaultTimestamp;
  resolved_at: Timestamp | null;
  resolved_by_person_id: string | null;
  resolution: 'hidden' | 'dismissed' | null;
}

export interface ArgumentTables {
  stakeholder_group: StakeholderGroupTable;
  argument: ArgumentTable;
  argument_evidence: ArgumentEvidenceTable;
  argument_comment: ArgumentCommentTable;
  argument_endorsement: ArgumentEndorsementTable;
  argument_report: ArgumentReportTable;
}
