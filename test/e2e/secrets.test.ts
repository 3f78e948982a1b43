import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

/** A full run through every path the bot has, at debug level, then a search of everything it wrote. */
describe('secrets never leave the environment', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LOG_LEVEL: 'trace', GOOGLE_CLOUD_PROJECT: 'demo-project' } });
    const waitForReport = (before: number) =>
      h.slack.waitFor(() =>
        h.slack
          .messagesIn('ops')
          .slice(before)
          .some((m) => m.text.startsWith('Service Status')),
      );

    await h.slack.slashCommand({ text: '/ops help', channel: 'ops' });
    let before = h.slack.messagesIn('ops').length;
    await h.slack.slashCommand({ text: '/ops status', channel: 'ops' });
    await waitForReport(before);
    await h.slack.slashCommand({ text: '/ops status nope', channel: 'ops' });
    await h.slack.slashCommand({ text: '/deploy api prod', channel: 'ops' });
    // failing backends: Cloud Run 500s and a timeout, the Slack API rate limiting the bot
    h.cloudRun.faults.inject(/services\/api$/, { kind: 'status', status: 500 }, 20);
    h.cloudRun.faults.inject(/services\/web$/, { kind: 'rate-limit', retryAfterSeconds: 1 }, 20);
    before = h.slack.messagesIn('ops').length;
    await h.slack.slashCommand({ text: '/ops status', channel: 'ops' });
    await waitForReport(before);
    h.cloudRun.faults.clear();
    // forged and unsigned requests
    await h.slack.sendRaw('command=%2Fops&text=help', 'application/x-www-form-urlencoded', {
      signingSecret: 'wrong-secret-123',
    });
    await fetch(`${h.botUrl}/slack/events`, {
      method: 'POST',
      headers: { 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1' },
      body: 'x',
    });
  }, 60_000);
  afterAll(async () => h?.stop());

  it('captured the run (the search below has something to search)', () => {
    expect(h.logs.length).toBeGreaterThan(20);
    expect(h.logs.some((l) => l.includes('"severity":"DEBUG"'))).toBe(true);
    expect(h.slack.calls.length).toBeGreaterThan(0);
    expect(h.settings.secrets.length).toBeGreaterThanOrEqual(3);
  });

  it('no log line contains a configured secret', () => {
    for (const secret of h.settings.secrets) {
      const leaks = h.logs.filter((line) => line.includes(secret));
      expect(leaks, `secret ${secret.slice(0, 6)}… leaked`).toEqual([]);
    }
  });

  it('no Slack message contains a configured secret', () => {
    const everything = JSON.stringify(h.slack.workspace.messages);
    for (const secret of h.settings.secrets) expect(everything.includes(secret)).toBe(false);
  });

  it('every line is Cloud Logging JSON', () => {
    for (const line of h.logs) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry.severity).toMatch(/^(DEBUG|INFO|WARNING|ERROR|CRITICAL)$/);
      expect(typeof entry.message).toBe('string');
    }
  });
});

describe('every harness run is searched when it stops', () => {
  it('a secret in a log line or a Slack message fails the run that wrote it', async () => {
    const h = await startHarness();
    const token = h.settings.slack.kind === 'http' ? h.settings.slack.botToken : '';
    h.logs.push(JSON.stringify({ message: `oops ${token}` }));
    await expect(h.stop()).rejects.toThrow(`A configured secret leaked: ${token.slice(0, 6)}… in the logs (as is).`);
  });

  it('also in its URL-encoded or base64 form', async () => {
    const h = await startHarness();
    const secret = h.settings.cost.jobs.secret ?? h.settings.secrets[0] ?? '';
    h.logs.push(
      JSON.stringify({
        path: `/hooks/budget?token=${encodeURIComponent(secret)}`,
        auth: `Basic ${Buffer.from(`x:${secret}`).toString('base64')}`,
      }),
    );
    await expect(h.stop()).rejects.toThrow(`A configured secret leaked: ${secret.slice(0, 6)}… in the logs`);
  });
});
