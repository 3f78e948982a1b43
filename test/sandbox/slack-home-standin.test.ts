/**
 * The Slack stand-in's Home tab, through the real @slack/web-api client: views.publish keeps one view per user
 * (its ID stable across publishes, a new hash each time, `hash` checked when sent), and a click on a button in a
 * Home tab reaches the app as Slack sends it, with the view as container.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandin } from '../../sandbox/slack/standin.js';

const BOT_TOKEN = 'xoxb-home-test-token';
let slack: SlackStandin;
let app: Server;
const received: string[] = [];
let client: WebClient;

beforeAll(async () => {
  slack = new SlackStandin({ signingSecret: 'home-test-signing-secret', botToken: BOT_TOKEN });
  await slack.start();
  app = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  slack.appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
  client = new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack?.close();
  await new Promise((resolve) => app?.close(resolve));
});

const textOf = (user: string): unknown =>
  (slack.workspace.homeViews.get(user)?.blocks as { text?: { text: string } }[] | undefined)?.[0]?.text?.text;
const home = (text: string) => ({
  type: 'home' as const,
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [{ type: 'button', action_id: 'home.refresh', text: { type: 'plain_text', text: 'Refresh' } }],
    },
  ],
});

describe('views.publish on the Slack stand-in', () => {
  it('keeps one Home view per user: the same ID on every publish, a new hash each time', async () => {
    const first = await client.views.publish({ user_id: 'U0SAM00002', view: home('one') });
    const second = await client.views.publish({ user_id: 'U0SAM00002', view: home('two'), hash: first.view?.hash });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(slack.workspace.homeViews.get('U0SAM00002')).toMatchObject({ type: 'home', id: first.view?.id });
    expect(textOf('U0SAM00002')).toBe('two');
    const other = await client.views.publish({ user_id: 'U0JO000003', view: home('jo') });
    expect(other.view?.id).not.toBe(first.view?.id);
  });

  it('refuses a stale hash, a view that is not a Home tab, and an unknown user, as Slack does', async () => {
    const stale = slack.workspace.homeViews.get('U0JO000003')?.hash;
    await client.views.publish({ user_id: 'U0JO000003', view: home('newer') });
    await expect(
      client.views.publish({ user_id: 'U0JO000003', view: home('late'), hash: String(stale) }),
    ).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
    await expect(
      client.views.publish({ user_id: 'U0JO000003', view: { ...home('x'), type: 'modal' } as never }),
    ).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    await expect(client.views.publish({ user_id: 'U0NOBODY99', view: home('x') })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
    expect(textOf('U0JO000003')).toBe('newer');
  });

  it('a click on a button in the Home tab reaches the app with the view as container', async () => {
    const view = slack.workspace.homeViews.get('U0SAM00002')!;
    const answer = await slack.clickAction({ viewId: String(view.id), actionId: 'home.refresh', user: 'U0SAM00002' });
    expect(answer.ok).toBe(true);
    const payload = JSON.parse(new URLSearchParams(received.at(-1)).get('payload') ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0SAM00002' },
      container: { type: 'view', view_id: view.id },
      view: { id: view.id, type: 'home' },
      actions: [{ action_id: 'home.refresh', type: 'button' }],
    });
  });
});
