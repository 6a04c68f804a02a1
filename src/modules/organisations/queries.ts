// SQL for organisations and the people who act for them.
import type { Kysely, Transaction } from 'kysely';
import type { DB, OrganisationRole, OrganisationTable } from '../../db/schema.ts';

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

export async function linkPerson(db: Q, networkId: string, organisationId: string, personId: string, role: OrganisationRole = 'member', by: string | null = null, at: Date | null = null) {
  await db
    .insertInto('organisation_person')
    .values({ network_id: networkId, organisation_id: organisationId, person_id: personId, role, role_set_by_person_id: by, role_set_at: at })
    .onConflict((oc) => oc.columns(['network_id', 'organisation_id', 'person_id']).doNothing())
    .execute();
}

/** The people who act for an organisation, with their roles (roles added in migration 0009). */
export function peopleOf(db: Q, networkId: string, organisationId: string) {
  return db
    .selectFrom('organisation_person as op')
    .innerJoin('person as p', (j) => j.onRef('p.network_id', '=', 'op.network_id').onRef('p.id', '=', 'op.person_id'))
    .where('op.network_id', '=', networkId)
    .where('op.organisation_id', '=', organisationId)
    .select(['op.person_id', 'p.display_name', 'op.role', 'op.created_at', 'op.role_set_at'])
    .orderBy('p.display_name')
    .execute();
}

export async function setRole(db: Q, networkId: string, organisationId: string, personId: string, role: OrganisationRole, by: string, at: Date) {
  const r = await db
    .updateTable('organisation_person')
    .set({ role, role_set_by_person_id: by, role_set_at: at })
    .where('network_id', '=', networkId)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function unlinkPerson(db: Q, networkId: string, organisationId: string, personId: string) {
  const r = await db
    .deleteFrom('organisation_person')
    .where('network_id', '=', networkId)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
