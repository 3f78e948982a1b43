/**
 * The sandbox as a user meets it: headless Chromium (Debian's) opens the page served by the real bot, types
 * /ops status, and sees the report rendered from the bot's Block Kit.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openSandboxBrowser, type SandboxBrowser } from '../support/sandbox-browser.js';

describe('sandbox page with the real bot', () => {
  if (!chromiumAvailable()) return;

  let s: SandboxBrowser;
  beforeAll(async () => {
    s = await openSandboxBrowser(); // the sandbox as `npm start` runs it
  });
  afterAll(async () => s?.close());

  it('types /ops status in #ops and sees the runbook report', async () => {
    const page = await s.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${s.h.botUrl}/`);
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
