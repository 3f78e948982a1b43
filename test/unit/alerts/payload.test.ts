import { describe, expect, it } from 'vitest';
import { parseAlertBody } from '../../../src/app/alerts-payload.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { autoDeclareFor, routeAlert, severityFor } from '../../../src/workflows/alerts/route.js';
import { budgetAlertSignal } from '../../../src/workflows/alerts/sources.js';
import { createUnitContext, exampleConfig } from '../../support/unit-context.js';
import { receiveAlert } from '../../../src/workflows/alerts/receive.js';
import { exampleYamlForTests } from '../../support/test-config.js';
import { problemsOf } from '../../support/problems.js';
import { notification } from '../../alerts/helpers.js';

const NOW = new Date('2026-11-24T13:00:00Z');

describe('parseAlertBody (Cloud Monitoring 1.2)', () => {
  it('reads every field the card shows, and ignores the ones it does not know', () => {
    const parsed = parseAlertBody({ ...notification('0.a', 'open', { startedAt: 1_795_000_000 }), extra: 1 }, NOW);
    expect(parsed).toMatchObject({
      ok: true,
      version: '1.2',
      signal: {
        source: 'monitoring',
        key: '0.a',
        state: 'open',
        policy: 'api: 5xx ratio above 2 %',
        condition: 'Cloud Run Revision - 5xx ratio above 2 %',
        severity: 'Error',
        observed: '0.087',
        threshold: '0.02',
        startedAt: new Date(1_795_000_000_000).toISOString(),
        metric: 'Request Count',
        labels: { team: 'checkout' },
        documentation: 'Look at the last deploy first.',
        resource: { type: 'cloud_run_revision', labels: { service_name: 'api' } },
      },
    });
  });

  it('is lenient where senders differ: upper-case state, ISO or string times, numbers, documentation as text', () => {
    const parsed = parseAlertBody(
      {
        incident: {
          incident_id: 'x',
          state: 'OPEN',
          started_at: '2026-11-24T12:00:00Z',
          observed_value: 0.5,
          threshold_value: { wrong: true },
          documentation: 'plain text',
          url: 'javascript:alert(1)',
          resource: { type: 'gce_instance', labels: { zone: 'europe-west1-b', id: 7 } },
        },
      },
      NOW,
    );
    expect(parsed.ok && parsed.signal).toMatchObject({
      state: 'open',
      startedAt: '2026-11-24T12:00:00.000Z',
      observed: '0.5',
      documentation: 'plain text',
      policy: 'Unnamed alerting policy',
      resource: { labels: { id: '7' } },
    });
    expect(parsed.ok && parsed.signal.threshold).toBeUndefined();
    expect(parsed.ok && parsed.signal.url).toBeUndefined();
    const closed = parseAlertBody({ incident: { incident_id: 'y', state: 'closed', started_at: '1795000000' } }, NOW);
    expect(closed.ok && closed.signal.endedAt).toBe(NOW.toISOString());
  });

  it('says what is missing', () => {
    expect(parseAlertBody({ incident: { state: 'open' } }, NOW)).toEqual({
      ok: false,
      pubsub: false,
      problems: ['incident.incident_id: missing: every notification names its incident'],
    });
    expect(parseAlertBody({ version: '1.2' }, NOW)).toMatchObject({ ok: false, problems: ['incident: missing'] });
    expect(parseAlertBody({ message: { data: '!!!' } }, NOW)).toMatchObject({ ok: false, pubsub: true });
  });
});

describe('routing', () => {
  const config = exampleConfig();
  const signal = (labels: Record<string, string>, resource?: Record<string, string>) => ({
    source: 'monitoring' as const,
    key: 'k',
    state: 'open' as const,
    policy: 'p',
    startedAt: NOW.toISOString(),
    labels,
    ...(resource ? { resource: { type: 'cloud_run_revision', labels: resource } } : {}),
  });

  it('by the Cloud Run service name, a `service` label, or the default channel', () => {
    expect(routeAlert(config, signal({}, { service_name: 'worker', project_id: 'demo-project' }))).toEqual({
      service: 'worker',
      environment: 'prod',
      channel: '#deploys',
    });
    expect(routeAlert(config, signal({ service: 'web', environment: 'staging' }))).toEqual({
      service: 'web',
      environment: 'staging',
      channel: '#deploys-staging',
    });
    expect(routeAlert(config, signal({ service: 'constructor' }))).toEqual({ channel: '#incidents' });
  });

  it('severity and auto-declare from the config', () => {
    expect(severityFor(config, { severity: 'Critical' })).toBe('P1');
    expect(severityFor(config, { severity: 'No severity' })).toBe('P3');
    expect(autoDeclareFor(config, { severity: 'CRITICAL', labels: {} })).toBe('P1');
    expect(autoDeclareFor(config, { severity: 'Error', labels: {} })).toBeUndefined();
    const labelled = parseConfig(
      exampleYamlForTests().replace(
        '- { severity: CRITICAL, declare: P1 }',
        '- { labels: { page: "true" }, declare: P2 }',
      ),
      'chatops.yml',
    );
    expect(autoDeclareFor(labelled, { severity: 'Warning', labels: { page: 'true' } })).toBe('P2');
    expect(autoDeclareFor(labelled, { severity: 'Critical', labels: {} })).toBeUndefined();
  });

  it('config errors name the key path', () => {
    const bad = exampleYamlForTests().replace(
      '- { severity: CRITICAL, declare: P1 }',
      '- { severity: LOUD, declare: P9 }',
    );
    expect(problemsOf(() => parseConfig(bad, 'chatops.yml'))).toEqual([
      'alerts.autoDeclare.0.severity: expected one of "critical", "error", "warning"',
      'alerts.autoDeclare.0.declare: expected one of "P0", "P1", "P2", "P3"',
    ]);
  });
});

describe('other sources', () => {
  it('a budget threshold reads as an alert for the same card', () => {
    expect(
      budgetAlertSignal(
        {
          budgetId: 'b-1',
          budgetName: 'Monthly GCP',
          kind: 'actual',
          threshold: 0.9,
          costAmount: 3620,
          budgetAmount: 4000,
          currency: 'USD',
          month: '2026-11',
          billingAccountId: '010101-ABCDEF-123456',
        },
        NOW,
        'C0COSTS01',
      ),
    ).toMatchObject({
      source: 'budget',
      key: 'b-1.2026-11.actual.90',
      policy: 'Budget “Monthly GCP” crossed 90% for November 2026',
      summary: 'Cost so far $3,620.00 of $4,000.00 (90.5%).',
      observed: '$3,620.00',
      threshold: '$3,600.00',
      severity: 'Warning',
      url: 'https://console.cloud.google.com/billing/010101-ABCDEF-123456/budgets',
      channel: 'C0COSTS01',
    });
  });
});

describe('auto-declare by source', () => {
  it('an Error rule declares for a Cloud Monitoring alert, never for a budget threshold', async () => {
    const config = parseConfig(
      exampleYamlForTests().replace('- { severity: CRITICAL, declare: P1 }', '- { severity: ERROR, declare: P2 }'),
      'chatops.yml',
    );
    const unit = await createUnitContext({ config });
    try {
      const budget = budgetAlertSignal(
        {
          budgetId: 'b-1',
          budgetName: 'Monthly GCP',
          kind: 'actual',
          threshold: 1,
          costAmount: 4010,
          budgetAmount: 4000,
          currency: 'USD',
          month: '2026-11',
        },
        NOW,
        '#costs',
      );
      expect(budget.severity).toBe('Error');
      const fromBudget = await receiveAlert(unit.ctx, budget);
      expect(fromBudget).toMatchObject({ first: true, alert: { route: 'card', channel: '#costs' } });
      expect(fromBudget.autoDeclare).toBeUndefined();
      const parsed = parseAlertBody(notification('0.err', 'open', { service: 'worker' }), NOW);
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      expect((await receiveAlert(unit.ctx, parsed.signal)).autoDeclare).toBe('P2');
    } finally {
      await unit.close();
    }
  });
});
