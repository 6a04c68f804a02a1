// Kysely's view of the community assets register (migration 0018-assetmap.sql).
import type { Generated } from 'kysely';
import type { Timestamp, TimestampDefault } from '../../db/schema.ts';

export const ASSET_KINDS = ['association', 'institution', 'place', 'equipment'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export interface CommunityAssetTable {
  network_id: string;
  id: string;
  timebank_id: string;
  kind: AssetKind;
  name: string;
  description: Generated<string>;
  area_id: string | null;
  category_slug: string | null;
  contact: Generated<string>;
  members_may_use: Generated<boolean>;
  retired_at: Timestamp | null;
  created_at: TimestampDefault;
  created_by_person_id: string;
  updated_at: TimestampDefault;
  updated_by_person_id: string;
}

export interface AssetTables {
  community_asset: CommunityAssetTable;
}
