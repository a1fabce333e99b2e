import type { BrowserContext, Page } from 'playwright-core';
import { normalizeCode } from '../../src/protocol/activation-code';
import { TEST_ADMIN_PASSWORD } from './home-server';

// Driving the TV app and the /link pages in real Chromium, as a viewer and a phone would.

/** Opens the built TV app served by the home server; page errors fail loudly in the test's output. */
export async function openTv(context: BrowserContext, serverUrl: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`TV page error: ${error.message}`));
  await page.goto(`${serverUrl}/tv/`);
  return page;
}

/** The code on the TV, normalised (no dash), once one is shown. */
export async function codeOnTv(tv: Page, timeout = 15_000): Promise<string> {
  const element = await tv.waitForSelector('[data-testid="activation-code"]', { timeout });
  return normalizeCode((await element.textContent()) ?? '');
}

export async function signInOnPhone(
  phone: Page,
  serverUrl: string,
  username = 'admin',
  password = TEST_ADMIN_PASSWORD,
): Promise<void> {
  await phone.goto(`${serverUrl}/link`);
  await phone.fill('input[name="username"]', username);
  await phone.fill('input[name="password"]', password);
  await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
}

/** Types the code on the link page as given (any case, dashes) and submits; returns the answer's status. */
export async function enterCodeOnPhone(phone: Page, serverUrl: string, typed: string): Promise<number> {
  await phone.goto(`${serverUrl}/link`);
  await phone.fill('input[name="code"]', typed);
  const [response] = await Promise.all([phone.waitForNavigation(), phone.click('button[type="submit"]')]);
  return response?.status() ?? 0;
}

export async function pressOnPhone(phone: Page, button: 'Link' | 'Deny' | 'Revoke'): Promise<number> {
  const [response] = await Promise.all([
    phone.waitForNavigation(),
    phone.click(`button:has-text("${button}")`),
  ]);
  return response?.status() ?? 0;
}

/** `BDKWQHMT` → `bdkw-qhmt`: how a person might type it. */
export function typedCasually(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testId}"]`)) ?? '').trim();
}
