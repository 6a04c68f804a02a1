// Kysely's view of the wellbeing and social value tables (migration 0016-wellbeing.sql).
import type { ColumnType } from 'kysely';
import type { DateOnly, Timestamp } from '../../db/schema.ts';
import type { Belonging, Favours, LonelyDirect } from './instrument.ts';

export type Wave = 'joining' | 'm3' | 'm6' | 'm12';
export type CheckinStatus = 'answered' | 'declined';
export type CheckinMethod = 'online' | 'call';
export type CheckinHelp = 'alone' | 'with_help' | 'proxy';
export type SignpostingOutcome = 'offered' | 'accepted' | 'declined' | 'not_reached';

export interface WellbeingCheckinTable {
  network_id: string;
  id: string;
  timebank_id: string;
  member_id: string;
  person_id: string;
  wave: Wave;
  status: CheckinStatus;
  instrument_version: number;
  answered_on: DateOnly;
  method: CheckinMethod;
  help: CheckinHelp | null;
  life_satisfaction: number | null;
  worthwhile: number | null;
  happiness: number | null;
  anxiety: number | null;
  lonely_direct: LonelyDirect | null;
  lack_companionship: number | null;
  left_out: number | null;
  isolated: number | null;
  belonging: Belonging | null;
  favours: Favours | null;
  /** Computed by the database from anxiety and lonely_direct. */
  signpost: ColumnType<boolean, never, never>;
  signposting_at: Timestamp | null;
  signposting_by_person_id: string | null;
  signposting_outcome: SignpostingOutcome | null;
  recorded_at: Timestamp;
  recorded_by_person_id: string;
}

export interface SocialValueProxyTable {
  network_id: string;
  id: string;
  timebank_id: string;
  name: string;
  unit: string;
  value_pence: number;
  price_year: number;
  source: string;
  source_url: string | null;
  licence: string;
  created_at: Timestamp;
  created_by_person_id: string;
}

export interface WellbeingTables {
  wellbeing_checkin: WellbeingCheckinTable;
  social_value_proxy: SocialValueProxyTable;
}
