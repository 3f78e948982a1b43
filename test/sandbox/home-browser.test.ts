/**
 * The App Home in the sandbox page (issue 10, part 5), in headless Chromium against the real bot: the sidebar's
 * Home sends app_home_opened as Slack does, the page shows what the bot publishes with views.publish, per acting
 * user, with @names where the bot wrote <@U…>; its "Open the plan" link opens the plan card in its channel.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, openSandboxBrowser, type SandboxBrowser } from '../support/sandbox-browser.js';

// Runs inside Chromium; this program has no DOM lib.
declare function getComputedStyle(element: object): { display: string };

const RAW_MENTION = /<@|&lt;@|U0[A-Z0-9]{8}/;

describe('App Home in the sandbox page', () => {
  if (!chromiumAvailable()) return;

  let s: SandboxBrowser;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    s = await openSandboxBrowser();
    page = await s.browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${s.h.botUrl}/`);
  });
  afterAll(async () => s?.close());

  const pane = () => page.locator('#messages');

  it('Home sends app_home_opened for the acting user and shows the published view, without a composer', async () => {
    await page.locator('#home-button').click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('Home · ChatOps');
    await pane().locator('.home-view .blk-header', { hasText: 'Deploys' }).waitFor({ timeout: 10_000 });
    expect(await pane().innerText()).toContain('Approvals waiting for you (0)');
    expect(await page.locator('#composer-wrap').isHidden()).toBe(true);
    expect(await page.locator('#home-button').getAttribute('class')).toContain('active');
    const events = s.h.slack.calls.filter((c) => c.method === 'views.publish').map((c) => c.params.user_id);
    expect(events).toEqual(['U0ALEX0001']);
    expect(page.url()).toMatch(/#home$/);
  });

  it('switching the acting user opens their Home: sam sees the plan alex asks him to approve, with @names', async () => {
    await page.locator('#channel-list .channel', { hasText: '#ops' }).click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('#ops');
    await page.locator('#composer').fill('/deploy api prod');
    await page.locator('#composer').press('Enter');
    const pointer = pane().locator('.msg.ephemeral', { hasText: 'posted in' });
    await pointer.waitFor({ timeout: 10_000 });
    expect(await pointer.innerText()).toMatch(/posted in #deploys\s*\./);
    expect(await pointer.locator('.mention.channel').evaluate((el) => getComputedStyle(el).display)).toBe('inline'); // not the sidebar's .channel
    await page.locator('#channel-list .channel', { hasText: '#deploys' }).first().click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('#deploys');
    const card = pane().locator('.msg', { has: page.locator('.blk-header', { hasText: 'Deployment Plan' }) });
    await card.waitFor({ timeout: 10_000 });
    expect(await card.innerText()).toContain('Requested by @alex'); // a context block's <@U…>
    expect(await card.innerText()).not.toMatch(RAW_MENTION);

    await page.locator('#home-button').click();
    await page.locator('#user-select').selectOption('U0SAM00002');
    await expect.poll(() => pane().innerText(), { timeout: 10_000 }).toContain('Approvals waiting for you (1)');
    const home = await pane().innerText();
    expect(home).toContain('requested by @alex');
    expect(home).not.toMatch(RAW_MENTION);
    expect(s.h.slack.calls.filter((c) => c.method === 'views.publish').map((c) => c.params.user_id)).toEqual([
      'U0ALEX0001',
      'U0ALEX0001',
      'U0SAM00002',
    ]);
  });

  it('"Open the plan" opens the plan card in its channel, in this tab', async () => {
    const tabs = page.context().pages().length;
    await pane().locator('.home-view a', { hasText: 'Open the plan' }).click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('#deploys');
    const flashed = pane().locator('.msg.flash');
    await flashed.waitFor();
    expect(await flashed.innerText()).toContain('Deployment Plan');
    expect(await page.locator('#composer-wrap').isHidden()).toBe(false);
    expect(page.context().pages()).toHaveLength(tabs);
    expect(errors).toEqual([]);
  });
});
