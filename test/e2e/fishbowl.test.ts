// A live fishbowl debate in two browsers: the coordinator schedules and opens it, the member
// follows it; what one says appears on the other's page without a reload (Server-Sent Events),
// is announced in the polite live region, and the seats change under the other's eyes.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, type E2E, signInAs, startE2E } from './support.ts';

/** Submits a form with its button and waits for the page it redirects to. */
async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForResponse((r) => r.request().resourceType() === 'document' && r.request().method() === 'GET'), button.click()]);
  await page.waitForLoadState('load');
}

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('a live fishbowl debate', () => {
  it('shows each side what the other says and where they sit, as it happens', async () => {
    const moderatorPage = await e2e.newPage();
    const coordinator = await signInAs(moderatorPage, 'coordinator');
    await moderatorPage.goto('/debates/new');
    const form = moderatorPage.getByRole('main');
    await form.getByLabel('Topic').fill('Should the council commission time credits?');
    await form.getByLabel('Opening questions').fill('What would convince finance?\nWhat does it cost not to?');
    await form.getByLabel('Seats in the inner circle').fill('3');
    await form.getByLabel('Starts').fill('2026-12-01T18:00');
    await submit(moderatorPage, form.getByRole('button', { name: 'Schedule the debate' }));
    expect(new URL(moderatorPage.url()).pathname).toMatch(/^\/debates\/[0-9a-f-]{36}$/);
    await submit(moderatorPage, moderatorPage.getByRole('button', { name: 'Open the debate' }));
    const debateUrl = new URL(moderatorPage.url()).pathname;

    const memberPage = await e2e.newPage();
    const member = await signInAs(memberPage, 'member');
    await memberPage.goto(debateUrl);
    await expect.poll(() => memberPage.locator('#live-state').textContent()).toBe('New contributions appear as they come.');
    await expect.poll(() => moderatorPage.locator('#live-state').textContent()).toBe('New contributions appear as they come.');
    await checkPage(memberPage, 'fishbowl-live');

    // The moderator comments from the outer circle: the member's page shows it without a reload.
    await moderatorPage.getByLabel('Comment from the outer circle').fill('Welcome, everyone. <b>Be kind.</b>');
    await submit(moderatorPage, moderatorPage.getByRole('button', { name: 'Comment', exact: true }));
    const said = `${coordinator.displayName} commented: Welcome, everyone. <b>Be kind.</b>`;
    const transcript = memberPage.getByRole('list', { name: 'So far' });
    await expect.poll(() => transcript.getByRole('listitem').last().locator('.transcript__text').textContent()).toBe(said);
    await expect.poll(() => memberPage.locator('#live-announcer').textContent()).toContain(said);
    expect(await memberPage.locator('#live-announcer').getAttribute('aria-live')).toBe('polite');
    expect(await transcript.locator('b').count()).toBe(0);

    // The member takes the first seat: the moderator's list of seats changes under their eyes.
    const seats = moderatorPage.getByRole('list', { name: 'Inner circle' });
    expect(await seats.getByRole('listitem').first().locator('.seat__label').textContent()).toBe('Seat 1: empty');
    await submit(memberPage, memberPage.getByRole('button', { name: 'Take seat 1' }));
    await expect.poll(() => seats.getByRole('listitem').first().locator('.seat__label').textContent()).toBe(`Seat 1: ${member.displayName}`);
    expect(await seats.getByRole('button', { name: 'Mute the speaker in seat 1' }).isVisible()).toBe(true);

    // The member speaks from the inner circle; the moderator sees it arrive.
    await memberPage.getByLabel('Speak').fill('Time credits pay for themselves.');
    await submit(memberPage, memberPage.getByRole('button', { name: 'Speak', exact: true }));
    const moderatorTranscript = moderatorPage.getByRole('list', { name: 'So far' });
    await expect
      .poll(() => moderatorTranscript.getByRole('listitem').last().locator('.transcript__text').textContent())
      .toBe(`${member.displayName} said: Time credits pay for themselves.`);
    await checkPage(moderatorPage, 'fishbowl-moderator');

    // Closing the debate: the member's page says so, and the page becomes the transcript.
    await submit(moderatorPage, moderatorPage.getByRole('button', { name: 'Close the debate' }));
    await expect.poll(() => memberPage.locator('#live-state').textContent()).toBe('The debate is over.');
    await memberPage.reload();
    expect(await memberPage.getByRole('heading', { name: 'Transcript' }).isVisible()).toBe(true);
  });
});
