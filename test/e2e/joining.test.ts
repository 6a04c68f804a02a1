// Joining, end to end: someone applies online on the public page (which ships no script:
// src/web/joining/pages.test.ts checks it; here JavaScript stays on so that axe-core can run),
// first with a mistake; a broker finds the application in the queue, opens it
// and approves it; the applicant, who signs in with the password they chose, is now active.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, type E2E, followNav, signInAs, startE2E, submitSignIn } from './support.ts';

let e2e: E2E;
let applicant: Page;
const name = `Mairi Applicant ${Date.now().toString(36)}`;
const email = `mairi.${Date.now().toString(36)}@example.test`;
const password = 'a long enough password';

beforeAll(async () => {
  e2e = await startE2E();
  applicant = await e2e.newPage();
});
afterAll(async () => {
  await e2e?.close();
});

describe('joining a timebank', () => {
  it('takes an application online, with its errors in the summary first', async () => {
    await applicant.goto('/join/argyll/cowal');
    const main = applicant.getByRole('main');
    expect(await main.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Join /);
    await checkPage(applicant, 'join-form');
    await main.getByLabel('Full name').fill(name);
    await main.getByLabel('Email address').fill(email);
    await main.getByLabel('Date of birth').fill('2999-01-01');
    await main.getByLabel('What could you offer?').fill('Baking, and lifts to Dunoon.');
    await main.getByLabel('Choose a password').fill(password);
    await main.getByLabel('I agree to my information being used in this way').check();
    await main.getByRole('button', { name: 'Send my application' }).click();
    await applicant.waitForLoadState('load');
    expect(await applicant.title()).toMatch(/^Error:/);
    const summary = main.locator('.error-summary');
    expect(await summary.getByRole('link', { name: 'Enter a real date of birth, in the past' }).getAttribute('href')).toBe('#birthDate');
    expect(await main.getByLabel('Full name').inputValue()).toBe(name);
    await checkPage(applicant, 'join-form-errors');
    await main.getByLabel('Date of birth').fill('1958-08-14');
    await main.getByLabel('Choose a password').fill(password);
    await main.getByLabel('I agree to my information being used in this way').check();
    await main.getByRole('button', { name: 'Send my application' }).click();
    await applicant.waitForLoadState('load');
    expect(await main.getByRole('heading', { level: 1 }).textContent()).toBe('Application sent');
    await checkPage(applicant, 'join-done');
  });

  it('lets a broker approve it from the applications queue', async () => {
    const broker = await e2e.newPage();
    await signInAs(broker, 'broker');
    await followNav(broker, 'Applications');
    const main = broker.getByRole('main');
    await checkPage(broker, 'broker-applications');
    await main.getByRole('link', { name }).click();
    await broker.waitForLoadState('load');
    expect(await main.getByRole('heading', { level: 1 }).textContent()).toBe(`Joining: ${name}`);
    expect(await main.getByText('Baking, and lifts to Dunoon.').isVisible()).toBe(true);
    await checkPage(broker, 'broker-member-joining');
    await main.getByRole('button', { name: 'Approve' }).click();
    await broker.waitForLoadState('load');
    expect(await main.getByText('Application approved: they are now an active member.').isVisible()).toBe(true);
    expect(await main.getByText('Approved', { exact: false }).first().isVisible()).toBe(true);
    await followNav(broker, 'Applications');
    expect(await main.getByRole('link', { name }).count()).toBe(0);
  });

  it('lets the applicant sign in with the password they chose, now an active member', async () => {
    await submitSignIn(applicant, email, password);
    expect(new URL(applicant.url()).pathname).toBe('/');
    expect(await applicant.getByRole('main').getByText(/– Active$/).count()).toBeGreaterThan(0);
  });
});
