// A broker's day: find a member, read their record, act for them (the banner says so), stop,
// and register someone who phoned in and has no email, then find them in the list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, type E2E, followNav, signInAs, startE2E } from './support.ts';

let e2e: E2E;
let page: Page;
beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.newPage();
  await signInAs(page, 'broker');
});
afterAll(async () => {
  await e2e?.close();
});

/** One of the seed's people, there at every scale: 80, no email, a broker acts for her. */
const AGNES = 'Agnes McKellar';

const main = () => page.getByRole('main');

async function searchMembers(text: string): Promise<void> {
  await followNav(page, 'Members');
  const search = main().getByRole('search', { name: 'Search members' });
  await search.getByLabel('Search by name, email or phone').fill(text);
  // The page is a hydrated island: typing already filters; the button reloads the page (the
  // path that works with JavaScript off). Wait for that document, not the live fetch.
  await Promise.all([
    page.waitForResponse((r) => r.request().resourceType() === 'document' && new URL(r.url()).searchParams.get('q') === text),
    search.getByRole('button', { name: 'Filter' }).click(),
  ]);
  await page.waitForLoadState('load');
}

describe('a broker', () => {
  it('lists the members of their timebank and searches them', async () => {
    await followNav(page, 'Members');
    expect(await main().getByRole('heading', { level: 1 }).textContent()).toMatch(/^Members of /);
    expect(await main().getByRole('table').getByRole('row').count()).toBeGreaterThan(5);

    await searchMembers(AGNES);
    const rows = main().getByRole('table').getByRole('row');
    expect(await rows.count()).toBe(2); // the header and Agnes
    expect(await main().getByText('1 member', { exact: true }).isVisible()).toBe(true);
    expect(await main().getByLabel('Search by name, email or phone').inputValue()).toBe(AGNES);
    await checkPage(page, 'broker-members-search');
  });

  it('filters the list as they type, without reloading the page', async () => {
    const errors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') errors.push(m.text());
    };
    page.on('console', onConsole);
    await followNav(page, 'Members');
    await page.waitForFunction(() => document.querySelector('[data-island="member-search"]') !== null);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    const search = main().getByRole('search', { name: 'Search members' });
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/timebanks/') && r.url().includes('q=Agnes')),
      search.getByLabel('Search by name, email or phone').pressSequentially('Agnes McK', { delay: 20 }),
    ]);
    await expect.poll(() => main().getByRole('table').getByRole('row').count()).toBe(2);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(new URL(page.url()).searchParams.get('q')).toBe('Agnes McK');
    await checkPage(page, 'broker-members-live-search');
    page.off('console', onConsole);
    // Hydration matched the server's HTML: React reports mismatches as console errors.
    expect(errors).toEqual([]);
  });

  it("reads a member's record, with the form to change their status", async () => {
    await searchMembers(AGNES);
    await main().getByRole('link', { name: AGNES, exact: true }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/people/'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Record of ${AGNES}`);
    expect(await main().getByText('No, a broker acts for them').isVisible()).toBe(true);
    await main().getByText('Change status').first().click();
    expect(await main().getByRole('button', { name: 'Save' }).first().isVisible()).toBe(true);
    await checkPage(page, 'broker-person-record');
  });

  it('acts for a member: a banner names them on every page until the broker stops', async () => {
    await searchMembers(AGNES);
    await main()
      .getByRole('button', { name: `Act for ${AGNES}` })
      .click();
    await page.waitForURL((u) => u.pathname === '/me');
    const banner = main().getByRole('region', { name: /^You are acting for Agnes McKellar\./ });
    expect(await banner.isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Record of ${AGNES}`);
    await checkPage(page, 'broker-acting-for');

    await followNav(page, 'Home');
    expect(await banner.isVisible()).toBe(true);

    await banner.getByRole('button', { name: `Stop acting for ${AGNES}` }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(await page.getByText('You are acting for').count()).toBe(0);
  });

  it('registers a member who has no email, then finds them in the list', async () => {
    const name = 'Morag Lindsay-Test';
    await followNav(page, 'Register a member');
    await checkPage(page, 'broker-register-member');
    const form = main();
    await form.getByLabel('Full name').fill(name);
    await form.getByLabel('Phone (optional)').fill('01369 700123');
    await form.getByLabel('Year of birth (optional)').fill('1931');
    const areas = await form.getByLabel('Area').locator('option').allTextContents();
    await form.getByLabel('Area').selectOption({ label: areas[1]! });
    await form.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/people/'));

    expect(await main().getByRole('status').textContent()).toBe(`${name} is registered.`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Record of ${name}`);
    expect(await main().getByText('No, a broker acts for them').isVisible()).toBe(true);
    await checkPage(page, 'broker-registered-member');

    await searchMembers('Morag Lindsay');
    const row = main().getByRole('row', { name: new RegExp(name) });
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('01369 700123');
    expect(await row.getByRole('cell').nth(2).textContent()).toBe(areas[1]);
  });
});
