// Kysely's view of the outcome tables (migration 0015-outcomes.sql).
import type { ColumnType, Generated } from 'kysely';
import type { DateOnly, TimestampDefault } from '../../db/schema.ts';

export type Direction = 'up' | 'down';
export type RbaClass = 'how_much' | 'how_well' | 'better_off';
export type SourceKind = 'computed' | 'entered';
export type Rag = 'red' | 'amber' | 'green';
export type MeasurementStatus = 'provisional' | 'final';
export type StarMode = 'co_commissioning' | 'co_design' | 'co_delivery' | 'co_assessment';
export type TagSubject = 'activity' | 'project' | 'exchange';

/** numeric: read as a string by both drivers, written as a number. */
type Numeric = ColumnType<string, number | string, number | string>;
/** bigint: numbers on both engines (database.ts). */
type BigInt = ColumnType<number, number | bigint, number | bigint>;
type JsonValue = ColumnType<unknown, string | null, string | null>;

export interface OutcomeFrameworkTable {
  network_id: string;
  id: string;
  timebank_id: string | null;
  name: string;
  description: Generated<string>;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface OutcomePeriodTable {
  network_id: string;
  id: string;
  framework_id: string;
  label: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface OutcomeGoalTable {
  network_id: string;
  id: string;
  framework_id: string;
  title: string;
  description: Generated<string>;
  co_defined_by: string | null;
  co_definition_evidence: string | null;
  position: Generated<number>;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface OutcomeIndicatorTable {
  network_id: string;
  id: string;
  framework_id: string;
  goal_id: string;
  name: string;
  definition: string;
  unit: string;
  direction: Direction;
  rba_class: RbaClass;
  source_kind: SourceKind;
  query_name: string | null;
  query_params: JsonValue;
  source: string | null;
  breakdowns: Generated<string[]>;
  suppress_below: Generated<number>;
  sample_size_required: Generated<boolean>;
  baseline_period_id: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface OutcomeTargetTable {
  network_id: string;
  framework_id: string;
  indicator_id: string;
  period_id: string;
  value: Numeric;
  set_at: TimestampDefault;
  set_by_person_id: string;
}

export interface OutcomeMeasurementTable {
  network_id: string;
  id: string;
  framework_id: string;
  indicator_id: string;
  period_id: string;
  value: Numeric;
  sample_size: number | null;
  status: MeasurementStatus;
  computed: Generated<boolean>;
  note: string | null;
  entered_at: TimestampDefault;
  entered_by_person_id: string;
}

export interface OutcomeProjectTable {
  network_id: string;
  id: string;
  framework_id: string;
  name: string;
  owner: string;
  budget_pence: BigInt;
  rag: Rag;
  rag_reason: string;
  rag_set_at: TimestampDefault;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface OutcomeProjectGoalTable {
  network_id: string;
  framework_id: string;
  project_id: string;
  goal_id: string;
}

export interface OutcomeMilestoneTable {
  network_id: string;
  id: string;
  project_id: string;
  title: string;
  due_on: DateOnly;
  done: Generated<boolean>;
  done_on: DateOnly | null;
  created_at: TimestampDefault;
  created_by_person_id: string;
  updated_by_person_id: string | null;
}

export interface OutcomeReviewTable {
  network_id: string;
  id: string;
  framework_id: string;
  held_on: DateOnly;
  attendees: string;
  decisions: string;
  created_at: TimestampDefault;
  created_by_person_id: string;
}

export interface OutcomeReviewRagTable {
  network_id: string;
  framework_id: string;
  review_id: string;
  project_id: string;
  rag_from: Rag;
  rag_to: Rag;
  reason: string;
}

export interface CoproductionTagTable {
  network_id: string;
  subject_kind: TagSubject;
  subject_id: string;
  mode: StarMode;
  tagged_at: TimestampDefault;
  tagged_by_person_id: string;
}

export interface OutcomeTables {
  outcome_framework: OutcomeFrameworkTable;
  outcome_period: OutcomePeriodTable;
  outcome_goal: OutcomeGoalTable;
  outcome_indicator: OutcomeIndicatorTable;
  outcome_target: OutcomeTargetTable;
  outcome_measurement: OutcomeMeasurementTable;
  outcome_project: OutcomeProjectTable;
  outcome_project_goal: OutcomeProjectGoalTable;
  outcome_milestone: OutcomeMilestoneTable;
  outcome_review: OutcomeReviewTable;
  outcome_review_rag: OutcomeReviewRagTable;
  coproduction_tag: CoproductionTagTable;
}
