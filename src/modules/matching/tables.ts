// Kysely's view of the matching tables (migration 0014-matching.sql).
import type { Timestamp, TimestampDefault } from '../../db/schema.ts';

export type CallOutcome = 'no_answer' | 'declined' | 'accepted' | 'call_back';

export interface MatchingWeightsTable {
  network_id: string;
  timebank_id: string;
  fit: number;
  distance: number;
  met_before: number;
  reliability: number;
  fairness: number;
  updated_at: TimestampDefault;
  updated_by_person_id: string;
}

export interface MatchingDoNotSendTable {
  network_id: string;
  member_id: string;
  excluded_member_id: string;
  reason: string | null;
  created_at: TimestampDefault;
  created_by_person_id: string;
  on_behalf_of_person_id: string | null;
}

export interface MatchingCallTable {
  network_id: string;
  id: string;
  timebank_id: string;
  listing_id: string;
  member_id: string;
  position: number;
  outcome: CallOutcome | null;
  call_back_at: Timestamp | null;
  last_contact_at: Timestamp | null;
  exchange_id: string | null;
  added_at: TimestampDefault;
  added_by_person_id: string;
}

export interface MatchingContactTable {
  network_id: string;
  id: string;
  call_id: string;
  timebank_id: string;
  member_id: string;
  outcome: CallOutcome;
  call_back_at: Timestamp | null;
  note: string | null;
  at: Timestamp;
  by_person_id: string;
  on_behalf_of_person_id: string | null;
}

export interface MatchingTables {
  matching_weights: MatchingWeightsTable;
  matching_do_not_send: MatchingDoNotSendTable;
  matching_call: MatchingCallTable;
  matching_contact: MatchingContactTable;
}
