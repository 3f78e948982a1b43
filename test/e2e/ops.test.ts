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

const lastVisible = (channel: string) => h.slack.messagesIn(channel).at(-1);

/** What Cloud Run itself says about a service, read from the stand-in's API. */
async function liveService(name: string): Promise<{ uri: string; latestReadyRevision: string }> {
  const response = await fetch(`${h.cloudRun.url}/v2/projects/demo-project/locations/europe-west1/services/${name}`, {
    headers: { authorization: 'Bearer test' },
  });
  return (await response.json()) as { uri: string; latestReadyRevision: string };
}

describe('/ops help', () => {
  it('answers in the ack with every command and its usage, visible only to the caller', async () => {
    const result = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
    expect(result.status).toBe(200);
    const reply = lastVisible('ops');
    expect(reply?.ephemeral).toBe(true);
    expect(reply?.visibleTo).toBe(ALEX);
    const text = textOf(reply);
    for (const usage of [
      '/ops status [service]',
      '/deploy &lt;service&gt; &lt;env&gt; [ref]',
      '/rollback &lt;service&gt; &lt;env&gt;',
      '/incident declare',
      '/cost [week|month',
    ]) {
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
    const report = await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status:') && !m.ephemeral),
    );
    const text = textOf(report);
    expect(text).toContain('Service Status');
    for (const service of ['api', 'web', 'worker']) {
      const { uri } = await liveService(service);
      expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/run\//);
      expect(text).toContain(uri);
    }
    const api = await liveService('api');
    expect(text).toContain(`*Latest ready revision*\n\`${api.latestReadyRevision.split('/').pop()}\``);
    expect(text).toMatch(/90% `api-/);
    expect(text).toMatch(/10% `api-/);
    expect(text).toMatch(
      /:x: Not ready: Revision .worker-\d+-\w+. is not ready and cannot serve traffic. The user-provided container failed to start/,
    );
    expect(text).toMatch(/:x: ConfigurationsReady: Revision .worker-\d+-\w+. is not ready and cannot serve traffic.\n/); // the demo worker's failed revision
    expect(text).toContain('*Last deploy*\nnone');
  });

  it('shows the last deploy recorded in the store', async () => {
    const deploy: Deployment = {
      id: 'd-1',
      service: 'web',
      environment: 'prod',
      ref: 'main',
      sha: 'abcdef1234567890',
      status: 'succeeded',
      requestedBy: 'U0SAM00002',
      requestedAt: '2026-11-20T10:00:00.000Z',
      strategy: 'cloud-run',
      approvers: [],
      requiredApprovals: 0,
      approvals: [],
      steps: [],
    };
    await h.bot.store.create(DEPLOYMENTS, deploy.id, deploy);
    await h.bot.store.create(DEPLOYMENTS, 'd-0', {
      ...deploy,
      id: 'd-0',
      sha: '0000000aaaaaaa',
      requestedAt: '2026-11-19T10:00:00.000Z',
    });
    await h.slack.slashCommand({ text: '/ops status web', channel: 'ops' });
    const report = await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status: web')),
    );
    const text = textOf(report);
    expect(text).toContain('`abcdef1` to prod by <@U0SAM00002> · succeeded');
    expect(text).toContain('2026-11-20 11:00 Europe/Berlin');
    expect(text).not.toContain('0000000');
  });

  it('keeps reporting the other services when Cloud Run fails for one, and says what to do', async () => {
    h.cloudRun.faults.inject(
      /GET \/v2\/projects\/demo-project\/locations\/europe-west1\/services\/api$/,
      {
        kind: 'status',
        status: 403,
        body: { error: { code: 403, status: 'PERMISSION_DENIED', message: "Permission 'run.services.get' denied" } },
      },
      10,
    );
    const before = h.slack.messagesIn('ops').length;
    await h.slack.slashCommand({ text: '/ops status', channel: 'ops' });
    const report = await h.slack.waitFor(() =>
      h.slack
        .messagesIn('ops')
        .slice(before)
        .find((m) => m.text.startsWith('Service Status')),
    );
    h.cloudRun.faults.clear();
    const text = textOf(report);
    expect(text).toContain('roles/run.viewer');
    expect(text).toContain((await liveService('web')).uri);
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
  // A status request: if any handler ran, the Cloud Run stand-in would be asked about the services.
  const body =
    'command=%2Fops&text=status&user_id=U0ALEX0001&channel_id=C1&response_url=http%3A%2F%2F127.0.0.1%3A9%2F&trigger_id=1';
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  async function expectNothingRan(send: () => Promise<number>) {
    await settle();
    const before = h.cloudRun.requests.length;
    expect(await send()).toBe(401);
    await settle();
    expect(h.cloudRun.requests.length).toBe(before);
  }

  it('rejects an unsigned request with 401 and runs nothing', async () => {
    await expectNothingRan(
      async () =>
        (
          await fetch(`${h.botUrl}/slack/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          })
        ).status,
    );
  });

  it('rejects a bad signature with 401 and runs nothing', async () => {
    await expectNothingRan(
      async () =>
        (await h.slack.sendRaw(body, 'application/x-www-form-urlencoded', { signingSecret: 'not-the-secret-at-all' }))
          .status,
    );
  });

  it('rejects a request signed more than 5 minutes ago with 401 and runs nothing', async () => {
    await expectNothingRan(
      async () =>
        (
          await h.slack.sendRaw(body, 'application/x-www-form-urlencoded', {
            timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
          })
        ).status,
    );
  });

  it('runs the same request when it is signed (the check above can fail)', async () => {
    const before = h.cloudRun.requests.length;
    expect((await h.slack.sendRaw(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    await h.slack.waitFor(() => h.cloudRun.requests.length > before);
  });
});

describe('health', () => {
  it('answers /healthz with the mode and store', async () => {
    const response = await fetch(`${h.botUrl}/healthz`);
    expect(await response.json()).toMatchObject({ ok: true, mode: 'http', store: 'sqlite' });
  });
});
