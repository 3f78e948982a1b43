/** Helpers of the backend fault files (faults-*.test.ts): one harness per group of rows, commands with our own response_url. */
import { expect } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { commandBody, expectNoSecrets, problemWith, ResponseCollector, visibleText } from './support.js';

/** The bot's settings for interactive Cloud Run and GitHub calls (src/bot.ts): 8 s per attempt, 2 attempts. */
export const ATTEMPTS = 2;
export const ATTEMPT_TIMEOUT_S = 8;
/** Slack's WebClient (src/app/slack-app.ts): `retries: 2`, so 3 requests in all. */
export const SLACK_REQUESTS = 3;

export interface Session {
  h: Harness;
  collector: ResponseCollector;
  /** How often the Slack stand-in was asked for each Web API method (failed calls included). */
  slackCalls(method: string): number;
  close(): Promise<void>;
}

/** A harness and a response_url collector; every Slack Web API call is counted, faulted or not. */
export async function session(options: Parameters<typeof startHarness>[0] = {}): Promise<Session> {
  const h = await startHarness(options);
  const collector = await new ResponseCollector().start();
  const calls = new Map<string, number>();
  const take = h.slack.faults.take.bind(h.slack.faults);
  h.slack.faults.take = (method) => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    return take(method);
  };
  return {
    h,
    collector,
    slackCalls: (method) => calls.get(method) ?? 0,
    close: async () => {
      expectNoSecrets(h);
      await collector.close();
      await h.stop();
    },
  };
}

export interface Answer {
  ackMs: number;
  /** What the ack itself showed ('' when empty). */
  ack: string;
  /** Everything posted through response_url, in order. */
  replies: Record<string, unknown>[];
  /** The visible text of the last reply. */
  text: string;
  /** From sending the command to its last reply. */
  ms: number;
}

/** Sends a slash command typed in #ops, waits for `replies` replies through response_url (and a little longer, for any extra one). */
export async function command(
  s: Session,
  name: string,
  text: string,
  options: { replies?: number; timeoutMs?: number } = {},
): Promise<Answer> {
  const { id, body } = commandBody(s.h, s.collector, name, text);
  const started = Date.now();
  const ack = await s.h.slack.sendRaw(body, 'application/x-www-form-urlencoded');
  expect(ack.status, `${name} ${text}: acked`).toBe(200);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while ((s.collector.posts.get(id)?.length ?? 0) < (options.replies ?? 1) && Date.now() < deadline) await sleep(10);
  const ms = Date.now() - started;
  await sleep(300); // a retry or a second answer still under way would show now
  const replies = s.collector.posts.get(id) ?? [];
  expect(replies.length, `${name} ${text}: replies through response_url`).toBe(options.replies ?? 1);
  return {
    ackMs: ack.elapsedMs,
    ack: ack.body ? visibleText(JSON.parse(ack.body) as Record<string, unknown>) : '',
    replies,
    text: visibleText(replies.at(-1)!),
    ms,
  };
}

/** What every answer to a failure must be: short, plain, no stack trace, no "undefined", not the guard's apology. */
export function expectClear(answer: Answer): void {
  for (const reply of answer.replies) expect(problemWith(reply)).toBeUndefined();
  expect(answer.text).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]|NaN|Error:|at .*:\d+:\d+/);
  expect(answer.text.length, 'a short message').toBeLessThan(700);
  expect(answer.ackMs, 'acked inside 3 s').toBeLessThan(3000);
}

export const count = (requests: string[], pattern: RegExp): number => requests.filter((r) => pattern.test(r)).length;

export const auditActions = async (h: Harness): Promise<string[]> =>
  (await h.bot.store.queryAudit({ since: new Date(0), limit: 10_000 })).map((e) => e.action);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
