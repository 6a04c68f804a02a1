// A small world for tests: two networks; network A has timebanks North and South.
import type { Kysely } from 'kysely';
import type { DB, GrantedRole, MemberStatus } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { insertMember, insertPerson } from '../../src/modules/people/queries.ts';
import { insertGrant, insertNetwork, insertTimebank } from '../../src/modules/tenancy/queries.ts';

export const PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | undefined;

export interface PersonFixture {
  id: string;
  email: string | null;
  name: string;
}

export interface World {
  networkA: string;
  networkB: string;
  north: string;
  south: string;
  bTimebank: string;
  /** Active member of North, signs in. */
  member: PersonFixture;
  /** Member of North with no email: a broker acts for her. */
  offline: PersonFixture;
  /** Member of South. */
  southMember: PersonFixture;
  brokerNorth: PersonFixture;
  coordinatorNorth: PersonFixture;
  admin: PersonFixture;
  commissioner: PersonFixture;
  /** Broker of network B's timebank. */
  brokerB: PersonFixture;
  memberB: PersonFixture;
}

export async function addPerson(
  db: Kysely<DB>,
  networkId: string,
  opts: { name: string; email?: string | null; timebankId?: string; status?: MemberStatus; roles?: [GrantedRole, string | null][]; password?: boolean },
): Promise<PersonFixture> {
  const id = newId();
  const email = opts.email === undefined ? `${opts.name.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '')}@example.test` : opts.email;
  await insertPerson(db, { networkId, id, displayName: opts.name, email, phone: null, birthYear: 1960, locale: 'en', createdBy: null });
  if (email && opts.password !== false) {
    passwordHash ??= hashPassword(PASSWORD);
    await db.updateTable('person').set({ password_hash: await passwordHash }).where('network_id', '=', networkId).where('id', '=', id).execute();
  }
  if (opts.timebankId) {
    await insertMember(db, {
      networkId,
      id: newId(),
      timebankId: opts.timebankId,
      personId: id,
      status: opts.status ?? 'active',
      areaId: null,
      joinedOn: '2025-01-01',
      createdBy: null,
    });
  }
  for (const [role, timebankId] of opts.roles ?? []) {
    await insertGrant(db, { networkId, id: newId(), personId: id, role, timebankId, by: null });
  }
  return { id, email, name: opts.name };
}

export async function createWorld(db: Kysely<DB>, opts: { totpWaived?: boolean } = {}): Promise<World> {
  const waived = opts.totpWaived ?? true;
  const networkA = newId();
  const networkB = newId();
  const north = newId();
  const south = newId();
  const bTimebank = newId();
  await insertNetwork(db, { id: networkA, slug: `net-a-${networkA.slice(-6)}`, name: 'Network A', isDemo: false });
  await insertNetwork(db, { id: networkB, slug: `net-b-${networkB.slice(-6)}`, name: 'Network B', isDemo: false });
  await insertTimebank(db, { networkId: networkA, id: north, slug: 'north', name: 'North', totpWaived: waived });
  await insertTimebank(db, { networkId: networkA, id: south, slug: 'south', name: 'South', totpWaived: waived });
  await insertTimebank(db, { networkId: networkB, id: bTimebank, slug: 'other', name: 'Other', totpWaived: waived });
  const tag = networkA.slice(-6);
  return {
    networkA,
    networkB,
    north,
    south,
    bTimebank,
    member: await addPerson(db, networkA, { name: `Mary Member ${tag}`, timebankId: north }),
    offline: await addPerson(db, networkA, { name: `Olive Offline ${tag}`, email: null, timebankId: north }),
    southMember: await addPerson(db, networkA, { name: `Sam South ${tag}`, timebankId: south }),
    brokerNorth: await addPerson(db, networkA, { name: `Bob Broker ${tag}`, timebankId: north, roles: [['broker', north]] }),
    coordinatorNorth: await addPerson(db, networkA, { name: `Cora Coord ${tag}`, timebankId: north, roles: [['coordinator', north]] }),
    admin: await addPerson(db, networkA, { name: `Ada Admin ${tag}`, roles: [['network_admin', null]] }),
    commissioner: await addPerson(db, networkA, { name: `Cam Commissioner ${tag}`, roles: [['commissioner', null]] }),
    brokerB: await addPerson(db, networkB, { name: `Bea Broker B ${tag}`, timebankId: bTimebank, roles: [['broker', bTimebank]] }),
    memberB: await addPerson(db, networkB, { name: `Max Member B ${tag}`, timebankId: bTimebank }),
  };
}

/** The id of a person's membership of a timebank. */
export async function memberIdOf(db: Kysely<DB>, personId: string, timebankId: string): Promise<string> {
  const row = await db.selectFrom('member').where('person_id', '=', personId).where('timebank_id', '=', timebankId).select('id').executeTakeFirstOrThrow();
  return row.id;
}
