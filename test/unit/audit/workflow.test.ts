import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { literalFacts } from '../../../src/domain/audit-literal.js';
import { PortError } from '../../../src/domain/errors.js';
import { runAuditDigest } from '../../../src/workflows/audit/digest.js';
import { runAudit } from '../../../src/workflows/audit/run-audit.js';
import { createUnitContext, exampleConfig, type UnitContext } from '../../support/unit-context.js';

const DAY = 86_400_000;
const exposed = { ingress: 'INGRESS_TRAFFIC_ALL', invokerIamDisabled: false, invokers: ['allUsers'], literals: [] };

describe('the audit workflow', () => {
  let u: UnitContext;
  beforeEach(async () => {
    u = await createUnitContext();
  });
  afterEach(async () => {
    await u.close();
  });

  it('opens a finding once, and resolves it only when the check that found it ran and no longer finds it', async () => {
    u.security.exposures.set('worker', exposed);
    const first = await runAudit(u.ctx, 'all');
    expect(first.opened.map((f) => f.detail.kind)).toContain('run-public');
    expect((await runAudit(u.ctx, 'all')).opened).toEqual([]);

    u.security.failing.set(
      'exposure',
      new PortError('permission_denied', 'missing role roles/run.viewer', 'Cloud Run'),
    );
    const blind = await runAudit(u.ctx, 'all');
    expect(blind.resolved).toEqual([]); // a check that could not run resolves nothing
    expect(blind.notChecked.some((n) => n.role === 'roles/run.viewer')).toBe(true);

    u.security.failing.clear();
    u.security.exposures.delete('worker');
    const fixed = await runAudit(u.ctx, 'api'); // another service's audit leaves worker's finding alone
    expect(fixed.resolved).toEqual([]);
    const resolved = await runAudit(u.ctx, 'worker');
    expect(resolved.resolved.map((f) => f.key)).toEqual(['run-public:demo-project/europe-west1/worker']);
    expect((await u.audit('audit:worker')).map((e) => e.action)).toContain('audit.findings');
  });

  it('reads secrets from metadata: no rotation, overdue, many enabled versions', async () => {
    const now = u.clock.now().getTime();
    const at = (days: number) => new Date(now - days * DAY).toISOString();
    u.security.secretList = [
      { name: 'old', createTime: at(300), versions: [{ name: '1', state: 'enabled', createTime: at(120) }] },
      {
        name: 'many',
        createTime: at(30),
        rotation: { nextRotationTime: at(-10) },
        versions: [4, 3, 2, 1].map((n) => ({ name: String(n), state: 'enabled' as const, createTime: at(n) })),
      },
      {
        name: 'fine',
        createTime: at(30),
        rotation: {},
        versions: [{ name: '1', state: 'enabled', createTime: at(5) }],
      },
    ];
    const { findings } = await runAudit(u.ctx, 'all');
    const secret = findings.filter((f) => f.detail.kind.startsWith('secret-')).map((f) => [f.detail.kind, f.severity]);
    expect(secret).toEqual([
      ['secret-overdue', 'high'],
      ['secret-no-rotation', 'medium'],
      ['secret-old-versions', 'medium'],
    ]);
  });

  it("checks the bot's own config: prod without approval, self-approval, a long break-glass list, jobs without OIDC", async () => {
    const config = exampleConfig({
      allowSelfApproval: true,
      breakGlass: ['U0A0000001', 'U0A0000002', 'U0A0000003', 'U0A0000004'],
    });
    config.services.web!.environments.prod!.requiresApproval = false;
    const v = await createUnitContext({ config });
    v.security.jobEndpoints = [{ path: '/jobs/security-audit', oidc: false, sharedSecret: true }];
    const kinds = (await runAudit(v.ctx, 'all')).findings.filter((f) => f.check === 'bot').map((f) => f.detail);
    expect(kinds).toEqual([
      { kind: 'bot-prod-no-approval', service: 'web', environment: 'prod' },
      { kind: 'bot-break-glass', count: 4, max: 3 },
      { kind: 'bot-jobs-no-oidc', endpoints: ['/jobs/security-audit'] },
      { kind: 'bot-self-approval' },
    ]);
    await v.close();
  });

  it('keeps a fingerprint of a literal, never the value, and tells secrets from settings', () => {
    expect(literalFacts('PAYMENT_API_TOKEN', 'abc')).toEqual({
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{8}$/),
      secretLike: 'name',
    });
    expect(literalFacts('LOG_LEVEL', 'info').secretLike).toBeUndefined();
    expect(literalFacts('UPSTREAM', 'Zx9kQ2mV7pL4sT8wR1nB6cY3').secretLike).toBe('entropy');
    expect(literalFacts('HOMEPAGE', 'https://example.com/a/b/c/d/e/f').secretLike).toBeUndefined();
    expect(JSON.stringify(literalFacts('DB_PASSWORD', 'hunter2-secret'))).not.toContain('hunter2');
  });

  it('a digest that keeps failing is retried, then told in the channel once', async () => {
    const occurrence = new Date('2026-11-23T07:00:00Z');
    u.ctx.auditPublisher.postDigest = async () => {
      throw new PortError('unavailable', 'Slack is down', 'Slack');
    };
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await runAuditDigest(u.ctx, occurrence, 'schedule')).status);
    expect(statuses).toEqual(['retry-scheduled', 'retry-scheduled', 'failed', 'failed']);
    expect(u.auditPublisher.notices).toEqual([
      'The weekly security digest could not be posted after 3 attempts. Run /audit all for the report.',
    ]);
  });
});
