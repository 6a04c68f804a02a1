// Organisations (a cafe taking time credits, a youth group, a community council): members of a
// timebank that people act for. Coordinators take them on.
import type { Kysely } from 'kysely';
import type { DB, OrganisationTable } from '../../db/schema.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { loadMemberships } from '../auth/queries.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';

export interface NewOrganisation {
  name: string;
  kind: OrganisationTable['kind'];
  description?: string | undefined;
}

export function createOrganisations({ db }: { db: Kysely<DB> }) {
  async function list(p: Principal, timebankId: string) {
    authorize(p, 'timebank.view', await timebankResource(db, p, timebankId));
    return q.listOrganisations(db, p.networkId, timebankId);
  }

  async function create(p: Principal, actor: Actor, timebankId: string, input: NewOrganisation) {
    authorize(p, 'timebank.configure', await timebankResource(db, p, timebankId));
    const id = newId();
    await db.transaction().execute(async (tx) => {
      if (await q.organisationNamed(tx, p.networkId, timebankId, input.name)) {
        throw new DomainError('conflict', 'an organisation with that name exists in this timebank', {
          fields: [{ path: '/body/name', message: 'already exists' }],
        });
      }
      await q.insertOrganisation(tx, {
        networkId: p.networkId,
        id,
        timebankId,
        name: input.name,
        kind: input.kind,
        description: input.description ?? null,
        by: p.personId,
      });
      await recordAudit(tx, actor, { action: 'organisation.create', subjectType: 'organisation', subjectId: id, timebankId });
    });
    return { id, timebankId, ...input };
  }

  /** A member of the organisation's timebank may act for it. */
  async function addPerson(p: Principal, actor: Actor, organisationId: string, personId: string) {
    const org = await q.findOrganisation(db, p.networkId, organisationId);
    if (!org) throw notFound('organisation');
    authorize(p, 'timebank.configure', await timebankResource(db, p, org.timebank_id));
    const memberships = await loadMemberships(db, p.networkId, personId);
    if (!memberships.some((m) => m.timebankId === org.timebank_id && m.status === 'active')) {
      throw new DomainError('not_a_member', 'only active members of the timebank can act for its organisations', {
        fields: [{ path: '/body/personId', message: 'not an active member of this timebank' }],
      });
    }
    await db.transaction().execute(async (tx) => {
      await q.linkPerson(tx, p.networkId, organisationId, personId);
      await recordAudit(tx, actor, {
        action: 'organisation.add_person',
        subjectType: 'person',
        subjectId: personId,
        timebankId: org.timebank_id,
        detail: { organisationId },
      });
    });
    return { organisationId, personId };
  }

  return { list, create, addPerson };
}

export type Organisations = ReturnType<typeof createOrganisations>;
