// Kysely's view of capability conversations and the community survey (migration 0018-assetmap.sql).
import type { Generated } from 'kysely';
import type { Timestamp, TimestampDefault } from '../../db/schema.ts';

/** The four ways of the Co-Production Star a person may want to be involved in. */
export const WAYS = ['help_one_person', 'join_group', 'design_service', 'assess_service'] as const;
export type Way = (typeof WAYS)[number];

/** The steps of a conversation, in order. */
export const STEPS = ['head', 'hands', 'heart', 'lend', 'help', 'time'] as const;
export type Step = (typeof STEPS)[number];
export type ConversationStatus = 'draft' | 'complete';
export type ConversationHeldBy = 'online' | 'broker';
/** What a category of a conversation says: a gift (head, hands, heart), a thing to lend, or a need. */
export type ConversationCategoryKind = 'head' | 'hands' | 'heart' | 'lend' | 'need';

export interface CapabilityConversationTable {
  network_id: string;
  id: string;
  timebank_id: string;
  member_id: string;
  status: Generated<ConversationStatus>;
  held_by: ConversationHeldBy;
  step: Generated<Step | 'start'>;
  head_text: string | null;
  hands_text: string | null;
  heart_text: string | null;
  lend_text: string | null;
  help_text: string | null;
  hours_per_month: number | null;
  ways: Generated<Way[]>;
  created_at: TimestampDefault;
  created_by_person_id: string;
  updated_at: TimestampDefault;
  updated_by_person_id: string;
  completed_at: Timestamp | null;
}

export interface CapabilityConversationCategoryTable {
  network_id: string;
  conversation_id: string;
  kind: ConversationCategoryKind;
  category_slug: string;
}

export interface CommunitySurveyResponseTable {
  network_id: string;
  member_id: string;
  timebank_id: string;
  co_produces_now: boolean;
  would_do_more: boolean;
  ways: Generated<Way[]>;
  extra_hours_per_month: number;
  answered_at: Timestamp;
  answered_by_person_id: string;
}

export interface CapabilityTables {
  capability_conversation: CapabilityConversationTable;
  capability_conversation_category: CapabilityConversationCategoryTable;
  community_survey_response: CommunitySurveyResponseTable;
}
