// The community assets register (docs/asset-map.md): what a community has beyond its people —
// associations, institutions, places (halls, kitchens, gardens) and equipment — with the area,
// a contact and whether members may use it. Kept by brokers and coordinators, seen by the
// timebank's people; the map shows them beside each area.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, type FieldError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { unknownCategories } from '../categories/service.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';
import type { AssetKind } from './tables.ts';

export interface AssetInput {
  kind: AssetKind;
  name: string;
  description?: string | undefined;
  areaId?: string | null | undefined;
  categorySlug?: string | null | undefined;
  contact?: string | undefined;
  membersMayUse?: boolean | undefined;
}

export type AssetPatch = Partial<AssetInput> & { retired?: boolean | undefined };

export function createAssets({ db, clock }: { db: Kysely<DB>; clock: Clock }) {
  async function check(networkId: string, timebankId: string, input: Partial<AssetInput>) {
    const fields: FieldError[] = [];
    if (input.areaId && !(await q.areaInTimebank(db, networkId, timebankId, input.areaId))) fields.push({ path: '/body/areaId', message: 'not an area of this timebank' });
    if (input.categorySlug && (await unknownCategories(db, networkId, timebankId, [input.categorySlug])).length) {
      fields.push({ path: '/body/categorySlug', message: 'not a category of this timebank' });
    }
    if (fields.length) throw new DomainError('validation_failed', fields[0]!.message, { fields });
  }

  async function list(p: Principal, timebankId: string) {
    authorize(p, 'asset.read', await timebankResource(db, p, timebankId));
    return q.assetsOf(db, p.networkId, timebankId);
  }

  async function create(p: Principal, actor: Actor, timebankId: string, input: AssetInput) {
    authorize(p, 'asset.manage', await timebankResource(db, p, timebankId));
    await check(p.networkId, timebankId, input);
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertAsset(tx, {
        network_id: p.networkId,
        id,
        timebank_id: timebankId,
        kind: input.kind,
        name: input.name.trim(),
        description: input.description?.trim() ?? '',
        area_id: input.areaId ?? null,
        category_slug: input.categorySlug ?? null,
        contact: input.contact?.trim() ?? '',
        members_may_use: input.membersMayUse ?? false,
        at: clock.now(),
        by: p.personId,
      });
      await recordAudit(tx, actor, { action: 'asset.create', subjectType: 'community_asset', subjectId: id, timebankId, detail: { kind: input.kind } });
    });
    return (await q.assetsOf(db, p.networkId, timebankId)).find((a) => a.id === id)!;
  }

  async function update(p: Principal, actor: Actor, timebankId: string, id: string, patch: AssetPatch) {
    authorize(p, 'asset.manage', await timebankResource(db, p, timebankId));
    const row = await q.findAsset(db, p.networkId, id);
    if (!row || row.timebank_id !== timebankId || row.retired_at) throw notFound('asset');
    await check(p.networkId, timebankId, patch);
    const at = clock.now();
    await db.transaction().execute(async (tx) => {
      await q.updateAsset(tx, p.networkId, id, {
        ...(patch.kind ? { kind: patch.kind } : {}),
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
        ...(patch.areaId !== undefined ? { area_id: patch.areaId } : {}),
        ...(patch.categorySlug !== undefined ? { category_slug: patch.categorySlug } : {}),
        ...(patch.contact !== undefined ? { contact: patch.contact.trim() } : {}),
        ...(patch.membersMayUse !== undefined ? { members_may_use: patch.membersMayUse } : {}),
        ...(patch.retired ? { retired_at: at } : {}),
        updated_at: at,
        updated_by_person_id: p.personId,
      });
      await recordAudit(tx, actor, { action: patch.retired ? 'asset.retire' : 'asset.update', subjectType: 'community_asset', subjectId: id, timebankId, detail: { fields: Object.keys(patch) } });
    });
    return { id, retired: patch.retired === true };
  }

  return { list, create, update };
}

export type Assets = ReturnType<typeof createAssets>;
