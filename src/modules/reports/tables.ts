// Kysely's view of the report settings (migration 0017-reports.sql).
import type { Timestamp } from '../../db/schema.ts';

export type OpenDataLicence = 'OGL-UK-3.0' | 'CC-BY-4.0';

export interface NetworkReportSettingTable {
  network_id: string;
  count_min: number;
  wellbeing_min: number;
  mean_min_people: number;
  updated_at: Timestamp;
  updated_by_person_id: string | null;
}

export interface TimebankReportSettingTable {
  network_id: string;
  timebank_id: string;
  count_min: number;
  wellbeing_min: number;
  mean_min_people: number;
  open_data: boolean;
  open_data_licence: OpenDataLicence;
  publish_activities: boolean;
  updated_at: Timestamp;
  updated_by_person_id: string | null;
}

export interface ReportTables {
  network_report_setting: NetworkReportSettingTable;
  timebank_report_setting: TimebankReportSettingTable;
}
