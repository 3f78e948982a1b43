import { describe, expect, it } from 'vitest';
import { renderAuditDigest, renderAuditReport } from '../../../blocks/audit-report.js';
import { refusalText } from '../../../blocks/refusals.js';
import { LIMITS } from '../../../blocks/kit.js';
import type { AuditReport, Finding } from '../../../src/domain/audit.js';
import { textOf } from '../../support/harness.js';

const site = { service: 'api', environments: ['prod'], location: 'p/europe-west1/api' };
const literal = (n: number): Finding => ({
  key: `k${n}`,
  severity: n % 2 ? 'high' : 'critical',
  check: 'run:p/europe-west1/api',
  project: 'p',
  service: 'api',
  detail: {
    kind: 'run-plaintext-secret',
    site,
    variable: `TOKEN_${n}`,
    container: 'app',
    fingerprint: 'sha256:0123abcd',
    why: 'name',
  },
});
const report = (findings: Finding[]): AuditReport => ({
  scope: 'all',
  projects: ['p'],
  at: '2026-12-07T10:00:00Z',
  findings,
  notChecked: [
    { check: 'secrets:p', what: 'Secret Manager secrets of p', reason: 'refused', role: 'roles/secretmanager.viewer' },
  ],
  ruleChanges: [
    {
      project: 'p',
      release: 'cloud.firestore',
      from: 'a',
      to: 'b',
      at: '2026-12-06T10:00:00Z',
      diff: ['- x'.repeat(2000)],
    },
  ],
  checked: ['run:p/europe-west1/api'],
});

describe('the Security Audit Report in Block Kit', () => {
  it('stays within Slack’s limits with many findings, most severe first, and counts the rest', () => {
    const message = renderAuditReport(report(Array.from({ length: 60 }, (_, i) => literal(i))), 'UTC');
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const block of message.blocks)
      if (block.type === 'section' && block.text)
        expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const text = textOf(message);
    expect(text).toContain('Security Audit: p — 30 critical, 30 high, 0 medium');
    expect(text).toContain('…and 40 more (the counts above include them)');
    expect(text).toContain(
      "Secret Manager secrets of p: refused → grant the bot's service account *roles/secretmanager.viewer*",
    );
  });

  it('a digest with nothing new says so', () => {
    const text = textOf(renderAuditDigest({ report: report([]), opened: [], resolved: [] }, 'UTC'));
    expect(text).toContain('*New since the last audit (0)*\nNone.');
    expect(text).toContain(':white_check_mark: No findings.');
  });

  it('words the prod gate', () => {
    expect(
      refusalText({ kind: 'security-findings', service: 'worker', count: 2, findings: ['run-public', 'rules-probe'] }),
    ).toBe(
      'worker has 2 open CRITICAL security finding(s) (run-public, rules-probe) and audit.gateProdDeploys is on. Fix them (/audit worker shows how), or use --force "reason" (break-glass).',
    );
  });
});
