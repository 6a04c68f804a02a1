// Forms that come back with errors follow the GOV.UK pattern: "Error:" in the title, a summary
// on top that takes the focus and links to each field, and the message by the field.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPage,
  demoSignIn,
  type E2E,
  followNav,
  signInAs,
  startE2E,
  submitSignIn,
} from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** The summary is there, focused, and its link for `field` moves the focus to that field. */
async function expectErrorSummary(page: Page, field: string, message: string): Promise<void> {
  expect(await page.title()).toMatch(/^Error: /);
  const summary = page.getByRole('alert');
  expect(await summary.getByRole('heading', { name: 'There is a problem' }).isVisible()).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');

  const link = summary.getByRole('link', { name: message });
  expect(await link.getAttribute('href')).toBe(`#${field}`);
  await link.click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(field);

  const input = page.locator(`#${field}`);
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain(`${field}-error`);
  expect(await page.locator(`#${field}-error`).textContent()).toBe(`Error: ${message}`);
}

describe('forms with errors', () => {
  it('sign in with a wrong password: the summary links to the email field', async () => {
    const page = await e2e.newPage();
    await submitSignIn(page, demoSignIn('member').email, 'not the password');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectErrorSummary(page, 'email', 'The email or password is not right');
    expect(await page.getByLabel('Email address').inputValue()).toBe(demoSignIn('member').email);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await checkPage(page, 'form-sign-in-wrong-password');
  });

  it('sign in with nothing filled in: one error for each field', async () => {
    const page = await e2e.newPage();
    await submitSignIn(page, '', '');
    const links = page.getByRole('alert').getByRole('link');
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      '#email',
      '#password',
    ]);
    await expectErrorSummary(page, 'password', 'Enter your password');
    await checkPage(page, 'form-sign-in-empty');
  });

  it('register a member with nothing filled in: the summary asks for the full name', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'broker');
    await followNav(page, 'Register a member');
    await page.getByRole('main').getByRole('button', { name: 'Register' }).click();
    await page.waitForLoadState('load');
    await expectErrorSummary(page, 'displayName', 'Enter the full name');
    await checkPage(page, 'form-register-empty');
  });

  it('register a member with a bad email and year: an error by each field, values kept', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'broker');
    await followNav(page, 'Register a member');
    const main = page.getByRole('main');
    await main.getByLabel('Full name').fill('Hamish Test');
    await main.getByLabel('Email address (optional)').fill('not-an-email');
    await main.getByLabel('Year of birth (optional)').fill('nineteen');
    await main.getByRole('button', { name: 'Register' }).click();
    await page.waitForLoadState('load');
    const links = page.getByRole('alert').getByRole('link');
    expect(await links.allTextContents()).toEqual([
      'Enter an email address in the correct format, like name@example.com',
      'Enter the year of birth as 4 digits, like 1950',
    ]);
    expect(await main.getByLabel('Full name').inputValue()).toBe('Hamish Test');
    await expectErrorSummary(page, 'birthYear', 'Enter the year of birth as 4 digits, like 1950');
    await checkPage(page, 'form-register-invalid');
  });

  it("pause a member with no end date: the summary opens the record's status form at the field", async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'broker');
    await followNav(page, 'Members');
    await page.getByRole('main').getByRole('link', { name: 'Agnes McKellar', exact: true }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/people/'));
    const main = page.getByRole('main');
    await main.getByText('Change status').first().click();
    await main.getByLabel('Status', { exact: true }).first().selectOption({ label: 'Paused' });
    await main.getByRole('button', { name: 'Save' }).first().click();
    await page.waitForLoadState('load');

    const message = 'Enter the date the pause ends, after today, like 2031-03-31';
    const href = await page
      .getByRole('alert')
      .getByRole('link', { name: message })
      .getAttribute('href');
    expect(href).toMatch(/^#pausedUntil-[0-9a-f-]{36}$/);
    expect(await main.locator('details[open]').count(), 'the form with the error is open').toBe(1);
    expect(
      await main.getByLabel('Status', { exact: true }).first().inputValue(),
      'the choice is kept',
    ).toBe('paused');
    await expectErrorSummary(page, href!.slice(1), message);
    await checkPage(page, 'form-member-status-invalid');
  });
});
