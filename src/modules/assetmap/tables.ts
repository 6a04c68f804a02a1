// Kysely's view of area boundaries and the map's monthly snapshots (migration 0018-assetmap.sql).
import type { ColumnType } from 'kysely';
import type { DateOnly, Timestamp } from '../../db/schema.ts';

/** jsonb: read as the parsed value, written as a JSON string. */
type JsonB<T> = ColumnType<T, string, string>;

export interface AreaBoundaryTable {
  network_id: string;
  area_id: string;
  timebank_id: string;
  geometry: JsonB<unknown>;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  uploaded_at: Timestamp;
  uploaded_by_person_id: string;
}

export interface AssetMapCellTable {
  network_id: string;
  timebank_id: string;
  month: DateOnly;
  area_id: string;
  category_top: string;
  people_offering: number;
  hours_offered: number;
  need_people: number;
  requests_open: number;
  exchanges_done: number;
}

export interface AssetMapAreaTable {
  network_id: string;
  timebank_id: string;
  month: DateOnly;
  area_id: string;
  members: number;
  pillars: number;
  conversations: number;
  survey_answers: number;
  survey_co_producing: number;
  survey_would_do_more: number;
  survey_extra_hours: number;
  refreshed_at: Timestamp;
}

export interface AssetMapTables {
  area_boundary: AreaBoundaryTable;
  asset_map_cell: AssetMapCellTable;
  asset_map_area: AssetMapAreaTable;
}
