// SQL for member profiles: the row, its categories and its areas.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ProfileKind } from './tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function memberByPerson(db: Q, networkId: string, timebankId: string, personId: string) {
  return db
    .selectFrom('member')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('person_id', '=', personId)
    .select(['id', 'person_id', 'status', 'timebank_id'])
    .executeTakeFirst();
}

export function memberById(db: Q, networkId: string, timebankId: string, memberId: string) {
  return db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.id', '=', memberId)
    .select(['m.id', 'm.person_id', 'm.status', 'm.timebank_id', 'p.display_name'])
    .executeTakeFirst();
}

export async function loadProfile(db: Q, networkId: string, memberId: string) {
  const [row, categories, areas] = await Promise.all([
    db.selectFrom('member_profile').where('network_id', '=', networkId).where('member_id', '=', memberId).selectAll().executeTakeFirst(),
    db
      .selectFrom('member_profile_category')
      .where('network_id', '=', networkId)
      .where('member_id', '=', memberId)
      .select(['kind', 'category_slug'])
      .orderBy('category_slug')
      .execute(),
    db
      .selectFrom('member_profile_area as pa')
      .innerJoin('area as a', (j) => j.onRef('a.network_id', '=', 'pa.network_id').onRef('a.id', '=', 'pa.area_id'))
      .where('pa.network_id', '=', networkId)
      .where('pa.member_id', '=', memberId)
      .select(['a.id', 'a.name'])
      .orderBy('a.name')
      .execute(),
  ]);
  return { row, categories, areas };
}

export interface ProfileWrite {
  networkId: string;
  memberId: string;
  languages: string[];
  texts: Record<ProfileKind, string | null>;
  categories: { kind: ProfileKind; slug: string }[];
  areaIds: string[];
  directoryOptOut: boolean;
  by: string | null;
}

/** Replaces the whole profile of a member. */
export async function saveProfile(tx: Transaction<DB>, w: ProfileWrite): Promise<void> {
  const values = {
    languages: w.languages,
    offer_text: w.texts.offer,
    want_text: w.texts.want,
    skill_text: w.texts.skill,
    interest_text: w.texts.interest,
    head_text: w.texts.head,
    hands_text: w.texts.hands,
    heart_text: w.texts.heart,
    directory_opt_out: w.directoryOptOut,
    updated_at: new Date(),
    updated_by_person_id: w.by,
  };
  await tx
    .insertInto('member_profile')
    .values({ network_id: w.networkId, member_id: w.memberId, ...values })
    .onConflict((oc) => oc.columns(['network_id', 'member_id']).doUpdateSet(values))
    .execute();
  const key = (t: 'member_profile_category' | 'member_profile_area') =>
    tx.deleteFrom(t).where('network_id', '=', w.networkId).where('member_id', '=', w.memberId);
  await key('member_profile_category').execute();
  await key('member_profile_area').execute();
  if (w.categories.length) {
    await tx
      .insertInto('member_profile_category')
      .values(w.categories.map((c) => ({ network_id: w.networkId, member_id: w.memberId, kind: c.kind, category_slug: c.slug })))
      .execute();
  }
  if (w.areaIds.length) {
    await tx
      .insertInto('member_profile_area')
      .values(w.areaIds.map((id) => ({ network_id: w.networkId, member_id: w.memberId, area_id: id })))
      .execute();
  }
}

export function areasIn(db: Q, networkId: string, timebankId: string, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: string }[]);
  return db
    .selectFrom('area')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where('id', 'in', ids)
    .select('id')
    .execute();
}

/** A condition on a member row aliased `m`: lives in the area, or helps in it (their profile). */
export const livesOrHelpsIn = (areaId: string) =>
  sql<boolean>`(m.area_id = ${areaId} or exists (select 1 from member_profile_area pa
    where pa.network_id = m.network_id and pa.member_id = m.id and pa.area_id = ${areaId}))`;

/**
 * A condition on a member row aliased `m`: their profile names the category, or one of its
 * subcategories, in one of these sections. Slugs hold no LIKE wildcards (SLUG_PATTERN).
 */
export const profileNames = (slug: string, kinds: readonly ProfileKind[]) =>
  sql<boolean>`exists (select 1 from member_profile_category pc
    where pc.network_id = m.network_id and pc.member_id = m.id and pc.kind in (${sql.join(kinds)})
      and (pc.category_slug = ${slug} or pc.category_slug like ${`${slug}.%`}))`;
