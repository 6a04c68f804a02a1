// Every role signs in through the form and visits every page its navigation offers; each page
// passes axe-core and is saved as a screenshot (once, by the first role that reaches it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRole } from '../../src/demo/sign-ins.ts';
import {
  checkPage,
  type E2E,
  followNav,
  navLink,
  navLinks,
  signInAs,
  signOut,
  startE2E,
} from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** One's own pages, in the navigation's first section ("You"). */
const MINE = [
  'Home',
  'My hours',
  'Record hours',
  'My availability',
  'My preferences',
  'My exchanges',
  'My record',
  'My profile',
  'Members directory',
  'Listings',
  'My listings',
  'My capabilities',
  'Activities',
  'Wellbeing check-in',
  'Notifications',
  'Sign-in security',
];
/** A broker's tools for their timebank ("Brokering"). */
const BROKERING = [
  'Members',
  'Register a member',
  'Applications',
  'Paper sheet',
  'Reviews due',
  'To phone',
  'Organisations',
  'Matching',
  'Check-ins due',
  'Asset map',
];
const MEMBER_NAV = [...MINE, 'Arguments', 'Debates'];
const BROKER_NAV = [...MINE, ...BROKERING, 'Arguments', 'Debates'];
const COORDINATOR_NAV = [...MINE, ...BROKERING, 'Hours settings', 'Mail outbox', 'Categories', 'Reports', 'Arguments', 'Debates'];

const ROLES: { role: DemoRole; nav: string[] }[] = [
  { role: 'member', nav: MEMBER_NAV },
  { role: 'broker', nav: BROKER_NAV },
  { role: 'coordinator', nav: COORDINATOR_NAV },
  {
    role: 'network_admin',
    nav: ['Home', 'My record', 'Notifications', 'Sign-in security', 'Between timebanks', 'Reports', 'Arguments', 'Debates'],
  },
  { role: 'commissioner', nav: ['Home', 'My record', 'Notifications', 'Sign-in security', 'Reports', 'Arguments', 'Debates'] },
];

it('shows an accessible error page for a page that does not exist', async () => {
  const page = await e2e.newPage();
  await signInAs(page, 'member');
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
    'Sorry, there is a problem',
  );
  await checkPage(page, 'error-not-found');
});

// A page that several roles reach (My hours, Members...) is checked by axe-core and
// photographed the first time; the others still follow the link and see it open. The home page
// differs by role and is checked for each.
const checked = new Set<string>();

describe.each(ROLES)('signed in as $role', ({ role, nav }) => {
  it('reaches every page of the navigation, each with no axe-core violations', async () => {
    const page = await e2e.newPage();
    await signInAs(page, role);
    const links = await navLinks(page);
    expect(links.map(([label]) => label)).toEqual(nav);
    for (const [label, pathname] of links) {
      await followNav(page, label);
      expect(new URL(page.url()).pathname, `${label} opens its page`).toBe(pathname);
      await expect.poll(() => navLink(page, label).getAttribute('aria-current')).toBe('page');
      const key = pathname === '/' ? `${role} /` : pathname;
      if (checked.has(key)) continue;
      checked.add(key);
      await checkPage(page, `${role}-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`);
    }
    await signOut(page);
    await checkPage(page, `${role}-signed-out`);
  }, 240_000); // every page of the role's navigation, each checked by axe-core
});
