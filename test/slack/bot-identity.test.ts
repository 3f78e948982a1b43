/**
 * BotIdentity (src/app/bot-identity.ts): auth.test at start and in the background, with the real WebClient
 * against the Slack stand-in. Short retry delays; no assertion on how long anything took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { BotIdentity } from '../../src/app/bot-identity.js';
import { createLogger } from '../../src/logging/logger.js';
import { freePort } from '../../bench/processes.js';
import { SlackStandin } from '../../sandbox/slack/standin.js';

const TOKEN = 'xoxb-identity-test-0123456789';
const TIMING = { startWaitMs: 300, firstRetryMs: 20, maxRetryMs: 100 };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function identityAgainst(
  apiUrl?: string,
  token = TOKEN,
): Promise<{ identity: BotIdentity; slack: SlackStandin; logs: string[] }> {
  const slack = new SlackStandin({ signingSecret: 'signing-secret-0123', botToken: TOKEN });
  await slack.start();
  const logs: string[] = [];
  const log = await createLogger({
    level: 'info',
    secrets: [TOKEN, token],
    destination: { write: (line: string) => void logs.push(line) },
  });
  const client = new WebClient(token, {
    slackApiUrl: apiUrl ?? slack.apiUrl,
    timeout: 1000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const identity = new BotIdentity(client, token, log, TIMING);
  cleanups.push(
    () => slack.close(),
    () => identity.stop(),
  );
  return { identity, slack, logs };
}

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('BotIdentity', () => {
  it('is ready once Slack accepts the token at start', async () => {
    const { identity } = await identityAgainst();
    expect(identity.failing()).toBe('slack: auth.test not yet accepted (auth.test not yet answered)');
    await identity.verifyAtStart();
    expect(identity.failing()).toBeUndefined();
  });

  it('connection refused at start: the start goes on, /readyz names it, and nothing is retried against the closed port forever without a log line', async () => {
    const { identity, logs } = await identityAgainst(`http://127.0.0.1:${await freePort()}/api/`);
    await identity.verifyAtStart();
    expect(identity.failing()).toBe('slack: auth.test not yet accepted (no answer from Slack (ECONNREFUSED))');
    await until(() =>
      logs.some((l) => l.includes('Slack still does not accept the bot token (no answer from Slack (ECONNREFUSED))')),
    );
    expect(logs[0]).toContain('Slack did not accept the bot token at start');
  });

  it('no answer at start within the wait: the start goes on; the answer, once it comes, makes it ready', async () => {
    const { identity, slack, logs } = await identityAgainst();
    slack.faults.inject('auth.test', { kind: 'slow', ms: 600 });
    await identity.verifyAtStart();
    expect(identity.failing()).toBe('slack: auth.test not yet accepted (no answer from Slack within 0.3 s)');
    await until(() => identity.failing() === undefined);
    expect(logs.some((l) => l.includes('Slack accepted the bot token'))).toBe(true);
  });

  it('a token refused after an outage at start: logged naming SLACK_BOT_TOKEN, retries stop, /readyz says refused', async () => {
    const revoked = 'xoxb-revoked-while-slack-was-down-42';
    const { identity, slack, logs } = await identityAgainst(undefined, revoked); // the stand-in answers invalid_auth for it
    slack.faults.inject('auth.test', { kind: 'status', status: 502 }, 2);
    await identity.verifyAtStart();
    expect(identity.failing()).toBe('slack: auth.test not yet accepted (Slack answered 502)');
    await until(() => identity.failing() === 'slack: Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    await until(() =>
      logs.some(
        (l) => l.includes('"severity":"ERROR"') && l.includes('SLACK_BOT_TOKEN: Slack refused it (invalid_auth)'),
      ),
    );
    expect(slack.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
    const calls = slack.calls.filter((c) => c.method === 'auth.test').length;
    await new Promise((resolve) => setTimeout(resolve, 250)); // longer than the longest retry delay
    expect(slack.calls.filter((c) => c.method === 'auth.test').length).toBe(calls);
    for (const line of logs) expect(line).not.toContain(revoked);
  });

  it('a refused token at start throws a ConfigError naming SLACK_BOT_TOKEN, never its value', async () => {
    const { identity, slack } = await identityAgainst();
    slack.faults.inject('auth.test', { kind: 'status', status: 200, body: { ok: false, error: 'invalid_auth' } });
    const error = await identity.verifyAtStart().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toContain('SLACK_BOT_TOKEN: Slack refused it (invalid_auth)');
    expect(error?.message).not.toContain(TOKEN);
  });
});
