// Who does what in the demo's activities, exchanges and outcomes: the active members of each
// timebank, its brokers and coordinator, the people acting for its organisations, and the
// principals and actors the modules' services take. A member who signs in (has an email) acts
// for themself; anyone else is recorded by a broker of their timebank acting for them, as a
// broker would from a phone call.
import type { Actor } from '../modules/audit/record.ts';
import type { Principal } from '../modules/auth/principal.ts';
import type { Grant, Membership } from '../modules/policy/policy.ts';
import type { DemoPlan } from './plan.ts';
import type { Random } from './random.ts';

export function principal(
  networkId: string,
  personId: string,
  name: string,
  grants: Grant[],
  timebankId: string | null,
  more: { memberships?: Membership[]; actingFor?: Principal['actingFor'] } = {},
): Principal {
  return {
    networkId,
    personId,
    displayName: name,
    grants,
    memberships: more.memberships ?? [],
    sessionId: 'demo',
    locale: 'en',
    csrfToken: '',
    stage: 'ready',
    actingFor: more.actingFor ?? null,
    currentTimebankId: timebankId,
    totpEnabled: false,
  };
}

/** The actor of a principal's writes: the person, for the member they act for (if any). */
export const actorOf = (
  p: Principal,
  forPersonId: string | null = p.actingFor?.personId ?? null,
): Actor => ({
  networkId: p.networkId,
  personId: p.personId,
  onBehalfOfPersonId: forPersonId,
  requestId: null,
});

export interface CastMember {
  memberId: string;
  personId: string;
  timebankId: string;
  areaId: string | null;
  name: string;
  hasEmail: boolean;
  /** Years on the day the demo is made; null when the birth year is not recorded. */
  age: number | null;
}

export interface CastOrganisation {
  id: string;
  name: string;
  /** The people who act for it with its account. */
  personIds: string[];
}

export interface Cast {
  networkId: string;
  /** Active members of each timebank, in id order. */
  membersOf: Map<string, CastMember[]>;
  /** The area of each timebank with the most active members (its town, mostly). */
  busiestAreaOf: Map<string, string | null>;
  brokersOf: Map<string, string[]>;
  coordinatorOf: Map<string, string>;
  organisationsOf: Map<string, CastOrganisation[]>;
  names: Map<string, string>;
  /** The member sign-in (Eilidh Campbell): her memberships by timebank id, and her home timebank. */
  signInMember: {
    personId: string;
    memberIdOf: Map<string, string>;
    homeTimebankId: string | null;
  };
  grantsOf(personId: string): Grant[];
  /** A staff member (broker or coordinator) acting as themself. */
  staff(personId: string, timebankId: string): Principal;
  /** The member themself when they sign in, else a broker of their timebank acting for them. */
  asMember(m: CastMember, r: Random): Principal;
  /** Someone acting for an organisation: the first of its people who signs in, else a broker of
   * its timebank acting for the first of them. */
  asOrganisation(o: CastOrganisation, timebankId: string, r: Random): Principal;
}

export function castOf(
  plan: DemoPlan,
  today: string,
  signIn: { email: string; timebankSlug: string | null },
): Cast {
  const networkId = plan.network.id;
  const persons = new Map(plan.persons.map((p) => [p.id, p]));
  const names = new Map(plan.persons.map((p) => [p.id, p.display_name]));
  const year = Number(today.slice(0, 4));
  const membersOf = new Map<string, CastMember[]>();
  const memberships = new Map<string, Membership[]>();
  for (const m of [...plan.members].sort((a, b) => a.id.localeCompare(b.id))) {
    memberships.set(m.person_id, [
      ...(memberships.get(m.person_id) ?? []),
      { memberId: m.id, timebankId: m.timebank_id, status: m.status ?? 'active' },
    ]);
    if (m.status !== 'active') continue;
    const person = persons.get(m.person_id)!;
    const list = membersOf.get(m.timebank_id) ?? [];
    list.push({
      memberId: m.id,
      personId: m.person_id,
      timebankId: m.timebank_id,
      areaId: m.area_id ?? null,
      name: person.display_name,
      hasEmail: !!person.email,
      age: person.birth_year ? year - person.birth_year : null,
    });
    membersOf.set(m.timebank_id, list);
  }
  const busiestAreaOf = new Map<string, string | null>();
  for (const [tb, list] of membersOf) {
    const count = new Map<string | null, number>();
    for (const m of list) count.set(m.areaId, (count.get(m.areaId) ?? 0) + 1);
    busiestAreaOf.set(tb, [...count].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null);
  }
  const grants = new Map<string, Grant[]>();
  const brokersOf = new Map<string, string[]>();
  const coordinatorOf = new Map<string, string>();
  for (const g of plan.roleGrants) {
    grants.set(g.person_id, [
      ...(grants.get(g.person_id) ?? []),
      { role: g.role, timebankId: g.timebank_id ?? null },
    ]);
    if (g.role === 'broker' && g.timebank_id)
      brokersOf.set(g.timebank_id, [...(brokersOf.get(g.timebank_id) ?? []), g.person_id]);
    if (g.role === 'coordinator' && g.timebank_id) coordinatorOf.set(g.timebank_id, g.person_id);
  }
  const organisationsOf = new Map<string, CastOrganisation[]>();
  for (const o of plan.organisations) {
    const personIds = plan.organisationPersons
      .filter((x) => x.organisation_id === o.id)
      .map((x) => x.person_id);
    organisationsOf.set(o.timebank_id, [
      ...(organisationsOf.get(o.timebank_id) ?? []),
      { id: o.id, name: o.name, personIds },
    ]);
  }
  const signInPerson = plan.persons.find((p) => p.email === signIn.email);
  const signInMember = {
    personId: signInPerson?.id ?? '',
    memberIdOf: new Map(
      plan.members
        .filter((m) => m.person_id === signInPerson?.id)
        .map((m) => [m.timebank_id, m.id]),
    ),
    homeTimebankId: plan.timebanks.find((t) => t.slug === signIn.timebankSlug)?.id ?? null,
  };
  const grantsOf = (personId: string) => grants.get(personId) ?? [];
  const signsIn = (personId: string) => !!persons.get(personId)?.email;
  const staff = (personId: string, timebankId: string) =>
    principal(networkId, personId, names.get(personId) ?? '', grantsOf(personId), timebankId, {
      memberships: memberships.get(personId) ?? [],
    });
  const actingFor = (personId: string, timebankId: string, r: Random): Principal => {
    const broker = r.pick(brokersOf.get(timebankId) ?? [coordinatorOf.get(timebankId)!]);
    return {
      ...staff(broker, timebankId),
      actingFor: { personId, displayName: names.get(personId) ?? '' },
    };
  };
  return {
    networkId,
    membersOf,
    busiestAreaOf,
    brokersOf,
    coordinatorOf,
    organisationsOf,
    names,
    signInMember,
    grantsOf,
    staff,
    asMember(m, r) {
      return m.hasEmail ? staff(m.personId, m.timebankId) : actingFor(m.personId, m.timebankId, r);
    },
    asOrganisation(o, timebankId, r) {
      const person = o.personIds.find(signsIn);
      return person ? staff(person, timebankId) : actingFor(o.personIds[0]!, timebankId, r);
    },
  };
}
