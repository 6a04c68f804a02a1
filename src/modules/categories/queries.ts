// SQL for the per-timebank category overrides and added subcategories.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function overridesOf(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('timebank_category')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .select(['slug', 'custom', 'name_en', 'name_pl', 'hidden', 'minimum_age', 'check_needed'])
    .execute();
}

export function findOverride(db: Q, networkId: string, timebankId: string, slug: string) {
  return db
    .selectFrom('timebank_category')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('slug', '=', slug)
    .selectAll()
    .executeTakeFirst();
}

export interface CategoryRow {
  networkId: string;
  timebankId: string;
  slug: string;
  custom: boolean;
  nameEn: string | null;
  namePl: string | null;
  hidden: boolean;
  minimumAge: number | null;
  checkNeeded: boolean | null;
  by: string | null;
}

/** Writes the whole override row of one category (inserted the first time it is changed). */
export async function saveCategory(db: Q, r: CategoryRow): Promise<void> {
  const values = {
    name_en: r.nameEn,
    name_pl: r.namePl,
    hidden: r.hidden,
    minimum_age: r.minimumAge,
    check_needed: r.checkNeeded,
    updated_at: new Date(),
    updated_by_person_id: r.by,
  };
  await db
    .insertInto('timebank_category')
    .values({ network_id: r.networkId, timebank_id: r.timebankId, slug: r.slug, custom: r.custom, ...values })
    .onConflict((oc) => oc.columns(['network_id', 'timebank_id', 'slug']).doUpdateSet(values))
    .execute();
}
