// Exchanges in a real browser (issue 5): the member posts a request and finds it by a word; the
// broker arranges an exchange on it (a giver, then a date, time and place a few days ahead);
// the exchange page tells its story and prints; the member sees it under My exchanges and in
// her calendar feed. It stops at agreed: done, hours and confirm need the start to have passed
// (the HTTP tests of the exchanges module walk them). It only adds to the demo: one request,
// one agreed exchange, the member's calendar link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, demoSignIn, type E2E, followNav, signInAs, startE2E } from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const MEMBER = demoSignIn('member').displayName;
const BROKER = demoSignIn('broker').displayName;
/** The giver: one of the seed's people of Cowal, there at every scale. */
const GIVER = 'Verity Hughes';
const WORD = 'Saskatchewan';
const TITLE = `Video calls with my cousin in ${WORD}`;
const DESCRIPTION = 'My cousin got a tablet. Could someone show me how to call her on it?';
const PLACE = 'Dunoon library, the computer corner';
/** Four days ahead, in the timebank's zone (Europe/London): never today, whatever the hour. */
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
  new Date(Date.now() + 4 * 86_400_000),
);
const TIME = '14:30';
/** How the pages write that day and time (dateStyle full, timeStyle short, en-GB). */
const WHEN = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'full',
  timeStyle: 'short',
  timeZone: 'UTC',
}).format(new Date(`${DAY}T${TIME}:00Z`));

let listingPath: string;
let exchangePath: string;

describe('a request, and an exchange arranged on it', () => {
  it('the member posts a request and finds it by a word of its title', async () => {
    const page = await e2e.newPage();
    const main = () => page.getByRole('main');
    await signInAs(page, 'member');
    await followNav(page, 'Listings');
    await main().getByRole('link', { name: 'Post an offer or a request' }).click();
    await page.waitForURL((u) => u.pathname === '/listings/new');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Post an offer or a request',
    );
    await checkPage(page, 'exchanges-new-listing');

    await main().getByLabel('Kind').selectOption({ label: 'Request: I need help' });
    await main().getByLabel('Title').fill(TITLE);
    await main().getByLabel('What it is about').fill(DESCRIPTION);
    await main().getByLabel('Category').selectOption({ label: '— Video calls' });
    await main().getByLabel('Where').selectOption({ label: 'Online or by phone' });
    await main().getByRole('button', { name: 'Post it' }).click();
    await page.waitForURL((u) =>
      /^\/timebanks\/[0-9a-f-]{36}\/listings\/[0-9a-f-]{36}$/.test(u.pathname),
    );
    listingPath = new URL(page.url()).pathname;
    expect(await main().getByRole('status').textContent()).toBe('Your listing is posted.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await main().getByText(DESCRIPTION).isVisible()).toBe(true);
    // Her own request offers her no exchange with herself.
    expect(
      await main()
        .getByRole('link', { name: /^(Offer to help|Ask for this|Arrange an exchange)$/ })
        .count(),
    ).toBe(0);
    await checkPage(page, 'exchanges-listing-posted');

    await followNav(page, 'Listings');
    const search = main().getByRole('search', { name: 'Search offers and requests' });
    await search.getByLabel('Words').fill(WORD);
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === WORD);
    const results = main()
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) });
    expect(await results.count()).toBe(1);
    const result = results.first();
    expect(await result.getByRole('link', { name: TITLE }).getAttribute('href')).toBe(listingPath);
    expect(await result.textContent()).toContain('Request: I need help');
    expect(await result.textContent()).toContain(MEMBER);
    await checkPage(page, 'exchanges-listing-search');
  });

  it('the broker arranges an exchange on it: a wrong receiver is refused, then it is proposed', async () => {
    const page = await e2e.newPage();
    const main = () => page.getByRole('main');
    await signInAs(page, 'broker');
    await followNav(page, 'Listings');
    const search = main().getByRole('search', { name: 'Search offers and requests' });
    await search.getByLabel('Words').fill(WORD);
    await search.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === WORD);
    await main().getByRole('link', { name: TITLE }).click();
    await page.waitForURL((u) => u.pathname === listingPath);

    await main().getByRole('link', { name: 'Arrange an exchange' }).click();
    await page.waitForURL((u) => u.pathname === '/exchanges/new');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Propose an exchange');
    expect(await main().getByText(`${MEMBER} asks for help: “${TITLE}”.`).isVisible()).toBe(true);
    await checkPage(page, 'exchanges-propose');

    // The receiver of a request is the member who asked: anyone else is refused by the field.
    await main().getByLabel('Who receives the help').selectOption({ label: GIVER });
    await main().getByLabel('Who gives the help').selectOption({ label: MEMBER });
    await main().getByRole('button', { name: 'Propose' }).click();
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Error: /);
    const link = page.getByRole('alert').getByRole('link');
    expect(await link.getAttribute('href')).toBe('#receiver');
    expect(await link.textContent()).toBe('the receiver of a request is the member who asked');
    expect(await page.locator('#receiver').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'exchanges-propose-error');

    await main().getByLabel('Who receives the help').selectOption({ label: MEMBER });
    await main().getByLabel('Who gives the help').selectOption({ label: GIVER });
    await main().getByLabel('Note').fill('Verity set up her own video calls last winter.');
    await main().getByRole('button', { name: 'Propose' }).click();
    await page.waitForURL((u) => /^\/exchanges\/[0-9a-f-]{36}$/.test(u.pathname));
    exchangePath = new URL(page.url()).pathname;
    expect(await main().getByRole('status').textContent()).toBe(
      'The exchange is proposed: the others are told.',
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    const detail = async (term: string) =>
      (
        await main()
          .locator('dt', { hasText: new RegExp(`^${term}$`) })
          .locator('xpath=following-sibling::dd[1]')
          .textContent()
      )?.trim();
    expect(await detail('Status')).toBe('Proposed');
    expect(await detail('Who receives the help')).toBe(MEMBER);
    expect(await detail('Who gives the help')).toBe(GIVER);
    await checkPage(page, 'exchanges-proposed');
  });

  it('the broker agrees a date, time and place a few days ahead; the page tells the story', async () => {
    const page = await e2e.newPage();
    const main = () => page.getByRole('main');
    await signInAs(page, 'broker');
    await page.goto(exchangePath);
    const agree = main().getByRole('region', { name: 'Agree the exchange' });
    expect(await agree.getByLabel('Who gives the help').inputValue()).not.toBe('');

    // A place is needed: the error says so by the field, and nothing is agreed.
    await agree.getByLabel('Date', { exact: true }).fill(DAY);
    await agree.getByLabel('Time', { exact: true }).fill(TIME);
    await agree.getByLabel('Hours', { exact: true }).fill('1');
    await agree.getByLabel('Minutes', { exact: true }).fill('0');
    await agree.getByRole('button', { name: 'Agree' }).click();
    await page.waitForLoadState('load');
    expect(await page.title()).toMatch(/^Error: /);
    expect(
      await page
        .getByRole('alert')
        .getByRole('link', { name: 'Enter the place' })
        .getAttribute('href'),
    ).toBe('#place');
    expect(
      await main()
        .getByRole('region', { name: 'Agree the exchange' })
        .getByLabel('Date', { exact: true })
        .inputValue(),
    ).toBe(DAY);
    await checkPage(page, 'exchanges-agree-error');

    const again = main().getByRole('region', { name: 'Agree the exchange' });
    await again.getByLabel('Place', { exact: true }).fill(PLACE);
    await again.getByRole('button', { name: 'Agree' }).click();
    await page.waitForURL((u) => u.pathname === exchangePath);
    expect(await main().getByRole('status').textContent()).toBe('Saved.');
    const detail = async (term: string) =>
      (
        await main()
          .locator('dt', { hasText: new RegExp(`^${term}$`) })
          .locator('xpath=following-sibling::dd[1]')
          .textContent()
      )?.trim();
    expect(await detail('Status')).toBe('Agreed');
    expect(await detail('Place')).toBe(PLACE);
    expect(await detail('How long')).toBe('1 h 0 min');
    expect(await detail('How often')).toBe('Once');
    expect(await main().getByRole('heading', { level: 3 }).first().textContent()).toBe(
      `${WHEN} – Agreed`,
    );
    // Not started yet: nothing can be marked done.
    expect(await main().getByRole('button', { name: 'It has been done' }).count()).toBe(0);
    expect(await main().getByRole('region', { name: 'Agree the exchange' }).count()).toBe(0);

    const story = main().getByRole('region', { name: 'The story so far' }).getByRole('listitem');
    const lines = await story.allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^Proposed – .+, by ${BROKER}$`));
    expect(lines[1]).toMatch(new RegExp(`^Agreed – .+, by ${BROKER}$`));
    await checkPage(page, 'exchanges-agreed');

    await main().getByRole('link', { name: 'Printable exchange sheet' }).click();
    await page.waitForURL((u) => u.pathname === `${exchangePath}/sheet`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `Exchange sheet: ${TITLE}`,
    );
    expect(await page.getByRole('navigation').count(), 'it prints without the navigation').toBe(0);
    const row = page.getByRole('table').locator('tbody').getByRole('row');
    expect(await row.count()).toBe(1);
    expect((await row.getByRole('cell').allTextContents()).slice(0, 2)).toEqual([WHEN, 'Agreed']);
    expect(await page.getByText(PLACE).isVisible()).toBe(true);
    await checkPage(page, 'exchanges-sheet');
    await page.getByRole('link', { name: 'Back to the exchange' }).click();
    await page.waitForURL((u) => u.pathname === exchangePath);
  });

  it('the member sees it under My exchanges, and in her calendar feed', async () => {
    const page = await e2e.newPage();
    const main = () => page.getByRole('main');
    await signInAs(page, 'member');
    await followNav(page, 'My exchanges');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My exchanges');
    const row = main()
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: TITLE }) });
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('cell').allTextContents()).toEqual([TITLE, 'Agreed', WHEN]);
    await checkPage(page, 'exchanges-mine');

    await main().getByRole('link', { name: 'Your agreed exchanges in your own calendar' }).click();
    await page.waitForURL((u) => u.pathname === '/calendar');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your calendar feed');
    await main()
      .getByRole('button', {
        name: /^(Make a calendar link|Make a new link \(the old one stops working\))$/,
      })
      .click();
    await page.waitForLoadState('load');
    const url = await main().getByLabel('Your new calendar link').inputValue();
    expect(url).toMatch(/^https?:\/\/.+\/calendar\/.+\.ics$/);
    await checkPage(page, 'exchanges-calendar');

    // The feed is read by a calendar app, without the session: the secret URL is enough. The
    // test server's public URL has port 0 (it is built before it listens on a free port), so
    // the feed's path is asked of the app's own address.
    const res = await page.request.get(new URL(new URL(url).pathname, e2e.url).href, {
      headers: { cookie: '' },
    });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/calendar/);
    const ics = (await res.text()).replace(/\r\n[ \t]/g, '');
    const events = ics.split('BEGIN:VEVENT').slice(1);
    const ours = events.filter((e) => e.includes(`SUMMARY:${TITLE}`));
    expect(ours, 'one VEVENT with the title').toHaveLength(1);
    const event = ours[0]!;
    expect(event).toMatch(/STATUS:CONFIRMED/);
    expect(event).toContain(`LOCATION:${PLACE.replace(/,/g, '\\,')}`);
    expect(event).toContain(exchangePath);
  });
});
