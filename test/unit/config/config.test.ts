import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/env.js';
import { problemsOf } from '../../support/problems.js';
import { loadConfigFile, parseConfig } from '../../../src/config/load-config.js';

const example = readFileSync('chatops.example.yml', 'utf8');

describe('chatops.yml', () => {
  it('accepts the example, with defaults filled in', () => {
    const config = parseConfig(example, 'chatops.example.yml');
    expect(Object.keys(config.services)).toEqual(['api', 'web', 'worker']);
    expect(config.services.api?.environments.prod).toMatchObject({
      requiresApproval: true,
      minApprovals: 1,
      approvers: ['@sre-team', 'U0SAM00002'],
    });
    expect(config.services.web?.defaultBranch).toBe('main');
    expect(config.timezone).toBe('Europe/Berlin');
  });

  it('names the exact key path of a bad value', () => {
    const bad = example.replace('minApprovals: 1', 'minApprovals: 0');
    expect(problemsOf(() => parseConfig(bad, 'chatops.yml'))).toEqual([
      'services.api.environments.prod.minApprovals: expected a number ≥ 1',
    ]);
  });

  it('names a misspelt key', () => {
    const bad = example.replace(
      'requiresApproval: false\n        channel: "#deploys-staging"',
      'requireApproval: false\n        channel: "#deploys-staging"',
    );
    expect(problemsOf(() => parseConfig(bad, 'chatops.yml'))).toContain(
      'services.api.environments.staging.requireApproval: unknown key (check the spelling; see chatops.example.yml)',
    );
  });

  it.each([
    ['monthly: 4000', 'monthly: lots', 'budget.monthly: expected a number, got "lots"'],
    [
      'timezone: Europe/Berlin',
      'timezone: Mars/Olympus',
      'timezone: expected an IANA time zone such as Europe/Berlin or UTC',
    ],
    [
      'deploys: "#deploys"',
      'deploys: "deploys channel"',
      'channels.deploys: expected a channel ID (C0123ABCD) or a #channel-name',
    ],
    [
      'region: europe-west1, service: api }',
      'region: europe-west1, service: API_1 }',
      'services.api.cloudRun.service: expected a Cloud Run service name (lowercase letters, digits, dashes)',
    ],
    [
      'approvers: ["@sre-team"], channel',
      'approvers: [], channel',
      'services.web.environments.prod.approvers: requiresApproval is true, so list at least one approver',
    ],
    ['leaseSeconds: 60', 'leaseSeconds: 2', 'deploy.leaseSeconds: expected a number ≥ 5'],
    ['leaseSeconds: 60', 'leaseSeconds: 3600', 'deploy.leaseSeconds: expected a number ≤ 600'],
    ['leaseSeconds: 60', 'leaseSeconds: 1m', 'deploy.leaseSeconds: expected a number, got "1m"'],
    [
      'staging: { requiresApproval: false, channel: "#deploys-staging" }',
      'staging: { requiresApproval: false, channel: "#deploys-staging", rollback: { requiresApproval: true } }',
      "services.web.environments.staging.rollback.approvers: rollback.requiresApproval is true, so list at least one approver here or in the environment's approvers",
    ],
    [
      'api: [U0JO000003]',
      'apii: [U0JO000003]',
      'incidents.responders.byService.apii: no service "apii" in services (known: api, web, worker)',
    ],
  ])('explains %s → %s', (from, to, problem) => {
    expect(problemsOf(() => parseConfig(example.replace(from, to), 'chatops.yml'))).toContain(problem);
  });

  it('holds a rollout lease for deploy.leaseSeconds, 60 s unless set', () => {
    expect(parseConfig(example, 'chatops.example.yml').deploy.leaseSeconds).toBe(60);
    expect(parseConfig(example.replace(/\n {2}leaseSeconds: 60\n/, '\n'), 'chatops.yml').deploy.leaseSeconds).toBe(60);
    expect(parseConfig(example.replace('leaseSeconds: 60', 'leaseSeconds: 5'), 'chatops.yml').deploy.leaseSeconds).toBe(
      5,
    );
  });

  it('requires staging and prod', () => {
    const bad = example.replace(
      '      staging: { requiresApproval: false, channel: "#deploys-staging" }\n      prod: { requiresApproval: true, approvers: ["@sre-team"], channel: "#deploys" }',
      '      prod: { requiresApproval: true, approvers: ["@sre-team"], channel: "#deploys" }',
    );
    expect(problemsOf(() => parseConfig(bad, 'chatops.yml'))).toContain(
      'services.web.environments: expected at least the environments staging and prod',
    );
  });

  it('reports a missing section and broken YAML', () => {
    expect(problemsOf(() => parseConfig('timezone: UTC\n', 'x.yml'))).toContain(
      'channels: required (expected an object)',
    );
    expect(problemsOf(() => parseConfig('services: [\n', 'x.yml'))[0]).toMatch(/^not valid YAML at line \d/);
  });

  it('says when the file is missing', () => {
    expect(problemsOf(() => loadConfigFile('/nonexistent/chatops.yml'))).toEqual([
      'file not found (set CHATOPS_CONFIG to your chatops.yml)',
    ]);
  });
});

describe('environment', () => {
  it('is the sandbox with no Slack tokens, with documented defaults', () => {
    const settings = loadSettings({});
    expect(settings).toMatchObject({
      port: 3000,
      slack: { kind: 'sandbox' },
      store: { kind: 'sqlite' },
      logLevel: 'info',
      dataDir: '.chatops',
    });
  });

  it('picks HTTP mode with a bot token and signing secret, Socket Mode with an app token', () => {
    expect(loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret-123' }).slack.kind).toBe('http');
    expect(loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.kind).toBe('socket');
  });

  it('names the variable and never echoes a secret value', () => {
    const problems = problemsOf(() =>
      loadSettings({
        SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
        SLACK_SIGNING_SECRET: 'abcdefgh12345',
        PORT: 'eighty',
      }),
    );
    expect(problems).toContain('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
    expect(problems.some((p) => p.startsWith('PORT: expected a number'))).toBe(true);
    expect(problems.join('\n')).not.toContain('xoxp-user-token-secret');
  });

  it.each([
    [
      { SLACK_BOT_TOKEN: 'xoxb-1' },
      'SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    ],
    [
      { SLACK_SIGNING_SECRET: 'abcdefgh' },
      'SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (unset all three for the sandbox)',
    ],
    [{ STORE: 'firestore' }, 'GOOGLE_CLOUD_PROJECT: required when STORE=firestore'],
    [{ STORE: 'postgres' }, 'STORE: expected one of "sqlite", "firestore"'],
    [{ CLOUD_RUN_API_ENDPOINT: 'localhost:8080' }, 'CLOUD_RUN_API_ENDPOINT: expected http://host:port'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of "trace", "debug", "info", "warn", "error", "fatal", "silent"'],
  ])('%o → %s', (env, problem) => {
    expect(problemsOf(() => loadSettings(env))).toContain(problem);
  });
});
