// SQL for organisations and the people who act for them.
import type { Kysely, Transaction } from 'kysely';
import type { DB, OrganisationTable } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export function listOrganisations(db: Q, networkId: string, timebankId: string) {
  return db
    .selectFrom('organisation as o')
    .where('o.network_id', '=', networkId)
    .where('o.timebank_id', '=', timebankId)
    .select((eb) => [
      'o.id',
      'o.name',
      'o.kind',
      'o.description',
      eb
        .selectFrom('organisation_person as op')
        .whereRef('op.network_id', '=', 'o.network_id')
        .whereRef('op.organisation_id', '=', 'o.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('people'),
    ])
    .orderBy('o.name')
    .execute();
}

export function findOrganisation(db: Q, networkId: string, organisationId: string) {
  return db
    .selectFrom('organisation')
    .where('network_id', '=', networkId)
    .where('id', '=', organisationId)
    .selectAll()
    .executeTakeFirst();
}

export function organisationNamed(db: Q, networkId: string, timebankId: string, name: string) {
  return db
    .selectFrom('organisation')
    .where('network_id', '=', networkId)
    .where('timebank_id', '=', timebankId)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .select('id')
    .executeTakeFirst();
}

export async function insertOrganisation(
  db: Q,
  row: { networkId: string; id: string; timebankId: string; name: string; kind: OrganisationTable['kind']; description: string | null; by: string },
) {
  await db
    .insertInto('organisation')
    .values({
      network_id: row.networkId,
      id: row.id,
      timebank_id: row.timebankId,
      name: row.name,
      kind: row.kind,
      description: row.description,
      created_by_person_id: row.by,
    })
    .execute();
}

export async function linkPerson(db: Q, networkId: string, organisationId: string, personId: string) {
  await db
    .insertInto('organisation_person')
    .values({ network_id: networkId, organisation_id: organisationId, person_id: personId })
    .onConflict((oc) => oc.columns(['network_id', 'organisation_id', 'person_id']).doNothing())
    .execute();
}
