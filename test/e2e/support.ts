// Browser tests drive Debian's chromium (never a downloaded browser) through playwright-core
// against the real app (started by app.ts, the global setup). Helpers sign in through the real
// form, run axe-core and save screenshots.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import {
  DEMO_PASSWORD,
  DEMO_SIGN_INS,
  type DemoRole,
  type DemoSignIn,
} from '../../src/demo/sign-ins.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface E2E {
  browser: Browser;
  /** The app's base URL, like http://127.0.0.1:41234. */
  url: string;
  /** A fresh browser context (its own cookies) and a page in it; close() ends them. */
  newPage(opts?: { javaScriptEnabled?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium, for one test file, pointed at the app of the run. */
export async function startE2E(): Promise<E2E> {
  const url = inject('appUrl');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    url,
    async newPage(opts = {}) {
      const context = await browser.newContext({
        baseURL: url,
        locale: 'en-GB',
        viewport: { width: 1024, height: 768 },
        javaScriptEnabled: opts.javaScriptEnabled ?? true,
      });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
    },
  };
}

export function demoSignIn(role: DemoRole): DemoSignIn {
  const found = DEMO_SIGN_INS.find((s) => s.role === role);
  if (!found) throw new Error(`the demo has no sign-in for ${role}`);
  return found;
}

/** Fills and submits the sign-in form; the demo waives the second factor, so it goes straight in. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  const main = page.getByRole('main');
  await main.getByLabel('Email address').fill(email);
  await main.getByLabel('Password').fill(password);
  await main.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

export async function signInAs(page: Page, role: DemoRole): Promise<DemoSignIn> {
  const who = demoSignIn(role);
  await submitSignIn(page, who.email, DEMO_PASSWORD);
  expect(new URL(page.url()).pathname, `${role} lands on the home page`).toBe('/');
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
    `Hello, ${who.displayName}`,
  );
  return who;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.pathname === '/sign-in');
}

/** The main navigation's links, in order, as [label, path]. */
export async function navLinks(page: Page): Promise<[string, string][]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const out: [string, string][] = [];
  for (const link of await links.all()) {
    out.push([
      // The label without a count beside it (the unread notifications badge).
      (
        await link.evaluate((a) =>
          [...a.childNodes]
            .filter((n) => n.nodeType === 3)
            .map((n) => n.textContent)
            .join(''),
        )
      ).trim(),
      new URL((await link.getAttribute('href'))!, page.url()).pathname,
    ]);
  }
  return out;
}

/** One line per failing node: rule, impact, what to do, where, and axe's own summary. */
export function formatViolations(violations: Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `- [${v.id}] (${v.impact ?? 'no impact'}) ${v.help}\n    at ${n.target.join(' ')}\n    ${n.html}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`,
      ),
    )
    .join('\n');
}

/**
 * Runs every axe-core rule that is not experimental (WCAG 2.x A and AA, best practices), and
 * checks that ids are unique (axe no longer does, and labels and error links rely on them).
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const report = formatViolations(results.violations);
  expect(
    results.violations.length,
    `axe-core violations on ${what} (${page.url()}):\n${report}\n`,
  ).toBe(0);
  const duplicateIds = await page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    return ids.filter((id, i) => ids.indexOf(id) !== i);
  });
  expect(duplicateIds, `duplicate ids on ${what}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The page has no axe violations; its screenshot is saved as test-results/<name>.png. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await expectAccessible(page, name);
}

/** A link of the main navigation by its label, whether or not a count follows it. */
export function navLink(page: Page, label: string) {
  const name = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(.*\\))?$`);
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name });
}

/** Follows a link of the main navigation by its label. */
export async function followNav(page: Page, label: string): Promise<void> {
  await navLink(page, label).click();
  await page.waitForLoadState('load');
}
