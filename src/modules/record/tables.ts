// Kysely's view of broker notes and members' own remarks (migration 0009-record.sql).
import type { Timestamp } from '../../db/schema.ts';

export interface MemberNoteTable {
  network_id: string;
  id: string;
  timebank_id: string;
  person_id: string;
  body: string;
  written_at: Timestamp;
  written_by_person_id: string;
  restricted: boolean;
  restricted_reason: string | null;
  restricted_at: Timestamp | null;
  restricted_by_person_id: string | null;
}

export const REMARK_ITEMS = [
  'person',
  'membership',
  'status',
  'profile',
  'reference',
  'check',
  'note',
  'agreement',
  'preferences',
  'restrictions',
  'safeguarding_view',
  'other',
] as const;
export type RemarkItem = (typeof REMARK_ITEMS)[number];
export type RemarkKind = 'note' | 'correction';

export interface RecordRemarkTable {
  network_id: string;
  id: string;
  person_id: string;
  item_type: RemarkItem;
  item_id: string | null;
  kind: RemarkKind;
  body: string;
  created_at: Timestamp;
  created_by_person_id: string;
  on_behalf_of_person_id: string | null;
}

export interface RecordTables {
  member_note: MemberNoteTable;
  record_remark: RecordRemarkTable;
}
