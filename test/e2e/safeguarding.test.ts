// The broker's screen for a member on the phone (a check with its number masked and revealed,
// a form with errors, restrictions), the reviews due, and a member's own availability with
// JavaScript off and their safeguarding page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, type E2E, followNav, screenshot, signInAs, startE2E } from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const AGNES = 'Agnes McKellar';
const NUMBER = '1234 5678 9012 3456';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("a broker's screen for a member", () => {
  let page: Page;
  const main = () => page.getByRole('main');

  beforeAll(async () => {
    page = await e2e.newPage();
    await signInAs(page, 'broker');
  });

  it('opens from the member record and shows checks, restrictions, preferences and availability', async () => {
    await followNav(page, 'Members');
    await main().getByRole('link', { name: AGNES }).first().click();
    await page.waitForURL((u) => u.pathname.startsWith('/people/'));
    await main().getByRole('link', { name: 'Checks, restrictions and availability' }).first().click();
    await page.waitForURL((u) => u.pathname.endsWith('/safeguarding'));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`${AGNES}: checks, restrictions and availability`);
    for (const h of ['Safeguarding checks', 'Restrictions', 'Preferences', 'Availability']) {
      expect(await main().getByRole('heading', { level: 2, name: h }).isVisible()).toBe(true);
    }
    await checkPage(page, 'broker-member-screen');
  });

  it('refuses a check issued in the future with the error summary, then records it with the number masked', async () => {
    await main().getByText('Record a check').click();
    const form = main().locator('form[action$="/safeguarding/checks"]');
    await form.getByLabel('Scheme').selectOption('pvg');
    await form.getByLabel('Level').selectOption('pvg_level_2');
    await form.getByLabel('Workforce').selectOption('adults');
    await form.getByLabel('The role it is for').fill('Befriender');
    await form.getByLabel('Regulated work').check();
    await form.getByLabel('Certificate or PVG membership number (optional)').fill(NUMBER);
    await form.getByLabel('Date of issue').fill(day(2));
    await form.getByRole('button', { name: 'Save the check' }).click();
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Error:/);
    expect(await main().getByRole('alert').textContent()).toContain('Enter the date of issue: a real date, not in the future');
    await checkPage(page, 'form-safeguarding-check');

    const again = main().locator('form[action$="/safeguarding/checks"]');
    expect(await again.getByLabel('The role it is for').inputValue()).toBe('Befriender');
    await again.getByLabel('Certificate or PVG membership number (optional)').fill(NUMBER);
    await again.getByLabel('Date of issue').fill(day(-20));
    await again.getByLabel('Decision', { exact: true }).selectOption('cleared');
    const deciders = await again.getByLabel('Decided by').locator('option').allTextContents();
    await again.getByLabel('Decided by').selectOption({ label: deciders[1]! });
    await again.getByRole('button', { name: 'Save the check' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/safeguarding'));
    expect(await main().getByRole('status').textContent()).toBe('Check recorded.');
    expect(await main().getByText('•••••••••••••••3456').isVisible()).toBe(true);
    expect(await main().getByText(NUMBER).count()).toBe(0);

    await main().getByRole('button', { name: 'Show the full number' }).first().click();
    await page.waitForLoadState('load');
    expect(await main().getByText(NUMBER).isVisible()).toBe(true);
  });

  it('sets restrictions that show who set them', async () => {
    await main().getByLabel('No home visits').check();
    await main().getByLabel('Note').fill('Phone the day before.');
    await main().getByRole('button', { name: 'Save the restrictions' }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/safeguarding'));
    expect(await main().getByRole('status').textContent()).toBe('Restrictions saved.');
    expect(await main().getByText('Phone the day before.', { exact: false }).first().isVisible()).toBe(true);
  });

  it('lists the reviews due', async () => {
    await followNav(page, 'Reviews due');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check reviews due');
    await checkPage(page, 'broker-reviews-due');
  });
});

describe("a member's own pages", () => {
  it('sets availability and a pause with JavaScript off', async () => {
    const page = await e2e.newPage({ javaScriptEnabled: false });
    await signInAs(page, 'member');
    await followNav(page, 'My availability');
    await page.getByLabel('Tuesday Afternoon').check();
    await page.getByRole('button', { name: 'Save my availability' }).click();
    await page.waitForURL((u) => u.pathname === '/availability');
    expect(await page.getByRole('status').textContent()).toBe('Availability saved.');
    expect(await page.getByLabel('Tuesday Afternoon').isChecked()).toBe(true);
    await page.getByLabel('Away until').fill(day(-1));
    await page.getByRole('button', { name: 'Pause until then' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').textContent()).toContain('Enter the date you are back');
    // axe-core needs JavaScript; the page with JavaScript on is checked by roles.test.ts.
    await screenshot(page, 'no-js-availability-error');
  });

  it('reads their own checks and who viewed them', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'member');
    await page.goto('/me/safeguarding');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My safeguarding checks');
    await checkPage(page, 'member-safeguarding');
  });
});
