// Progressive enhancement: the core member pages work with JavaScript off, and load (far)
// under the 100 KB JavaScript budget of a poor rural mobile signal: today, none at all.
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/sign-ins.ts';
import {
  demoSignIn,
  type E2E,
  followNav,
  screenshot,
  signOut,
  startE2E,
  submitSignIn,
} from './support.ts';

const JS_BUDGET_BYTES = 100 * 1024;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe('with JavaScript off', () => {
  it('a member signs in through the form, reads their record, switches timebank and signs out', async () => {
    const page = await e2e.newPage({ javaScriptEnabled: false });
    const member = demoSignIn('member');
    await submitSignIn(page, member.email, DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await heading(page)).toBe(`Hello, ${member.displayName}`);
    expect(
      await page
        .getByRole('banner')
        .getByText('Demo: the second sign-in factor is waived')
        .isVisible(),
    ).toBe(true);
    await screenshot(page, 'no-js-member-home');

    await followNav(page, 'My record');
    expect(new URL(page.url()).pathname).toBe('/me');
    expect(await heading(page)).toBe(`Record of ${member.displayName}`);
    await screenshot(page, 'no-js-member-my-record');

    const switcher = page.getByRole('banner').getByLabel('Timebank', { exact: true });
    const before = await switcher.locator('option:checked').textContent();
    const other = (await switcher.locator('option').allTextContents()).find((o) => o !== before)!;
    await switcher.selectOption({ label: other });
    await page.getByRole('banner').getByRole('button', { name: 'Switch' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(
      await page
        .getByRole('banner')
        .getByLabel('Timebank', { exact: true })
        .locator('option:checked')
        .textContent(),
    ).toBe(other);

    await signOut(page);
    expect(await heading(page)).toBe('Sign in');
    await page.goto('/me');
    expect(new URL(page.url()).pathname, 'signed out, /me asks to sign in again').toBe('/sign-in');
  });

  it('a wrong password brings the form back with its error summary', async () => {
    const page = await e2e.newPage({ javaScriptEnabled: false });
    await submitSignIn(page, demoSignIn('member').email, 'wrong password');
    expect(
      await page
        .getByRole('alert')
        .getByRole('link', { name: 'The email or password is not right' })
        .isVisible(),
    ).toBe(true);
    expect(
      await page.locator('.error-summary').evaluate((el) => el === document.activeElement),
      'autofocus, no script',
    ).toBe(true);
    await screenshot(page, 'no-js-sign-in-error');
  });
});

describe('the JavaScript budget of the core member pages', () => {
  it('sign in, home and my record load no script at all (the budget is 100 KB)', async () => {
    const page = await e2e.newPage();
    const scripts: { url: string; bytes: number }[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (response: Response) => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(
        response.body().then((b) => void scripts.push({ url: response.url(), bytes: b.length })),
      );
    });
    const elements: Record<string, number> = {};

    await page.goto('/sign-in');
    elements['/sign-in'] = await page.locator('script').count();
    const member = demoSignIn('member');
    await submitSignIn(page, member.email, DEMO_PASSWORD);
    elements['/'] = await page.locator('script').count();
    await followNav(page, 'My record');
    elements['/me'] = await page.locator('script').count();
    await Promise.all(pending);

    const total = scripts.reduce((sum, s) => sum + s.bytes, 0);
    expect(total, `JavaScript loaded: ${JSON.stringify(scripts)}`).toBeLessThan(JS_BUDGET_BYTES);
    // None today: these pages are plain HTML and CSS. If one day they hydrate, the budget above holds.
    expect(scripts).toEqual([]);
    expect(elements).toEqual({ '/sign-in': 0, '/': 0, '/me': 0 });
  });
});
