/**
 * The sandbox as a user meets it: headless Chromium (Debian's) opens the page served by the real bot, types
 * /ops status, and sees the report rendered from the bot's Block Kit.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

describe('sandbox page with the real bot', () => {
  if (!existsSync(CHROMIUM)) {
    const reason = `${CHROMIUM} not found (apt-get install -y chromium)`;
    if (process.env.CI) it('has Chromium', () => expect.fail(reason));
    else it.skip(`SKIPPED: ${reason}`, () => undefined);
    return;
  }

  let h: Harness;
  let browser: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    h = await startHarness();
    profile = mkdtempSync(join(tmpdir(), 'chatops-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('types /ops status in #ops and sees the runbook report', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.botUrl}/`);
    await page.locator('#channel-list .channel', { hasText: '#ops' }).click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('#ops');
    await page.locator('#composer').fill('/ops status');
    await page.locator('#composer').press('Enter');

    const report = page.locator('.msg', { has: page.locator('.blk-header', { hasText: 'Service Status' }) });
    await report.waitFor({ timeout: 10_000 });
    const text = await report.innerText();
    expect(text).toContain('api');
    expect(text).toMatch(/90%\s*api-\d+/);
    expect(text).toContain('Latest ready revision');
    expect(text).toContain('Not ready: Revision');
    await page.screenshot({ path: join(tmpdir(), 'sandbox-ops-status.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
