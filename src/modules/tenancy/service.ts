// Networks, timebanks, areas and who holds which role.
import type { Kysely } from 'kysely';
import type { DB, GrantedRole } from '../../db/schema.ts';
import { DomainError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { isTimeZone } from '../../lib/zone.ts';
import { type Actor, recordAudit } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { findPerson, loadMemberships } from '../auth/queries.ts';
import { authorize } from '../policy/policy.ts';
import { timebankResource } from './guard.ts';
import * as q from './queries.ts';

export interface TimebankPatch {
  name?: string | undefined;
  totpWaived?: boolean | undefined;
  defaultLocale?: 'en' | 'pl' | undefined;
  timeZone?: string | undefined;
}

export interface TenancyDeps {
  db: Kysely<DB>;
  /** Opens the ledger (settings and community pot) of a new timebank. */
  openLedger: (actor: Actor, timebankId: string) => Promise<unknown>;
}

export function createTenancy({ db, openLedger }: TenancyDeps) {
  async function timebankOrThrow(p: Principal, timebankId: string) {
    const tb = await q.findTimebank(db, p.networkId, timebankId);
    if (!tb) throw notFound('timebank');
    authorize(p, 'timebank.view', { type: 'timebank', networkId: p.networkId, timebankId });
    return tb;
  }

  async function createTimebank(p: Principal, actor: Actor, input: { slug: string; name: string }) {
    authorize(p, 'network.administer', { type: 'network', networkId: p.networkId });
    const id = newId();
    await db.transaction().execute(async (tx) => {
      const clash = await tx
        .selectFrom('timebank')
        .where('network_id', '=', p.networkId)
        .where('slug', '=', input.slug)
        .select('id')
        .executeTakeFirst();
      if (clash) {
        throw new DomainError('conflict', 'a timebank with that slug exists', {
          fields: [{ path: '/body/slug', message: 'already taken' }],
        });
      }
      await q.insertTimebank(tx, { networkId: p.networkId, id, slug: input.slug, name: input.name, totpWaived: false });
      await recordAudit(tx, actor, { action: 'timebank.create', subjectType: 'timebank', subjectId: id, timebankId: id });
    });
    // Opening the ledger is safe to repeat, so a failure here is mended by opening it again.
    await openLedger(actor, id);
    return timebankOrThrow(p, id);
  }

  async function updateTimebank(p: Principal, actor: Actor, timebankId: string, patch: TimebankPatch) {
    authorize(p, 'timebank.configure', await timebankResource(db, p, timebankId));
    if (patch.timeZone !== undefined && !isTimeZone(patch.timeZone)) {
      throw new DomainError('validation_failed', 'not a time zone this server knows (an IANA name such as Europe/London)', {
        fields: [{ path: '/body/timeZone', message: 'unknown time zone' }],
      });
    }
    await db.transaction().execute(async (tx) => {
      await q.updateTimebank(tx, p.networkId, timebankId, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.totpWaived !== undefined ? { totp_waived: patch.totpWaived } : {}),
        ...(patch.defaultLocale !== undefined ? { default_locale: patch.defaultLocale } : {}),
        ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      });
      await recordAudit(tx, actor, {
        action: 'timebank.update',
        subjectType: 'timebank',
        subjectId: timebankId,
        timebankId,
        detail: { ...patch },
      });
    });
    return timebankOrThrow(p, timebankId);
  }

  async function createArea(p: Principal, actor: Actor, timebankId: string, input: { name: string; kind: DB['area']['kind'] }) {
    authorize(p, 'timebank.configure', await timebankResource(db, p, timebankId));
    const id = newId();
    await db.transaction().execute(async (tx) => {
      const areas = await q.listAreas(tx, p.networkId, timebankId);
      if (areas.some((a) => a.name.toLowerCase() === input.name.toLowerCase())) {
        throw new DomainError('conflict', 'an area with that name exists', {
          fields: [{ path: '/body/name', message: 'already exists' }],
        });
      }
      await q.insertArea(tx, { networkId: p.networkId, id, timebankId, ...input });
      await recordAudit(tx, actor, { action: 'area.create', subjectType: 'area', subjectId: id, timebankId });
    });
    return { id, ...input };
  }

  /** Coordinators make brokers in their timebank; a network admin grants every role. */
  async function grantRole(p: Principal, actor: Actor, input: { personId: string; role: GrantedRole; timebankId: string | null }) {
    if (input.role === 'broker' && input.timebankId) {
      authorize(p, 'timebank.grantBroker', await timebankResource(db, p, input.timebankId));
    } else {
      authorize(p, 'network.grantRoles', { type: 'network', networkId: p.networkId });
    }
    if ((input.role === 'broker' || input.role === 'coordinator') && !input.timebankId) {
      throw new DomainError('validation_failed', 'brokers and coordinators belong to a timebank', {
        fields: [{ path: '/body/timebankId', message: 'required for this role' }],
      });
    }
    if (input.role === 'network_admin' && input.timebankId) {
      throw new DomainError('validation_failed', 'a network admin serves the whole network', {
        fields: [{ path: '/body/timebankId', message: 'must be null for network_admin' }],
      });
    }
    const person = await findPerson(db, p.networkId, input.personId);
    if (!person) throw notFound('person');
    if (input.role !== 'network_admin' && input.role !== 'commissioner' && input.timebankId) {
      const ms = await loadMemberships(db, p.networkId, input.personId);
      if (!ms.some((m) => m.timebankId === input.timebankId && m.status === 'active')) {
        throw new DomainError('not_a_member', 'brokers and coordinators must be active members of the timebank');
      }
    }
    if (await q.grantExists(db, p.networkId, input.personId, input.role, input.timebankId)) {
      throw new DomainError('conflict', 'that person already holds this role');
    }
    const id = newId();
    await db.transaction().execute(async (tx) => {
      await q.insertGrant(tx, { networkId: p.networkId, id, ...input, by: p.personId });
      await recordAudit(tx, actor, {
        action: 'role.grant',
        subjectType: 'person',
        subjectId: input.personId,
        timebankId: input.timebankId,
        detail: { role: input.role, grantId: id },
      });
    });
    return { id, ...input };
  }

  return {
    listTimebanks: (p: Principal) => q.listTimebanks(db, p.networkId),
    getTimebank: timebankOrThrow,
    listAreas: async (p: Principal, timebankId: string) => {
      await timebankOrThrow(p, timebankId);
      return q.listAreas(db, p.networkId, timebankId);
    },
    createTimebank,
    updateTimebank,
    createArea,
    grantRole,
  };
}

export type Tenancy = ReturnType<typeof createTenancy>;
