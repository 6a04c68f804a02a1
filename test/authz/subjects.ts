// The people of the authorization matrix: every role, in the timebank the resources belong to
// ("own": North of network A), in another timebank of the same network ("otherTimebank":
// South), and in another network ("otherNetwork": network B); the member the resources
// belong to ("self"); and nobody signed in ("anonymous").
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { systemActor } from '../../src/modules/audit/record.ts';
import type { Ledger } from '../../src/modules/ledger/service.ts';
import { addPerson, createWorld, type PersonFixture, type World } from '../support/fixtures.ts';
import { Client } from '../support/http.ts';

export const CELLS = [
  'anonymous',
  'self',
  'member:own',
  'member:otherTimebank',
  'member:otherNetwork',
  'broker:own',
  'broker:otherTimebank',
  'broker:otherNetwork',
  'coordinator:own',
  'coordinator:otherTimebank',
  'coordinator:otherNetwork',
  'networkAdmin:own',
  'networkAdmin:otherNetwork',
  'commissioner:own',
  'commissioner:otherTimebank',
  'commissioner:network',
  'commissioner:otherNetwork',
] as const;
export type Cell = (typeof CELLS)[number];

/** The resources every request aims at: all in North of network A. */
export interface Targets {
  world: World;
  north: string;
  south: string;
  /** Mary: "self". */
  mary: PersonFixture;
  maryMemberId: string;
  maryAccountId: string;
  /** Another member of North, on the other side of Mary's transfers. */
  ninaAccountId: string;
  ninaMemberId: string;
  /** A member whose status the matrix changes (kept apart from the signed-in people). */
  patMemberId: string;
  patPersonId: string;
  organisationId: string;
  /** Someone with no role who signs in through the probes of the sign-in routes. */
  signy: PersonFixture;
  /** A posted transfer from Mary to Nina. */
  postedTransferId: string;
  /** Hours Nina recorded as given to Mary, waiting for Mary to confirm. */
  pendingTransferId: string;
  communityPotId: string;
}

export interface Matrix {
  targets: Targets;
  /** The subject of a cell: undefined for anonymous. */
  people: Record<Exclude<Cell, 'anonymous'>, PersonFixture>;
}

async function memberId(db: Kysely<DB>, personId: string): Promise<string> {
  const m = await db.selectFrom('member').where('person_id', '=', personId).select('id').executeTakeFirstOrThrow();
  return m.id;
}

export async function createMatrixWorld(db: Kysely<DB>, ledger: Ledger): Promise<Matrix> {
  const world = await createWorld(db);
  const { networkA, networkB, north, south, bTimebank } = world;
  const person = (net: string, name: string, timebankId?: string, roles: [never, string | null][] = []) =>
    addPerson(db, net, { name, ...(timebankId ? { timebankId } : {}), roles });
  const people: Matrix['people'] = {
    self: world.member,
    'member:own': await person(networkA, 'Nina North', north),
    'member:otherTimebank': world.southMember,
    'member:otherNetwork': world.memberB,
    'broker:own': world.brokerNorth,
    'broker:otherTimebank': await addPerson(db, networkA, { name: 'Sid South Broker', timebankId: south, roles: [['broker', south]] }),
    'broker:otherNetwork': world.brokerB,
    'coordinator:own': world.coordinatorNorth,
    'coordinator:otherTimebank': await addPerson(db, networkA, { name: 'Sue South Coord', timebankId: south, roles: [['coordinator', south]] }),
    'coordinator:otherNetwork': await addPerson(db, networkB, { name: 'Cy B Coord', timebankId: bTimebank, roles: [['coordinator', bTimebank]] }),
    'networkAdmin:own': world.admin,
    'networkAdmin:otherNetwork': await addPerson(db, networkB, { name: 'Abe B Admin', roles: [['network_admin', null]] }),
    'commissioner:own': await addPerson(db, networkA, { name: 'Col North Commissioner', roles: [['commissioner', north]] }),
    'commissioner:otherTimebank': await addPerson(db, networkA, { name: 'Cal South Commissioner', roles: [['commissioner', south]] }),
    'commissioner:network': world.commissioner,
    'commissioner:otherNetwork': await addPerson(db, networkB, { name: 'Cat B Commissioner', roles: [['commissioner', null]] }),
  };
  const pat = await addPerson(db, networkA, { name: 'Pat Paused', timebankId: north, password: false });
  const actor = systemActor(networkA);
  await ledger.openTimebank(actor, { timebankId: north, settings: { balanceMinutesMin: -100_000 } });
  await ledger.openTimebank(actor, { timebankId: south, settings: { balanceMinutesMin: -100_000 } });
  await ledger.openTimebank(systemActor(networkB), { timebankId: bTimebank });
  const maryMemberId = await memberId(db, world.member.id);
  const ninaMemberId = await memberId(db, people['member:own'].id);
  const maryAccountId = (await ledger.openMemberAccount(actor, { memberId: maryMemberId })).id;
  const ninaAccountId = (await ledger.openMemberAccount(actor, { memberId: ninaMemberId })).id;
  const posted = await ledger.transfer(actor, {
    id: newId(),
    debitAccountId: maryAccountId,
    creditAccountId: ninaAccountId,
    minutes: 60,
    kind: 'exchange',
    category: 'gardening',
  });
  const pending = await ledger.recordPending(actor, {
    id: newId(),
    debitAccountId: maryAccountId,
    creditAccountId: ninaAccountId,
    minutes: 30,
    kind: 'exchange',
    category: 'shopping',
  });
  const organisationId = newId();
  await db
    .insertInto('organisation')
    .values({ network_id: networkA, id: organisationId, timebank_id: north, name: 'North Lunch Club', kind: 'voluntary' })
    .execute();
  const pot = await ledger.findAccount(networkA, { communityPotOf: north });
  return {
    people,
    targets: {
      world,
      north,
      south,
      mary: world.member,
      signy: await addPerson(db, networkA, { name: 'Signy Signs In' }),
      maryMemberId,
      maryAccountId,
      ninaAccountId,
      ninaMemberId,
      patMemberId: await memberId(db, pat.id),
      patPersonId: pat.id,
      organisationId,
      postedTransferId: posted.transfers[0]!.id,
      pendingTransferId: pending.transfers[0]!.id,
      communityPotId: pot!.id,
    },
  };
}

let clientCount = 0;

/** A signed-in client for a cell (a new one each call: some routes change the session). Each
 * client comes from its own address (the server trusts x-forwarded-for in this test), so the
 * sign-in rate limit per address does not refuse the matrix's many sign-ins. */
export async function clientFor(url: string, matrix: Matrix, cell: Cell): Promise<Client> {
  clientCount++;
  const c = new Client(url, { 'x-forwarded-for': `10.${(clientCount >> 16) & 255}.${(clientCount >> 8) & 255}.${clientCount & 255}` });
  if (cell === 'anonymous') return c;
  const r = await c.signIn(matrix.people[cell].email!);
  if (r.status !== 200) throw new Error(`${cell} could not sign in: ${r.status} ${r.text}`);
  return c;
}
