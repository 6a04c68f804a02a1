// The demo member (in two timebanks) uses their own pages: their record, sign-in security, the
// timebank switcher and the language switch; the demo's waived second factor is shown.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, type E2E, followNav, signInAs, startE2E } from './support.ts';

let e2e: E2E;
let page: Page;
let name: string;
beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.newPage();
  name = (await signInAs(page, 'member')).displayName;
});
afterAll(async () => {
  await e2e?.close();
});

const header = () => page.getByRole('banner');

describe('the demo member', () => {
  it('sees, in the header, that the demo waives the second sign-in factor', async () => {
    const notice = header().getByText(
      'Demo: the second sign-in factor is waived for staff in this timebank.',
    );
    expect(await notice.isVisible()).toBe(true);
  });

  it('can skip to the main content: the first Tab shows the link, Enter moves the focus', async () => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(
      (await skip.boundingBox())!.x,
      'the focused skip link is on screen',
    ).toBeGreaterThanOrEqual(0);
    expect(
      await skip.evaluate((el) => getComputedStyle(el).backgroundColor),
      'focus is black on yellow',
    ).toBe('rgb(255, 221, 0)');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
  });

  it('reads their own record at /me', async () => {
    await followNav(page, 'My record');
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Record of ${name}`);
    const memberships = page.getByRole('main').getByRole('heading', { name: 'Memberships' });
    expect(await memberships.isVisible()).toBe(true);
    await checkPage(page, 'member-my-record');
  });

  it('reaches the sign-in security page, where a second factor is optional for a member', async () => {
    await followNav(page, 'Sign-in security');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Set up an authenticator app',
    );
    expect(await page.getByText('You can add a second sign-in factor').isVisible()).toBe(true);
    expect(
      await page
        .getByRole('img', { name: 'QR code to scan with your authenticator app' })
        .isVisible(),
    ).toBe(true);
    await checkPage(page, 'member-security');
  });

  it('switches between their two timebanks with the switcher', async () => {
    await followNav(page, 'Home');
    const switcher = header().getByLabel('Timebank', { exact: true });
    const options = await switcher.locator('option').allTextContents();
    expect(options).toHaveLength(2);
    const before = await switcher.locator('option:checked').textContent();
    const other = options.find((o) => o !== before)!;
    expect(
      await header()
        .getByRole('link', { name: new RegExp(`· ${before}`) })
        .count(),
    ).toBe(1);

    await switcher.selectOption({ label: other });
    await header().getByRole('button', { name: 'Switch' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(
      await header()
        .getByLabel('Timebank', { exact: true })
        .locator('option:checked')
        .textContent(),
    ).toBe(other);
    expect(
      await header()
        .getByRole('link', { name: new RegExp(`· ${other}`) })
        .count(),
    ).toBe(1);
    await checkPage(page, 'member-switched-timebank');

    await header().getByLabel('Timebank', { exact: true }).selectOption({ label: before! });
    await header().getByRole('button', { name: 'Switch' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(
      await header()
        .getByLabel('Timebank', { exact: true })
        .locator('option:checked')
        .textContent(),
    ).toBe(before);
  });

  it('switches the language to Polish and back, on every page it visits', async () => {
    await followNav(page, 'My record');
    await header().getByRole('link', { name: 'Polski' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await page.locator('html').getAttribute('lang')).toBe('pl');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Dane: ${name}`);
    await checkPage(page, 'member-my-record-pl');

    // The choice is kept: the next page is in Polish too, navigation included.
    await page
      .getByRole('navigation', { name: 'Menu główne' })
      .getByRole('link', { name: 'Start', exact: true })
      .click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `Dzień dobry, ${name}`,
    );
    expect(await header().getByRole('button', { name: 'Wyloguj się' }).isVisible()).toBe(true);
    await checkPage(page, 'member-home-pl');

    await header().getByRole('link', { name: 'English' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hello, ${name}`);
  });
});
