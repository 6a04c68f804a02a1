// SQL of the community assets register: no rules here (service.ts).
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AssetKind } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface AssetValues {
  kind: AssetKind;
  name: string;
  description: string;
  area_id: string | null;
  category_slug: string | null;
  contact: string;
  members_may_use: boolean;
}

export function assetsOf(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('community_asset as a')
    .leftJoin('area as ar', (j) => j.onRef('ar.network_id', '=', 'a.network_id').onRef('ar.id', '=', 'a.area_id'))
    .where('a.network_id', '=', networkId)
    .where('a.timebank_id', '=', timebankId)
    .where('a.retired_at', 'is', null)
    .select(['a.id', 'a.kind', 'a.name', 'a.description', 'a.area_id', 'ar.name as area_name', 'a.category_slug', 'a.contact', 'a.members_may_use', 'a.updated_at'])
    .orderBy('a.kind')
    .orderBy('a.name')
    .execute();
}

export function findAsset(db: Q, networkId: string, id: string) {
  return db.selectFrom('community_asset').where('network_id', '=', networkId).where('id', '=', id).selectAll().executeTakeFirst();
}

export async function insertAsset(db: Q, row: AssetValues & { network_id: string; id: string; timebank_id: string; at: Date; by: string }) {
  const { at, by, ...rest } = row;
  await db.insertInto('community_asset').values({ ...rest, created_at: at, updated_at: at, created_by_person_id: by, updated_by_person_id: by }).execute();
}

export async function updateAsset(db: Q, networkId: string, id: string, values: Partial<AssetValues> & { retired_at?: Date | null; updated_at: Date; updated_by_person_id: string }) {
  await db.updateTable('community_asset').set(values).where('network_id', '=', networkId).where('id', '=', id).execute();
}

export function areaInTimebank(db: Q, networkId: string, timebankId: string, areaId: string) {
  return db.selectFrom('area').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('id', '=', areaId).select('id').executeTakeFirst();
}
