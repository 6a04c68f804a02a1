// Organisations (a cafe taking time credits, a youth group, a community council): members of a
// timebank that people act for. Coordinators take them on.
import type { Kysely } from 'kysely';
import type { DB, OrganisationRole, OrganisationTable } from '../../db/schema.ts';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { loadMemberships } from '../auth/queries.ts';
import { authorize, can, type Resource } from '../policy/policy.ts';
import { timebankResource } from '../tenancy/guard.ts';
import * as q from './queries.ts';

export interface NewOrganisation {
  name: string;
  kind: OrganisationTable['kind'];
  description?: string | undefined;
}

export function createOrganisations({ db, clock = systemClock }: { db: Kysely<DB>; clock?: Clock }) {
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

  /** The organisation as a policy resource: its timebank, its admins and everyone acting for it. */
  async function organisationResource(p: Principal, organisationId: string) {
    const org = await q.findOrganisation(db, p.networkId, organisationId);
    if (!org) throw notFound('organisation');
    const people = await q.peopleOf(db, p.networkId, organisationId);
    const resource: Resource = {
      type: 'organisation',
      networkId: p.networkId,
      timebankId: org.timebank_id,
      adminPersonIds: people.filter((x) => x.role === 'admin').map((x) => x.person_id),
      personIds: people.map((x) => x.person_id),
    };
    return { org, people, resource };
  }

  /** Who acts for the organisation, in which role: its timebank's staff and its own people. */
  async function people(p: Principal, organisationId: string) {
    const r = await organisationResource(p, organisationId);
    // Someone who may not see who acts for it learns nothing about it.
    if (!can(p, 'organisation.readPeople', r.resource) && !can(p, 'organisation.managePeople', r.resource)) throw notFound('organisation');
    return { organisation: r.org, people: r.people, canManage: can(p, 'organisation.managePeople', r.resource) };
  }

  /** An active member of the organisation's timebank may act for it, in a role (coordinators, its admins). */
  async function addPerson(p: Principal, actor: Actor, organisationId: string, personId: string, role: OrganisationRole = 'member') {
    const { org, people: current, resource } = await organisationResource(p, organisationId);
    authorize(p, 'organisation.managePeople', resource);
    const memberships = await loadMemberships(db, p.networkId, personId);
    if (!memberships.some((m) => m.timebankId === org.timebank_id && m.status === 'active')) {
      throw new DomainError('not_a_member', 'only active members of the timebank can act for its organisations', {
        fields: [{ path: '/body/personId', message: 'not an active member of this timebank' }],
      });
    }
    if (current.some((x) => x.person_id === personId)) {
      throw new DomainError('conflict', 'they already act for this organisation: change their role instead', {
        fields: [{ path: '/body/personId', message: 'already acts for it' }],
      });
    }
    await db.transaction().execute(async (tx) => {
      await q.linkPerson(tx, p.networkId, organisationId, personId, role, p.personId, clock.now());
      await recordAudit(tx, actor, {
        action: 'organisation.add_person',
        subjectType: 'person',
        subjectId: personId,
        timebankId: org.timebank_id,
        detail: { organisationId, role },
      });
    });
    return { organisationId, personId, role };
  }

  /** Changes the role someone acts for the organisation in. */
  async function setRole(p: Principal, actor: Actor, organisationId: string, personId: string, role: OrganisationRole) {
    const { org, people: current, resource } = await organisationResource(p, organisationId);
    authorize(p, 'organisation.managePeople', resource);
    const was = current.find((x) => x.person_id === personId);
    if (!was) throw notFound('person of the organisation');
    lastAdminGuard(current, personId, role);
    await db.transaction().execute(async (tx) => {
      await q.setRole(tx, p.networkId, organisationId, personId, role, p.personId, clock.now());
      await recordAudit(tx, actor, {
        action: 'organisation.set_role',
        subjectType: 'person',
        subjectId: personId,
        timebankId: org.timebank_id,
        detail: { organisationId, from: was.role, to: role },
      });
    });
    return { organisationId, personId, role };
  }

  /** Someone no longer acts for the organisation. */
  async function removePerson(p: Principal, actor: Actor, organisationId: string, personId: string) {
    const { org, people: current, resource } = await organisationResource(p, organisationId);
    authorize(p, 'organisation.managePeople', resource);
    const was = current.find((x) => x.person_id === personId);
    if (!was) throw notFound('person of the organisation');
    lastAdminGuard(current, personId, null);
    await db.transaction().execute(async (tx) => {
      await q.unlinkPerson(tx, p.networkId, organisationId, personId);
      await recordAudit(tx, actor, {
        action: 'organisation.remove_person',
        subjectType: 'person',
        subjectId: personId,
        timebankId: org.timebank_id,
        detail: { organisationId, role: was.role },
      });
    });
    return { organisationId, personId };
  }

  /** An organisation that has an admin keeps one: the last admin is not demoted or removed. */
  function lastAdminGuard(current: { person_id: string; role: OrganisationRole }[], personId: string, next: OrganisationRole | null) {
    const admins = current.filter((x) => x.role === 'admin');
    if (next !== 'admin' && admins.length === 1 && admins[0]!.person_id === personId) {
      throw new DomainError('last_admin', 'the organisation would have no admin: make someone else admin first', {
        fields: [{ path: next ? '/body/role' : '/params/personId', message: 'the last admin' }],
      });
    }
  }

  return { list, create, addPerson, people, setRole, removePerson, organisationResource };
}

export type Organisations = ReturnType<typeof createOrganisations>;
