/**
 * The router: one dispatcher in front of every feature. A payload no feature handles (a link button, which
 * Slack also reports as a click) is acked at once and does nothing; a handler registered twice is a start-up
 * error, not a silent override.
 */
import { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/app/router.js';
import { createLogger } from '../../src/logging/logger.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

describe('payloads no feature handles', () => {
  it('a link button in a bot message is acked at once, and nothing is posted or changed', async () => {
    const posted = await new WebClient(h.settings.slack.kind === 'http' ? h.settings.slack.botToken : '', {
      slackApiUrl: h.settings.slackApiUrl,
    }).chat.postMessage({
      channel: 'ops',
      text: 'Runbook',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'runbook.open',
              text: { type: 'plain_text', text: 'Open the runbook' },
              url: 'https://runbooks.example.com/api',
            },
          ],
        },
      ],
    });
    const before = h.slack.workspace.messages.length;
    const audit = await h.bot.store.queryAudit({ limit: 1000 });
    const click = await h.slack.clickAction({ actionId: 'runbook.open', channel: 'ops', messageTs: posted.ts ?? '' });
    expect(click.ok, click.error).toBe(true);
    expect(click.status).toBe(200); // Bolt alone answers 404 after its 2.8 s unhandled-request timeout
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.workspace.messages.length).toBe(before);
    expect(await h.bot.store.queryAudit({ limit: 1000 })).toEqual(audit);
    expect(h.logs.some((line) => line.includes('no handler for this payload') && line.includes('runbook.open'))).toBe(
      true,
    );
  });
});

describe('registration', () => {
  it('refuses a second handler for the same command, button or modal', async () => {
    const log = await createLogger({ level: 'silent', secrets: [], destination: { write: () => undefined } });
    const router = createRouter(
      new App({ token: 'xoxb-test', signingSecret: 'test', tokenVerificationEnabled: false }),
      new WebClient(),
      log,
    );
    router.command('/ops', async () => undefined);
    router.action('deploy.approve', async () => undefined);
    expect(() => router.command('/ops', async () => undefined)).toThrow('two handlers for the command "/ops"');
    expect(() => router.action('deploy.approve', async () => undefined)).toThrow(
      'two handlers for the action "deploy.approve"',
    );
  });
});
