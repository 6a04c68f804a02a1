// Aggregate counts only: no query here returns a person's row.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface MembershipCountRow {
  timebank_id: string;
  timebank_name: string;
  status: string;
  age_band: string;
  n: number;
}

/** Members per timebank, status and age band (from birth year, as of the given year). */
export async function membershipCounts(db: Kysely<DB>, networkId: string, year: number, timebankId: string | null) {
  const r = await sql<MembershipCountRow>`
    select t.id as timebank_id, t.name as timebank_name, m.status,
      case
        when p.birth_year is null then 'unknown'
        when ${year} - p.birth_year < 18 then 'under_18'
        when ${year} - p.birth_year < 25 then '18_24'
        when ${year} - p.birth_year < 50 then '25_49'
        when ${year} - p.birth_year < 65 then '50_64'
        when ${year} - p.birth_year < 75 then '65_74'
        else '75_plus'
      end as age_band,
      count(*)::int as n
    from member m
    join timebank t on t.network_id = m.network_id and t.id = m.timebank_id
    join person p on p.network_id = m.network_id and p.id = m.person_id
    where m.network_id = ${networkId} and (${timebankId}::uuid is null or m.timebank_id = ${timebankId}::uuid)
    group by 1, 2, 3, 4
    order by 2, 3, 4`.execute(db);
  return r.rows;
}
