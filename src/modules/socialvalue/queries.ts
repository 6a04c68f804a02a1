// SQL of the social value module: the financial proxies a timebank entered.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SocialValueProxyTable } from '../wellbeing/tables.ts';

type Q = Kysely<DB> | Transaction<DB>;

export async function insertProxy(db: Q, row: Insertable<SocialValueProxyTable>): Promise<void> {
  await db.insertInto('social_value_proxy').values(row).execute();
}

export function proxiesOf(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('social_value_proxy as x')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'x.network_id').onRef('p.id', '=', 'x.created_by_person_id'))
    .where('x.network_id', '=', networkId)
    .where('x.timebank_id', '=', timebankId)
    .selectAll('x')
    .select('p.display_name as created_by_name')
    .orderBy('x.name')
    .execute();
}

export function proxyNamed(db: Q, networkId: string, timebankId: string, name: string) {
  return db.selectFrom('social_value_proxy').where('network_id', '=', networkId).where('timebank_id', '=', timebankId).where('name', '=', name).select('id').executeTakeFirst();
}
