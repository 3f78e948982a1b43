import { expect } from 'vitest';
import type { Harness } from '../support/harness.js';
import { textOf } from '../support/harness.js';

/** Runs `/audit …` in a channel and returns the report as posted (what a user reads). */
export async function auditReport(h: Harness, text = '/audit', channel = 'deploys', user?: string) {
  const before = h.slack.messagesIn(channel).length;
  const result = await h.slack.slashCommand({ text, channel, ...(user ? { user } : {}) });
  expect(result.status).toBe(200);
  const fresh = () => h.slack.messagesIn(channel).slice(before);
  const report = await h.slack.waitFor(
    () => fresh().find((m) => !m.ephemeral && (m.text.startsWith('Security Audit') || m.text.includes('could not'))),
    20_000,
  );
  return { report, text: textOf(report), ack: result };
}

/** Everything a run wrote where a person could read it: Slack messages and the bot's log lines. */
export const everythingWritten = (h: Harness): string => JSON.stringify(h.slack.workspace.messages) + h.logs.join('\n');
