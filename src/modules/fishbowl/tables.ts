// Kysely's view of fishbowl debates (migration 0012-arguments.sql).
import type { ColumnType, Generated } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export const DEBATE_STATUSES = ['scheduled', 'open', 'closed'] as const;
export type DebateStatus = (typeof DEBATE_STATUSES)[number];
export const ENTRY_KINDS = ['opened', 'closed', 'joined', 'left', 'invited', 'muted', 'unmuted', 'speech', 'comment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface FishbowlDebateTable {
  network_id: string;
  id: string;
  topic: string;
  opening_questions: ColumnType<string[], string[], string[]>;
  seat_count: number;
  starts_at: Timestamp;
  moderator_person_id: string;
  status: Generated<DebateStatus>;
  last_seq: Generated<number>;
  created_at: DefaultTimestamp;
  created_by_person_id: string;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface FishbowlSeatTable {
  network_id: string;
  debate_id: string;
  seat_no: number;
  person_id: string;
  muted: Generated<boolean>;
  taken_at: Timestamp;
}

export interface FishbowlEntryTable {
  network_id: string;
  debate_id: string;
  seq: number;
  kind: EntryKind;
  person_id: string | null;
  by_person_id: string | null;
  seat_no: number | null;
  body: string | null;
  at: Timestamp;
}

export interface FishbowlTables {
  fishbowl_debate: FishbowlDebateTable;
  fishbowl_seat: FishbowlSeatTable;
  fishbowl_entry: FishbowlEntryTable;
}
