// Targets of the asset map routes (docs/asset-map.md) for the authorization matrix: a draft
// capability conversation of Mary's in North (with an answer and the hours, so it may be
// completed) and a community asset of North, written with the modules' own inserts.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertAsset } from '../../src/modules/assets/queries.ts';
import { insertConversation, updateConversation } from '../../src/modules/capabilities/queries.ts';

export interface AssetMapTargets {
  conversationId: string;
  assetId: string;
}

export async function createAssetMapTargets(db: Kysely<DB>, t: { networkA: string; north: string; maryMemberId: string; maryPersonId: string; coordinatorPersonId: string }): Promise<AssetMapTargets> {
  const conversationId = newId();
  const at = new Date();
  await insertConversation(db, { network_id: t.networkA, id: conversationId, timebank_id: t.north, member_id: t.maryMemberId, held_by: 'online', at, by: t.maryPersonId });
  await updateConversation(db, t.networkA, conversationId, { head_text: 'Local history', hours_per_month: 4, updated_at: at, updated_by_person_id: t.maryPersonId });
  const assetId = newId();
  await insertAsset(db, {
    network_id: t.networkA,
    id: assetId,
    timebank_id: t.north,
    kind: 'place',
    name: 'Village hall kitchen',
    description: '',
    area_id: null,
    category_slug: null,
    contact: 'The hall committee',
    members_may_use: true,
    at,
    by: t.coordinatorPersonId,
  });
  return { conversationId, assetId };
}
