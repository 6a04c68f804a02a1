// SQL for the member directory: who is listed, and what of them a member may see.
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { livesOrHelpsIn, profileNames } from '../profiles/queries.ts';
import type { DirectoryVisibility } from '../profiles/tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function visibilityOf(db: Q, networkId: string, timebankId: string): Promise<DirectoryVisibility> {
  const row = await db
    .selectFrom('timebank_directory_settings')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .select('visibility')
    .executeTakeFirst();
  return row?.visibility ?? 'off';
}

export async function saveVisibility(db: Q, networkId: string, timebankId: string, visibility: DirectoryVisibility, by: string): Promise<void> {
  const values = { visibility, updated_at: new Date(), updated_by_person_id: by };
  await db
    .insertInto('timebank_directory_settings')
    .values({ network_id: networkId, timebank_id: timebankId, ...values })
    .onConflict((oc) => oc.columns(['network_id', 'timebank_id']).doUpdateSet(values))
    .execute();
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface DirectoryFilter {
  q?: string | undefined;
  areaId?: string | undefined;
  /** Only with offers visible: members offering in this category (or one of its subcategories). */
  category?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Active members who have not opted out and are adults as far as we know (born at least 18
 * years before `now`'s year, or birth year not recorded; and, when the full date of birth is
 * recorded, 18 on `now`'s day). Only names and ids: the caller adds what the timebank's setting
 * lets members see.
 */
export async function listed(db: Q, networkId: string, timebankId: string, now: Date, f: DirectoryFilter) {
  const year = now.getUTCFullYear();
  const today = now.toISOString().slice(0, 10);
  let query = db
    .selectFrom('member as m')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'm.network_id').onRef('p.id', '=', 'm.person_id'))
    .leftJoin('member_profile as mp', (j) => j.onRef('mp.network_id', '=', 'm.network_id').onRef('mp.member_id', '=', 'm.id'))
    .leftJoin('area as a', (j) => j.onRef('a.network_id', '=', 'm.network_id').onRef('a.id', '=', 'm.area_id'))
    .where('m.network_id', '=', networkId)
    .where('m.timebank_id', '=', timebankId)
    .where('m.status', '=', 'active')
    .where('p.suspended_at', 'is', null)
    .where((eb) => eb.or([eb('mp.directory_opt_out', 'is', null), eb('mp.directory_opt_out', '=', false)]))
    .where((eb) => eb.or([eb('p.birth_year', 'is', null), eb('p.birth_year', '<=', year - 18)]))
    // Born in the year 18 years ago is not enough: a birthday still to come this year is a minor.
    .where((eb) => eb.or([eb('p.birth_date', 'is', null), eb('p.birth_date', '<=', sql<string>`(cast(${today} as date) - interval '18 years')::date`)]));
  if (f.q) query = query.where('p.display_name', 'ilike', `%${escapeLike(f.q)}%`);
  if (f.areaId) query = query.where(livesOrHelpsIn(f.areaId));
  if (f.category) query = query.where(profileNames(f.category, ['offer']));
  const rows = await query
    .select(['m.id as member_id', 'p.display_name', 'a.name as area_name', 'mp.offer_text', sql<number>`count(*) over ()`.as('total')])
    .orderBy('p.display_name')
    .orderBy('m.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: rows[0]?.total ?? 0 };
}

export function profileAreasOf(db: Q, networkId: string, memberIds: readonly string[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member_profile_area as pa')
    .innerJoin('area as a', (j) => j.onRef('a.network_id', '=', 'pa.network_id').onRef('a.id', '=', 'pa.area_id'))
    .where('pa.network_id', '=', networkId)
    .where('pa.member_id', 'in', memberIds)
    .select(['pa.member_id', 'a.name'])
    .orderBy('a.name')
    .execute();
}

export function offersOf(db: Q, networkId: string, memberIds: readonly string[]) {
  if (memberIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('member_profile_category')
    .where('network_id', '=', networkId)
    .where('member_id', 'in', memberIds)
    .where('kind', '=', 'offer')
    .select(['member_id', 'category_slug'])
    .orderBy('category_slug')
    .execute();
}
