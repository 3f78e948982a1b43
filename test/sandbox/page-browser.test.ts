/**
 * The sandbox page in headless Chromium, against the in-memory fake page API (test/sandbox/fake-page-api.ts).
 * Needs /usr/bin/chromium (Debian: apt-get install -y chromium). Missing: fails under CI, skips (with the reason) otherwise.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEPLOY_TS, startFakePageApi, type FakePageApi } from './fake-page-api.js';

// The callbacks given to addInitScript / evaluate run inside Chromium, but this program has no DOM lib (ES2023 + node types):
// declare, for this module only, the few browser globals they use, so Node-side test code still cannot touch them.
declare const window: { open: (url?: string) => unknown };
declare const document: { activeElement: { id: string } | null; getElementById(id: string): object | null };
declare function getComputedStyle(element: object): { color: string };
interface HTMLImageElement {
  naturalWidth: number;
}
interface HTMLTextAreaElement {
  value: string;
  selectionStart: number;
  selectionEnd: number;
}

const CHROMIUM = process.env.SANDBOX_PAGE_CHROMIUM ?? '/usr/bin/chromium'; // override only to test the missing-browser path
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
const SCREENSHOT = '/tmp/sandbox-page.png';
const hasChromium = existsSync(CHROMIUM);
const MISSING = `${CHROMIUM} not found: the sandbox page browser test needs Chromium (apt-get update && apt-get install -y chromium)`;

describe('sandbox page in Chromium', () => {
  if (!hasChromium) {
    if (process.env.CI)
      it('has Chromium available', () => {
        throw new Error(MISSING);
      });
    else {
      console.warn(`[page-browser.test] SKIPPED — ${MISSING}`);
      it.skip(`SKIPPED — ${MISSING}`, () => {});
    }
    return;
  }

  let profile: string;
  let context: BrowserContext;
  let api: FakePageApi;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'sandbox-page-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 820 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  beforeEach(async () => {
    api = await startFakePageApi();
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    // url buttons must not leave the machine: record instead of opening
    await page.addInitScript(() => {
      window.open = ((url: string) => {
        (window as unknown as { opened: string[] }).opened = [
          ...((window as unknown as { opened?: string[] }).opened ?? []),
          url,
        ];
        return null;
      }) as typeof window.open;
    });
    await page.goto(`${api.url}/`);
    await page.locator('.blk-header', { hasText: 'Deploy request' }).waitFor();
  });

  afterEach(async () => {
    await page?.close();
    await api?.close();
    expect(pageErrors).toEqual([]);
  });

  async function requestTo(path: string, count = 1) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const matches = api.requests.filter((r) => r.path === `/sandbox/api/${path}`);
      if (matches.length >= count) return matches[count - 1]!.body;
      if (Date.now() > deadline)
        throw new Error(
          `no POST /sandbox/api/${path} (#${count}) within 5 s; got ${api.requests.map((r) => r.path).join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('lists channels and renders the bot message blocks, files, threads and ephemerals', async () => {
    await expect.poll(() => page.locator('#channel-list .channel').allTextContents()).toEqual(['#ops', '#general']);
    expect(await page.locator('#workspace-name').innerText()).toBe('Acme Ops');
    expect(await page.locator('#channel-title').innerText()).toBe('#ops');
    const bot = page.locator(`.msg[data-ts="${DEPLOY_TS}"]`);
    expect(await bot.locator('.author').innerText()).toBe('opsbot');
    expect(await bot.locator('.blk-header').innerText()).toBe('🚀 Deploy request: api → production');
    expect(await bot.locator('.section-fields .field').allInnerTexts()).toEqual([
      'Service\napi',
      'Version\nv1.4.2',
      'Environment\nproduction',
      'Risk\n🟢 low',
    ]);
    expect(await bot.locator('.blk-context').innerText()).toContain('⏳ Waiting for approval · requested by @alice');
    expect(await bot.locator('.blk-actions button').allTextContents()).toEqual(['Approve', 'Reject', 'View logs ↗']);
    expect(await page.locator('.ephemeral').innerText()).toContain('Only visible to you');
    expect(await page.locator('.messages').innerText()).not.toContain('Secret for bob only');
    await expect
      .poll(() => page.locator('.file-image img').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(420);
    expect(await page.locator('.thread-toggle').innerText()).toBe('▸ 1 reply');
    expect(await page.locator('#user-select option').allInnerTexts()).toEqual(['alice', 'bob']);
    expect(await page.locator('#command-list code').allInnerTexts()).toContain('/ops status [service]');

    await page.locator('.thread-toggle').click();
    await page.locator('.thread .msg', { hasText: 'Looks good to me ✅' }).waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT });
  });

  it('sends a typed command to POST /sandbox/api/command, shows failures in red, and recalls with Up', async () => {
    const composer = page.locator('#composer');
    await composer.fill('/ops status api');
    await composer.press('Enter');
    expect(await requestTo('command')).toEqual({ channel: 'C001', text: '/ops status api' });
    await page.locator('.blk-header', { hasText: 'Status: api' }).waitFor();
    expect(await composer.inputValue()).toBe('');

    await composer.fill('/foo bar');
    await composer.press('Enter');
    expect(await requestTo('command', 2)).toEqual({ channel: 'C001', text: '/foo bar' });
    const error = page.locator('#composer-error');
    await expect.poll(() => error.innerText()).toBe('unknown command /foo');
    expect(await error.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(224, 30, 90)');
    expect(await composer.inputValue()).toBe('/foo bar');

    await composer.fill('');
    await composer.press('ArrowUp');
    expect(await composer.inputValue()).toBe('/foo bar');
    await composer.press('ArrowUp');
    expect(await composer.inputValue()).toBe('/ops status api');
    await composer.press('ArrowDown');
    expect(await composer.inputValue()).toBe('/foo bar');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer');
  });

  it('posts plain text as a user message, escaped, and keeps the composer focused across re-renders', async () => {
    const composer = page.locator('#composer');
    await composer.fill('hello <img src=x onerror="window.pwned=1"> *team*');
    await composer.press('Enter');
    expect(await requestTo('message')).toEqual({
      channel: 'C001',
      text: 'hello <img src=x onerror="window.pwned=1"> *team*',
    });
    const mine = page.locator('.msg', { hasText: 'hello <img' });
    await mine.waitFor();
    expect(await mine.locator('b').innerText()).toBe('team');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await composer.fill('half-typed');
    api.bump();
    await page.waitForTimeout(900); // at least one poll + re-render
    expect(await composer.inputValue()).toBe('half-typed');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer');
  });

  it('sends a button click to /sandbox/api/action, opens the modal and submits Slack-shaped values', async () => {
    await page.locator('button', { hasText: 'Approve' }).click();
    expect(await requestTo('action')).toEqual({
      channel: 'C001',
      messageTs: DEPLOY_TS,
      actionId: 'deploy_approve',
      blockId: 'deploy_actions',
      value: 'dep-42',
    });
    const modal = page.locator('.modal');
    await modal.waitFor();
    expect(await modal.locator('h2').innerText()).toBe('Approve deploy');
    expect(await modal.locator('.modal-foot button').allInnerTexts()).toEqual(['Cancel', 'Approve']);

    // required field left empty: blocked on the page, like Slack
    await modal.locator('[data-modal="submit"]').click();
    await modal
      .locator('[data-block-id="reason"] .input-error', { hasText: 'Please complete this required field.' })
      .waitFor();
    expect(api.requests.filter((r) => r.path.endsWith('view-submission'))).toHaveLength(0);

    await modal.locator('[data-action-id="reason_input"]').fill('Hotfix for <b>500s</b>');
    await modal.locator('[data-action-id="env_select"]').selectOption('staging');
    await modal.locator('[data-action-id="approver_select"]').selectOption('U002');
    await modal.getByLabel('All at once').check();
    await modal.getByLabel('Run smoke tests').check();
    await modal.locator('[data-action-id="pct"]').fill('500');
    await modal.locator('[data-modal="submit"]').click();
    await requestTo('view-submission');
    await modal
      .locator('[data-block-id="rollout"] .input-error', { hasText: 'Rollout must be between 1 and 100' })
      .waitFor();
    expect(await modal.isVisible()).toBe(true);
    expect(await modal.locator('[data-action-id="reason_input"]').inputValue()).toBe('Hotfix for <b>500s</b>');

    await modal.locator('[data-action-id="pct"]').fill('25');
    await modal.locator('[data-modal="submit"]').click();
    const submission = await requestTo('view-submission', 2);
    expect(submission.viewId).toMatch(/^V\d+$/);
    const opt = (text: string, value: string) => ({ text: { type: 'plain_text', text, emoji: true }, value });
    expect(submission.values).toEqual({
      reason: { reason_input: { type: 'plain_text_input', value: 'Hotfix for <b>500s</b>' } },
      env: { env_select: { type: 'static_select', selected_option: opt('staging', 'staging') } },
      approver: { approver_select: { type: 'users_select', selected_user: 'U002' } },
      strategy: { strategy_radio: { type: 'radio_buttons', selected_option: opt('All at once', 'all') } },
      checks: { checks_boxes: { type: 'checkboxes', selected_options: [opt('Run smoke tests', 'smoke')] } },
      rollout: { pct: { type: 'number_input', value: '25' } },
    });
    await modal.waitFor({ state: 'detached' });
    const deploy = page.locator(`.msg[data-ts="${DEPLOY_TS}"]`);
    await deploy.locator('.blk-context', { hasText: '✅ Approved by @alice · all at 25%' }).waitFor();
    expect(await deploy.locator('.edited').innerText()).toBe('(edited)');
  });

  it('closes a modal through /sandbox/api/view-close', async () => {
    await page.locator('button', { hasText: 'Approve' }).click();
    await page.locator('.modal').waitFor();
    await page.locator('.modal-x').click();
    expect((await requestTo('view-close')).viewId).toMatch(/^V\d+$/);
    await page.locator('.modal').waitFor({ state: 'detached' });
  });

  it('asks for confirmation before sending a confirm button, and opens url buttons instead of sending', async () => {
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.locator('button', { hasText: 'Reject' }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain('Reject deploy?');
    expect(dialogs[0]).toContain('The requester will be notified.');
    await page.waitForTimeout(200);
    expect(api.requests.filter((r) => r.path.endsWith('/action'))).toHaveLength(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('button', { hasText: 'Reject' }).click();
    expect(await requestTo('action')).toMatchObject({
      actionId: 'deploy_reject',
      blockId: 'deploy_actions',
      value: 'dep-42',
      messageTs: DEPLOY_TS,
    });
    await page.locator('.blk-context', { hasText: '❌ Rejected by @alice' }).waitFor();

    api.state.messages
      .find((m) => m.ts === DEPLOY_TS)!
      .blocks!.push({
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'logs',
            text: { type: 'plain_text', text: 'Logs' },
            url: 'https://example.com/logs',
          },
        ],
      });
    api.bump();
    await page.locator('button', { hasText: 'Logs' }).click();
    expect(await page.evaluate(() => (window as unknown as { opened?: string[] }).opened)).toEqual([
      'https://example.com/logs',
    ]);
    await page.waitForTimeout(200);
    expect(api.requests.filter((r) => r.path.endsWith('/action'))).toHaveLength(1);
  });

  it('sends overflow choices, pin reactions and thread replies', async () => {
    await page.locator('.el-overflow').selectOption('diff');
    expect(await requestTo('action')).toEqual({
      channel: 'C001',
      messageTs: DEPLOY_TS,
      actionId: 'deploy_more',
      blockId: 'deploy_summary',
      value: 'diff',
      selectedOption: { text: { type: 'plain_text', text: 'View diff', emoji: true }, value: 'diff' },
    });

    const deploy = page.locator(`.msg[data-ts="${DEPLOY_TS}"]`);
    await deploy.hover();
    await deploy.locator('[data-react]').click();
    expect(await requestTo('reaction')).toEqual({ channel: 'C001', ts: DEPLOY_TS, name: 'pushpin' });
    await deploy.locator('.reaction', { hasText: '📌 1' }).waitFor();

    api.state.messages.push({
      channel: 'C001',
      ts: '9999999999.000001',
      user: 'UBOT',
      text: 'retry?',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'retry', text: { type: 'plain_text', text: 'Retry' }, value: 'r1' }],
        },
      ],
    });
    api.bump();
    await page.locator('button', { hasText: 'Retry' }).click();
    expect(await requestTo('action', 2)).toEqual({
      channel: 'C001',
      messageTs: '9999999999.000001',
      actionId: 'retry',
      value: 'r1',
    }); // no invented blockId

    await page.locator('.thread-toggle').click();
    const reply = page.locator('.thread-reply');
    await reply.fill('on it');
    await reply.press('Enter');
    expect(await requestTo('message')).toEqual({ channel: 'C001', text: 'on it', threadTs: DEPLOY_TS });
    await page.locator('.thread .msg', { hasText: 'on it' }).waitFor();
    expect(await page.locator('.thread-toggle').innerText()).toBe('▾ 2 replies');
  });

  it('switches the acting user and channels', async () => {
    await page.locator('#user-select').selectOption('U002');
    expect(await requestTo('user')).toEqual({ userId: 'U002' });
    await page.locator('.msg', { hasText: 'Secret for bob only' }).waitFor();
    expect(await page.locator('.messages').innerText()).not.toContain('approval token');

    await page.locator('.channel', { hasText: 'general' }).click();
    expect(await page.locator('#channel-title').innerText()).toBe('#general');
    await page.locator('.msg', { hasText: 'Lunch at noon? 🎉' }).waitFor();
    await page.locator('#composer').fill('/ops status');
    await page.locator('#composer').press('Enter');
    expect(await requestTo('command')).toEqual({ channel: 'C002', text: '/ops status' });

    await page.locator('.cmd', { hasText: '/ops rollback' }).click();
    expect(await page.locator('#composer').inputValue()).toBe('/ops rollback <service>');
    expect(
      await page.evaluate(() => {
        const box = document.getElementById('composer') as HTMLTextAreaElement;
        return box.value.slice(box.selectionStart, box.selectionEnd);
      }),
    ).toBe('<service>');
  });
});
