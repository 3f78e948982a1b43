import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

const ALEX = 'U0ALEX0001';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const lastVisible = (channel: string) => h.messagesIn(channel).at(-1);

describe('/ops help', () => {
  it('answers in the ack with every command and its usage, visible only to the caller', async () => {
    const result = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
    expect(result.status).toBe(200);
    const reply = lastVisible('ops');
    expect(reply?.ephemeral).toBe(true);
    expect(reply?.visibleTo).toBe(ALEX);
    const text = textOf(reply);
    for (const usage of ['/ops status [service]', '/deploy <service> <env> [ref]', '/rollback <service> <env>', '/incident declare', '/cost [week|month']) {
      expect(text).toContain(usage);
    }
  });

  it('treats a bare /ops as help', async () => {
    await h.slack.slashCommand({ text: '/ops', channel: 'ops' });
    expect(textOf(lastVisible('ops'))).toContain('ChatOps commands');
  });
});

describe('/ops status', () => {
  it('reports every service: URL, latest ready revision, traffic split, conditions, last deploy', async () => {
    await h.slack.slashCommand({ text: '/ops status', channel: 'ops' });
    const report = await h.slack.waitFor(() => h.messagesIn('ops').find((m) => m.text.startsWith('Service Status:') && !m.ephemeral));
    const text = textOf(report);
    expect(text).toContain('Service Status');
    for (const service of ['api', 'web', 'worker']) {
      const uri = h.cloudRun.services.get(`demo-project/europe-west1/${service}`)?.uri ?? '';
      expect(uri).not.toBe('');
      expect(text).toContain(uri);
    }
    const api = h.cloudRun.services.get('demo-project/europe-west1/api')!;
    expect(text).toContain(api.latestReadyRevision);
    expect(text).toMatch(/90% `api-/);
    expect(text).toMatch(/10% `api-/);
    expect(text).toMatch(/:x: Ready: The user-provided container failed to start/); // the demo worker's failed revision
    expect(text).toContain('*Last deploy*\nnone');
  });

  it('shows the last deploy recorded in the store', async () => {
    const deploy: Deployment = { id: 'd-1', service: 'web', environment: 'prod', ref: 'main', sha: 'abcdef1234567890', status: 'succeeded', requestedBy: 'U0SAM00002', requestedAt: '2026-11-20T10:00:00.000Z' };
    await h.bot.store.create(DEPLOYMENTS, deploy.id, deploy);
    await h.bot.store.create(DEPLOYMENTS, 'd-0', { ...deploy, id: 'd-0', sha: '0000000aaaaaaa', requestedAt: '2026-11-19T10:00:00.000Z' });
    await h.slack.slashCommand({ text: '/ops status web', channel: 'ops' });
    const report = await h.slack.waitFor(() => h.messagesIn('ops').find((m) => m.text.startsWith('Service Status: web')));
    const text = textOf(report);
    expect(text).toContain('`abcdef1` to prod by <@U0SAM00002> · succeeded');
    expect(text).toContain('2026-11-20 11:00 Europe/Berlin');
    expect(text).not.toContain('0000000');
  });

  it('keeps reporting the other services when Cloud Run fails for one, and says what to do', async () => {
    h.cloudRun.faults.inject(/GET \/v2\/projects\/demo-project\/locations\/europe-west1\/services\/api$/, { kind: 'status', status: 403, body: { error: { code: 403, status: 'PERMISSION_DENIED', message: "Permission 'run.services.get' denied" } } }, 10);
    const before = h.messagesIn('ops').length;
    await h.slack.slashCommand({ text: '/ops status', channel: 'ops' });
    const report = await h.slack.waitFor(() => h.messagesIn('ops').slice(before).find((m) => m.text.startsWith('Service Status')));
    h.cloudRun.faults.clear();
    const text = textOf(report);
    expect(text).toContain('roles/run.viewer');
    expect(text).toContain(h.cloudRun.services.get('demo-project/europe-west1/web')!.uri);
    expect(text).not.toMatch(/at \w+ \(.*\.ts:\d+/); // no stack trace
  });
});

describe('bad input', () => {
  it.each([
    ['/ops status nope', 'Unknown service "nope". Known services: api, web, worker.'],
    ['/ops frobnicate', 'Unknown subcommand "frobnicate".'],
    ['/ops status api web', '/ops status takes at most one service, got 2.'],
    ['/ops status "<script>"', 'is not a service name'],
  ])('%s gets an ephemeral usage message', async (text, expected) => {
    const result = await h.slack.slashCommand({ text, channel: 'ops' });
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3000);
    const reply = lastVisible('ops');
    expect(reply?.ephemeral).toBe(true);
    expect(textOf(reply)).toContain(expected);
    expect(textOf(reply)).toContain('/ops status [service]');
  });
});

describe('Slack request verification', () => {
  const body = 'command=%2Fops&text=help&user_id=U0ALEX0001&channel_id=C1&response_url=http%3A%2F%2F127.0.0.1%3A1%2F&trigger_id=1';
  const before = () => h.slack.workspace.messages.length;

  it('rejects an unsigned request with 401 and runs nothing', async () => {
    const count = before();
    const response = await fetch(`${h.botUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(response.status).toBe(401);
    expect(h.slack.workspace.messages.length).toBe(count);
  });

  it('rejects a bad signature with 401', async () => {
    const response = await h.slack.sendRaw(body, 'application/x-www-form-urlencoded', { signingSecret: 'not-the-secret-at-all' });
    expect(response.status).toBe(401);
  });

  it('rejects a request signed more than 5 minutes ago with 401', async () => {
    const response = await h.slack.sendRaw(body, 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(response.status).toBe(401);
  });
});

describe('health', () => {
  it('answers /healthz with the mode and store', async () => {
    const response = await fetch(`${h.botUrl}/healthz`);
    expect(await response.json()).toMatchObject({ ok: true, mode: 'http', store: 'sqlite' });
  });
});
