/**
 * /cost in the sandbox page, as a user meets it: headless Chromium (Debian's) types /cost month in #costs,
 * sees the Cost Analysis Report and the chart below it, loaded as an image.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openSandboxBrowser, type SandboxBrowser } from '../support/sandbox-browser.js';

describe('/cost in the sandbox page', () => {
  if (!chromiumAvailable()) return;

  let s: SandboxBrowser;
  beforeAll(async () => {
    s = await openSandboxBrowser(); // the sandbox as `npm start` runs it
  });
  afterAll(async () => s?.close());

  it('types /cost month in #costs and sees the report and the chart', async () => {
    const page = await s.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${s.h.botUrl}/`);
    await page.locator('#channel-list .channel', { hasText: '#costs' }).click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('#costs');
    await page.locator('#composer').fill('/cost month');
    await page.locator('#composer').press('Enter');

    const report = page.locator('.msg', { has: page.locator('.blk-header', { hasText: 'Cost Analysis Report' }) });
    await report.waitFor({ timeout: 15_000 });
    const text = await report.innerText();
    for (const part of [
      'Monthly budget',
      '$4,000.00',
      'Cost breakdown by service',
      'Cloud SQL',
      'Optimization opportunities',
      'Recommended actions',
    ])
      expect(text).toContain(part);

    const chart = page.locator('.file-image img');
    await chart.waitFor({ timeout: 15_000 });
    const loadedWidth = () =>
      chart.evaluate((element) => {
        const img = element as unknown as { complete: boolean; naturalWidth: number }; // the DOM's types are not in this project's lib
        return img.complete ? img.naturalWidth : 0;
      });
    await expect.poll(loadedWidth).toBe(1000);
    expect(await page.locator('.file-image figcaption').innerText()).toMatch(/^Daily spend by service, .+ \(USD\)$/);
    await page.screenshot({ path: join(tmpdir(), 'sandbox-cost-month.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
