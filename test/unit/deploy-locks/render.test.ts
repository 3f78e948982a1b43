import { describe, expect, it } from 'vitest';
import { renderDeployHistory } from '../../../blocks/deploy-history.js';
import { renderDeployHome } from '../../../blocks/deploy-home.js';
import { parseDuration, parseLockArgs } from '../../../commands/deploy/locks.js';
import type { Deployment } from '../../../src/domain/deployment.js';
import type { DeployLock } from '../../../src/domain/lock.js';
import { textOf } from '../../support/text.js';

const now = new Date('2026-11-24T10:00:00Z');
const deploy = (i: number, status: Deployment['status']): Deployment => ({
  id: `d-${i}`,
  service: 'api',
  environment: 'prod',
  ref: 'main',
  sha: `${i}`.padStart(12, 'a'),
  strategy: 'cloud-run',
  status,
  requestedBy: 'U0ALEX0001',
  requestedAt: now.toISOString(),
  approvers: [],
  requiredApprovals: 1,
  approvals: [],
  steps: [],
});
const lock = (i: number): DeployLock => ({
  service: `svc-${i}`,
  environment: 'prod',
  holder: 'U0SAM00002',
  reason: 'x'.repeat(400),
  createdAt: now.toISOString(),
  expiresAt: '2026-11-24T11:00:00Z',
});

describe('Block Kit limits', () => {
  it('App Home stays within 100 blocks however long the lists, and counts what it leaves out', () => {
    const many = Array.from({ length: 40 }, (_, i) => i);
    const view = renderDeployHome(
      {
        awaitingMe: many.map((i) => ({ deployment: deploy(i, 'pending') })),
        inFlight: many.map((i) => ({ deployment: deploy(i, 'running') })),
        locks: many.map(lock),
        now,
      },
      'UTC',
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = textOf({ text: '', blocks: view.blocks });
    expect(text.match(/…and 25 more\./g)).toHaveLength(3);
    expect(text).toContain('*Active locks* (40)');
    expect(text).not.toContain('x'.repeat(301)); // reasons are cut
  });

  it('history stays within 50 blocks and 3,000 characters a section', () => {
    const long = {
      ...deploy(1, 'failed'),
      commitTitle: 'T'.repeat(5000),
      error: 'E'.repeat(5000),
      ref: 'r'.repeat(300),
    };
    const message = renderDeployHistory({
      service: 'api',
      deploys: Array.from({ length: 10 }, () => long),
      timeZone: 'UTC',
      now,
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks)
      if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
  });
});

describe('/deploy lock arguments', () => {
  it.each([
    ['30m', 30],
    ['2h', 120],
    ['1h30m', 90],
    ['1d', 1440],
    ['24h', 1440],
    ['90M', 90],
    ['1m', 1],
  ])('--for %s is %i minutes', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes * 60_000);
  });

  it.each([
    ['0m', 'at least 1 minute'],
    ['25h', 'at most 24h'],
    ['1d1m', 'at most 24h'],
    ['2 h', 'is not a duration'],
    ['h', 'is not a duration'],
    ['-1h', 'is not a duration'],
    ['1.5h', 'is not a duration'],
  ])('--for %s is refused', (text, problem) => {
    expect(parseDuration(text)).toContain(problem);
  });

  it('takes --for anywhere after the environment, and the rest as the reason', () => {
    expect(parseLockArgs(['api', 'prod', 'db', '--for', '2h', 'migration'])).toEqual({
      service: 'api',
      environment: 'prod',
      durationMs: 7_200_000,
      reason: 'db migration',
    });
    expect(parseLockArgs(['api', 'prod', '--for=45m'])).toEqual({
      service: 'api',
      environment: 'prod',
      durationMs: 2_700_000,
      reason: '',
    });
    expect(parseLockArgs(['api', 'prod'])).toEqual({
      service: 'api',
      environment: 'prod',
      durationMs: 3_600_000,
      reason: '',
    });
    expect(parseLockArgs(['api', '--for', '2h'])).toHaveProperty('problem');
    expect(parseLockArgs(['api', 'prod', 'r'.repeat(301)])).toEqual({
      problem: 'Keep the reason under 300 characters (it has 301).',
    });
  });
});
