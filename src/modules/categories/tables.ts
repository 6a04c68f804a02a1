// Kysely's view of the per-timebank category overrides (migration 0007-profiles.sql).
import type { ColumnType, Generated } from 'kysely';

type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TimebankCategoryTable {
  network_id: string;
  timebank_id: string;
  slug: string;
  custom: boolean;
  name_en: string | null;
  name_pl: string | null;
  hidden: Generated<boolean>;
  minimum_age: number | null;
  check_needed: boolean | null;
  updated_at: DefaultTimestamp;
  updated_by_person_id: string | null;
}

export interface CategoryTables {
  timebank_category: TimebankCategoryTable;
}
