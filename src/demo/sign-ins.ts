// The people of the demo who are always there, whatever the seed and scale: one sign-in for
// each role (printed by the CLI, listed in docs/demo.md, used by tests), and the people of the
// seed's story (the 80-year-old who makes shortbread, the two teenagers, the youngest member).
import type { GrantedRole } from '../db/schema.ts';

/** The one password of every demo sign-in. The demo is for trying the product, never for real data. */
export const DEMO_PASSWORD = 'timebank-demo';

export type DemoRole = 'member' | GrantedRole;

export interface DemoSignIn {
  role: DemoRole;
  email: string;
  displayName: string;
  /** The timebank the role applies to; null for network-wide roles. */
  timebankSlug: string | null;
}

export const DEMO_SIGN_INS: readonly DemoSignIn[] = [
  {
    role: 'member',
    email: 'member@demo.timebank.test',
    displayName: 'Eilidh Campbell',
    timebankSlug: 'cowal',
  },
  {
    role: 'broker',
    email: 'broker@demo.timebank.test',
    displayName: 'Fiona MacDonald',
    timebankSlug: 'cowal',
  },
  {
    role: 'coordinator',
    email: 'coordinator@demo.timebank.test',
    displayName: 'Catriona Lamont',
    timebankSlug: 'cowal',
  },
  {
    role: 'network_admin',
    email: 'admin@demo.timebank.test',
    displayName: 'Alasdair Munro',
    timebankSlug: null,
  },
  {
    role: 'commissioner',
    email: 'commissioner@demo.timebank.test',
    displayName: 'Ruth Galbraith',
    timebankSlug: null,
  },
];

export interface FixedMembership {
  timebankSlug: string;
  areaName: string;
  joinedYear: number;
}

export interface FixedPerson {
  displayName: string;
  email: string | null;
  age: number;
  locale: 'en' | 'pl';
  memberships: readonly FixedMembership[];
  roles: readonly { role: GrantedRole; timebankSlug: string | null }[];
  signsIn: boolean;
}

function signIn(role: DemoRole): DemoSignIn {
  const found = DEMO_SIGN_INS.find((s) => s.role === role);
  if (!found) throw new Error(`no demo sign-in for ${role}`);
  return found;
}

function signInPerson(
  role: DemoRole,
  age: number,
  memberships: readonly FixedMembership[],
): FixedPerson {
  const s = signIn(role);
  const roles = role === 'member' ? [] : [{ role, timebankSlug: s.timebankSlug }];
  return {
    displayName: s.displayName,
    email: s.email,
    age,
    locale: 'en',
    memberships,
    roles,
    signsIn: true,
  };
}

function storyPerson(
  displayName: string,
  age: number,
  membership: FixedMembership,
  extra: Partial<Pick<FixedPerson, 'email' | 'locale'>> = {},
): FixedPerson {
  return {
    displayName,
    email: extra.email ?? null,
    age,
    locale: extra.locale ?? 'en',
    memberships: [membership],
    roles: [],
    signsIn: false,
  };
}

const cowal = (areaName: string, joinedYear: number): FixedMembership => ({
  timebankSlug: 'cowal',
  areaName,
  joinedYear,
});

export const FIXED_PEOPLE: readonly FixedPerson[] = [
  // The member is in two timebanks (she works in Rothesay), to exercise the timebank switcher.
  signInPerson('member', 34, [
    cowal('Dunoon', 2016),
    { timebankSlug: 'bute', areaName: 'Rothesay', joinedYear: 2021 },
  ]),
  signInPerson('broker', 58, [cowal('Kirn', 2009)]),
  signInPerson('coordinator', 49, [cowal('Dunoon', 2006)]),
  signInPerson('network_admin', 45, []),
  signInPerson('commissioner', 52, []),
  storyPerson('Verity Hughes', 61, cowal('Sandbank', 2005), {
    email: 'verity.hughes@demo.timebank.test',
  }),
  storyPerson('Agnes McKellar', 80, cowal('Dunoon', 2010)),
  storyPerson('Isla Paterson', 15, cowal('Dunoon', 2023)),
  storyPerson('Zofia Nowak', 16, cowal('Dunoon', 2023), { locale: 'pl' }),
  storyPerson('Agnieszka Nowak', 42, cowal('Dunoon', 2014), {
    email: 'agnieszka.nowak@demo.timebank.test',
    locale: 'pl',
  }),
  storyPerson('Finlay Brown', 9, cowal('Innellan', 2025)),
  storyPerson('Shona Kerr', 47, cowal('Dunoon', 2012), { email: 'shona.kerr@demo.timebank.test' }),
  storyPerson('Jean Currie', 95, { timebankSlug: 'bute', areaName: 'Rothesay', joinedYear: 2008 }),
];

/** Fixed people who act for an organisation (the cafe owner for the cafe). */
export const FIXED_ORGANISATION_PEOPLE: readonly { organisation: string; displayName: string }[] = [
  { organisation: 'Argyll Street Cafe', displayName: 'Shona Kerr' },
];
