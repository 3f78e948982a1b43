import { expect } from 'vitest';
import type { SlackMessage } from '../../sandbox/slack/workspace.js';
import { movableClock, testConfig } from '../support/deploy-helpers.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

export const SECRET = 'backup-secret-0123456789abcdef';

/** chatops.example.yml's backup section, polling every second and timing out after 5 minutes. */
export const backupConfig = (change: (y: string) => string = (y) => y): string =>
  testConfig((y) =>
    change(y.replace('pollSeconds: 15', 'pollSeconds: 1').replace('timeoutMinutes: 120', 'timeoutMinutes: 5')),
  );

export async function backupHarness(
  options: { clock?: ReturnType<typeof movableClock>; change?: (y: string) => string } = {},
) {
  const clock = options.clock ?? movableClock();
  const h = await startHarness({ configPath: backupConfig(options.change), clock, env: { COST_JOB_SECRET: SECRET } });
  h.firestore.operationMs = 600;
  return { h, clock };
}

/** Runs a slash command and returns the text of its ack (its ephemeral answer). */
export async function ackOf(h: Harness, text: string, user = 'U0ALEX0001'): Promise<string> {
  const result = await h.slack.slashCommand({ text, channel: 'ops', user });
  expect(result.ok).toBe(true);
  return result.body ? JSON.stringify(JSON.parse(result.body)) : '';
}

export const reports = (h: Harness, database: string): SlackMessage[] =>
  h.slack.messagesIn('ops').filter((m) => m.text.startsWith(`Backup Drill: ${database}`) && !m.threadTs);

/** Waits for the drill report of `database` to say the drill ended, and returns its text. */
export async function finishedReport(h: Harness, database: string, timeoutMs = 20_000): Promise<string> {
  return h.slack.waitFor(() => {
    const report = reports(h, database).at(-1);
    const text = report ? textOf(h.slack.workspace.findMessage(report.channel, report.ts) ?? report) : '';
    return /^Backup Drill: \S+ — (passed|FAILED)/.test(text) && text;
  }, timeoutMs);
}

/** Drill databases the stand-in still has. */
export const drillDatabases = (h: Harness): string[] =>
  [...h.firestore.databases.values()].map((d) => d.id).filter((id) => id.startsWith('drill-'));

/** Polls `check` until it gives a value (the stand-ins and the bot share this process's event loop). */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
