// Hours in a real browser (issue 3): the member reads her balance and statement, gives an hour
// to the community pot and downloads the statement; a wrong entry shows the error summary; the
// broker enters a paper sheet; the coordinator, acting for the member, opens one of its lines
// from her statement and reverses it; the network admin reads the flows between timebanks.
// It only adds to the demo: one hour given, two sheet lines (one reversed again).
import type { Locator, Page } from 'playwright-core';
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
/** The people of the sheet's lines: story people of Cowal, there at every scale. */
const VERITY = 'Verity Hughes';
const SHONA = 'Shona Kerr';
const AGNES = 'Agnes McKellar';
const MEMO = `To the pot for the e2e run ${Date.now().toString(36)}`;
const REASON = 'Entered twice: the paper sheet was already in';

/** "−2 h 15 min" as minutes (−135): how the pages write a duration. */
function minutesOf(text: string): number {
  const m = /^([−+]?)(\d+) h (\d+) min$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: ${text}`);
  const abs = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '−' ? -abs : abs;
}

/** The statement's rows (its header excluded), newest first. */
const statementRows = (page: Page): Locator =>
  page
    .getByRole('main')
    .getByRole('region', { name: 'Statement' })
    .getByRole('table')
    .locator('tbody')
    .getByRole('row');

async function balance(page: Page): Promise<number> {
  const dd = page
    .getByRole('main')
    .locator('dt', { hasText: /^Balance$/ })
    .locator('xpath=following-sibling::dd[1]');
  return minutesOf((await dd.textContent()) ?? '');
}

/** The cells of a row, as text. */
const cells = async (row: Locator): Promise<string[]> =>
  (await row.getByRole('cell').allTextContents()).map((c) => c.trim());

describe('a member’s hours', () => {
  let page: Page;
  const main = () => page.getByRole('main');
  let before: number;

  beforeAll(async () => {
    page = await e2e.newPage();
    await signInAs(page, 'member');
  });

  it('reads her balance and her statement on My hours', async () => {
    await followNav(page, 'My hours');
    expect(new URL(page.url()).pathname).toBe('/hours');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('My hours');
    for (const term of ['Balance', 'Hours given', 'Hours received']) {
      expect(
        await main()
          .locator('dt', { hasText: new RegExp(`^${term}$`) })
          .isVisible(),
      ).toBe(true);
    }
    before = await balance(page);
    expect(await main().getByRole('heading', { level: 2, name: 'Statement' }).isVisible()).toBe(
      true,
    );
    const headers = await main()
      .getByRole('region', { name: 'Statement' })
      .getByRole('columnheader')
      .allTextContents();
    expect(headers).toEqual(['Date', 'What', 'With', 'Change', 'Balance after']);
    expect(await statementRows(page).count(), 'the demo gave her a history').toBeGreaterThan(0);
    const newest = await cells(statementRows(page).first());
    expect(minutesOf(newest[4]!), 'the newest line ends at the balance').toBe(before);
    await checkPage(page, 'hours-member');
  });

  it('refuses to give 0 hours: the error summary links to the hours field and nothing is given', async () => {
    await main().getByRole('link', { name: 'Give hours' }).click();
    await page.waitForURL((u) => u.pathname === '/hours/give');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Give hours');
    await checkPage(page, 'hours-give');

    await main()
      .getByLabel('Give to')
      .selectOption({ label: 'The community pot of Cowal Timebank' });
    await main().getByLabel('Hours', { exact: true }).fill('0');
    await main().getByLabel('Minutes', { exact: true }).fill('0');
    await main().getByLabel('What was it?').selectOption('community');
    await main().getByRole('button', { name: 'Give' }).click();
    await page.waitForLoadState('load');

    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.getByRole('alert');
    expect(await summary.getByRole('heading', { name: 'There is a problem' }).isVisible()).toBe(
      true,
    );
    const message = 'Enter the time in whole hours and minutes, more than zero';
    const link = summary.getByRole('link', { name: message });
    expect(await link.getAttribute('href')).toBe('#hours');
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hours');
    expect(await page.locator('#hours').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#hours-error').textContent()).toBe(`Error: ${message}`);
    // What she chose is kept.
    expect(await main().getByLabel('What was it?').inputValue()).toBe('community');
    await checkPage(page, 'hours-give-error');
  });

  it('gives 1 hour to the community pot: the balance and the statement change', async () => {
    await main()
      .getByLabel('Give to')
      .selectOption({ label: 'The community pot of Cowal Timebank' });
    await main().getByLabel('Hours', { exact: true }).fill('1');
    await main().getByLabel('Minutes', { exact: true }).fill('0');
    await main().getByLabel('What was it?').selectOption('community');
    await main().getByLabel('A note (optional)').fill(MEMO);
    await main().getByRole('button', { name: 'Give' }).click();
    await page.waitForURL((u) => u.pathname === '/hours');

    expect(await main().getByRole('status').textContent()).toBe('Thank you: the hours are given.');
    expect(await balance(page)).toBe(before - 60);
    const line = await cells(statementRows(page).first());
    expect(line[1]).toBe(`Donation · Community events – ${MEMO}`);
    expect(line[2]).toBe('Cowal Timebank');
    expect(line[3]).toBe('−1 h 0 min');
    expect(minutesOf(line[4]!)).toBe(before - 60);
  });

  it('downloads the statement as CSV, with a header row and the new line', async () => {
    const link = main().getByRole('link', { name: 'Download the statement (CSV)' });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/v1\/accounts\/[0-9a-f-]{36}\/statement\.csv$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    // The same request with the page's cookies, to read what the server answers.
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'date,entry,transfer_id,kind,category,counterparty,memo,change_minutes,balance_after_minutes',
    );
    // Oldest first: the gift is the last line, with its minutes as whole numbers.
    const last = lines.at(-1)!;
    expect(last).toContain(',donation,community,Cowal Timebank,');
    expect(last.endsWith(`,${MEMO},-60,${before - 60}`), last).toBe(true);
    expect(lines.filter((l) => l.includes(MEMO))).toHaveLength(1);
  });
});

describe('a paper sheet, and its reversal', () => {
  let sheetLine: string;

  it('the broker enters a sheet of two lines, found through the navigation', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'broker');
    await followNav(page, 'Paper sheet');
    expect(new URL(page.url()).pathname).toMatch(/^\/timebanks\/[0-9a-f-]{36}\/sheet$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Enter a paper sheet');
    await checkPage(page, 'hours-sheet');

    const line = (n: number) => page.getByRole('group', { name: `Line ${n}` });
    await line(1).getByLabel('Gave help').selectOption({ label: MEMBER });
    await line(1).getByLabel('Received help').selectOption({ label: VERITY });
    await line(1).getByLabel('Hours', { exact: true }).fill('1');
    await line(1).getByLabel('Minutes', { exact: true }).fill('30');
    await line(1).getByLabel('What was it?').selectOption('gardening');
    await line(2).getByLabel('Gave help').selectOption({ label: SHONA });
    await line(2).getByLabel('Received help').selectOption({ label: AGNES });
    await line(2).getByLabel('Hours', { exact: true }).fill('0');
    await line(2).getByLabel('Minutes', { exact: true }).fill('45');
    await line(2).getByLabel('What was it?').selectOption('shopping');
    await page.getByRole('main').getByRole('button', { name: 'Record all lines' }).click();
    await page.waitForLoadState('load');

    expect(await page.getByRole('main').getByRole('status').textContent()).toBe(
      '2 exchanges recorded.',
    );
    // A fresh, empty sheet for the next one.
    expect(await line(1).getByLabel('Gave help').inputValue()).toBe('');
  });

  it('the member sees the line in her statement', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'member');
    await followNav(page, 'My hours');
    const row = statementRows(page).filter({ hasText: VERITY }).first();
    const line = await cells(row);
    expect(line[1]).toBe('Exchange · Gardening');
    expect(line[2]).toBe(VERITY);
    expect(line[3]).toBe('+1 h 30 min');
    sheetLine = line.join('|');
  });

  it('the coordinator, acting for the member, opens the line from her statement and reverses it', async () => {
    const page = await e2e.newPage();
    const main = () => page.getByRole('main');
    await signInAs(page, 'coordinator');
    await followNav(page, 'Members');
    const search = main().getByRole('search', { name: 'Search members' });
    await search.getByLabel('Search by name, email or phone').fill(MEMBER);
    await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().resourceType() === 'document' &&
          new URL(r.url()).searchParams.get('q') === MEMBER,
      ),
      search.getByRole('button', { name: 'Filter' }).click(),
    ]);
    await page.waitForLoadState('load');
    await main()
      .getByRole('button', { name: `Act for ${MEMBER}` })
      .click();
    await page.waitForURL((u) => u.pathname === '/me');

    await followNav(page, 'My hours');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hours of ${MEMBER}`);
    const row = statementRows(page).filter({ hasText: VERITY }).first();
    expect((await cells(row)).join('|')).toBe(sheetLine);
    await checkPage(page, 'hours-coordinator-acting-for');
    await row.getByRole('link', { name: 'Exchange' }).click();
    await page.waitForURL((u) => /^\/transfers\/[0-9a-f-]{36}$/.test(u.pathname));
    const transferPath = new URL(page.url()).pathname;

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Transfer: Exchange');
    const detail = async (term: string) =>
      (
        await main()
          .locator('dt', { hasText: new RegExp(`^${term}$`) })
          .locator('xpath=following-sibling::dd[1]')
          .textContent()
      )?.trim();
    expect(await detail('From \\(pays the hours\\)')).toBe(VERITY);
    expect(await detail('To \\(receives the hours\\)')).toBe(MEMBER);
    expect(await detail('Change')).toBe('1 h 30 min');
    expect(await detail('State')).toBe('Recorded');
    expect(await detail('Recorded by')).toBe(demoSignIn('broker').displayName);
    await checkPage(page, 'hours-transfer');

    // Without a reason it is refused, and nothing is reversed.
    await main().getByRole('button', { name: 'Reverse this transfer' }).click();
    await page.waitForLoadState('load');
    expect(
      await page
        .getByRole('alert')
        .getByRole('link', { name: 'Enter why it is reversed' })
        .getAttribute('href'),
    ).toBe('#reason');
    expect(
      await main()
        .locator('dt', { hasText: /^Reversed$/ })
        .count(),
    ).toBe(0);

    await main().getByLabel('Why').fill(REASON);
    await main().getByRole('button', { name: 'Reverse this transfer' }).click();
    await page.waitForURL((u) => u.pathname === transferPath);
    expect(await main().getByRole('status').textContent()).toBe('Reversed.');
    expect(await detail('Reversed')).toMatch(new RegExp(`^${REASON}: `));
    expect(
      await main().getByRole('button', { name: 'Reverse this transfer' }).count(),
      'no second reverse form',
    ).toBe(0);
    expect(await main().getByRole('heading', { name: 'Reverse this transfer' }).count()).toBe(0);
    await checkPage(page, 'hours-transfer-reversed');

    // The reversal, opened from there, points back at the original.
    await main()
      .getByRole('link', { name: new RegExp(`^${REASON}: `) })
      .click();
    await page.waitForURL(
      (u) => /^\/transfers\/[0-9a-f-]{36}$/.test(u.pathname) && u.pathname !== transferPath,
    );
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Transfer: Reversal');
    expect(await detail('Why')).toBe(REASON);
    expect(
      await main().getByRole('link', { name: 'The original transfer' }).getAttribute('href'),
    ).toBe(transferPath);
    expect(await main().getByRole('button', { name: 'Reverse this transfer' }).count()).toBe(0);

    await page
      .getByRole('main')
      .getByRole('button', { name: `Stop acting for ${MEMBER}` })
      .click();
    await page.waitForURL((u) => u.pathname === '/');
  });

  it('the member’s statement then shows the reversal', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'member');
    await followNav(page, 'My hours');
    const line = await cells(statementRows(page).filter({ hasText: 'Reversal' }).first());
    expect(line[2]).toBe(VERITY);
    expect(line[3]).toBe('−1 h 30 min');
  });
});

describe('the network admin', () => {
  it('reads the flows between timebanks', async () => {
    const page = await e2e.newPage();
    await signInAs(page, 'network_admin');
    await followNav(page, 'Between timebanks');
    expect(new URL(page.url()).pathname).toBe('/network/flows');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Hours between timebanks',
    );
    const table = page.getByRole('main').getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Timebanks',
      'From the first to the second',
      'From the second to the first',
      'Net position',
      'Clearing limit',
    ]);
    const rows = table.locator('tbody').getByRole('row');
    expect(await rows.count(), 'the demo links its timebanks').toBeGreaterThan(0);
    for (const row of await rows.all()) {
      const [pair, , , net] = await cells(row);
      expect(pair).toMatch(/^.+ – .+$/);
      expect(net).toMatch(/^(Even|.+ owes .+ \d+ h \d+ min)$/);
    }
    await checkPage(page, 'hours-network-flows');
  });
});
