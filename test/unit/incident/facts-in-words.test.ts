/** What the incident and cost workflows report as facts, in the words users read (blocks/ as pure functions). */
import { describe, expect, it } from 'vitest';
import { actionText } from '../../../blocks/cost-actions.js';
import { incidentPurpose, incidentTopic } from '../../../blocks/incident-channel.js';
import { entryText } from '../../../blocks/incident-entry.js';
import { problemText, refusalText } from '../../../blocks/incident-refusals.js';
import { timelineLines } from '../../../blocks/incident-timeline.js';
import type { Anomaly, Opportunity } from '../../../src/domain/cost.js';
import type { TimelineFact, WordedEntry } from '../../../src/domain/incident-facts.js';
import type { Incident, TimelineEntry } from '../../../src/domain/incident.js';

const ALEX = 'U0ALEX0001';
const SAM = 'U0SAM00002';
const JO = 'U0JO000003';
const TZ = 'Europe/Berlin';

const incident: Incident = {
  id: 'INC-7',
  number: 7,
  title: 'Checkout <b>returns</b> 500',
  severity: 'P1',
  status: 'identified',
  open: true,
  services: ['api', 'web'],
  impact: 'Being assessed',
  roles: { commander: ALEX },
  declaredBy: SAM,
  declaredAt: '2026-11-22T09:00:00Z',
  nextUpdateDue: null,
  missedUpdates: 0,
  locks: ['api.prod.INC-7'],
  setupProblems: [],
};

const entry = (fact: TimelineFact | WordedEntry): TimelineEntry => ({
  id: 'INC-7.x',
  incidentId: 'INC-7',
  at: '2026-11-22T09:05:00Z',
  actor: SAM,
  ...fact,
});

describe('timeline facts in words', () => {
  it('says each kind as the timeline always said it', () => {
    const said = [
      entry({ kind: 'declared', severity: 'P1', title: 'Checkout returns 500', commander: ALEX }),
      entry({ kind: 'status', from: 'investigating', to: 'identified', summary: 'Bad config' }),
      entry({ kind: 'status', from: 'identified', to: 'identified', summary: 'Still bad' }),
      entry({ kind: 'severity', from: 'P2', to: 'P0', locked: ['api'], released: [] }),
      entry({ kind: 'severity', from: 'P0', to: 'P2', locked: [], released: ['api', 'web'] }),
      entry({ kind: 'role', role: 'scribe', user: JO }),
      entry({ kind: 'role', role: 'commander', user: SAM, previous: ALEX }),
      entry({
        kind: 'deploy',
        deploymentId: 'd1',
        service: 'api',
        environment: 'prod',
        outcome: 'rolled_back',
        sha: 'c0ffee123456',
        commitTitle: 'feat: x',
        revision: 'api-d1',
      }),
      entry({ kind: 'deploy', deploymentId: 'd2', service: 'api', environment: 'prod', outcome: 'failed' }),
      entry({ kind: 'rollback', service: 'api', environment: 'prod', ok: true, revision: 'api-00001' }),
      entry({ kind: 'reminder', commander: ALEX, missed: 1 }),
      entry({ kind: 'escalation', group: '@sre-team', missed: 2 }),
      entry({ kind: 'resolved', durationMs: 65 * 60_000, summary: 'Reverted' }),
      entry({ kind: 'pinned', text: 'Error rate <!channel> drops' }),
      entry({ kind: 'pinned', text: '' }),
      entry({ kind: 'pinned' }),
    ].map(entryText);
    expect(said).toEqual([
      `Declared P1: Checkout returns 500. Commander <@${ALEX}>.`,
      'Status investigating → identified: Bad config',
      'Update (identified): Still bad',
      'Severity P2 → P0. Prod deploys of api locked.',
      'Severity P0 → P2. Prod deploy lock of api, web released.',
      `Scribe: <@${JO}>`,
      `Incident commander: <@${SAM}> (was <@${ALEX}>)`,
      'Deploy of api to prod rolled back: `c0ffee1` (feat: x), revision `api-d1`.',
      'Deploy of api to prod failed: d2.',
      'Rollback of api in prod done: traffic on `api-00001`.',
      `Reminded <@${ALEX}>: status update overdue (1 missed).`,
      'No update for 2 reminders: escalated to @sre-team.',
      'Resolved after 1h 5m: Reverted',
      'Error rate <!channel> drops',
      '(a message without text)',
      '(the message could not be read; follow the link)',
    ]);
  });

  it('shows an entry stored with its words before entries carried facts exactly as a new one', () => {
    const stored = entry({ kind: 'role', text: `Scribe: <@${JO}>` });
    const recorded = entry({ kind: 'role', role: 'scribe', user: JO });
    expect(entryText(stored)).toBe(`Scribe: <@${JO}>`);
    expect(timelineLines([stored], TZ)).toEqual(timelineLines([recorded], TZ));
    const pinnedBefore = entry({ kind: 'pinned', text: '(the message could not be read; follow the link)' });
    expect(timelineLines([pinnedBefore], TZ)).toEqual(timelineLines([entry({ kind: 'pinned' })], TZ));
  });
});

describe('incident refusals and problems in words', () => {
  const breakGlass = [ALEX, SAM];
  it('names who may, and what the refused change would have done', () => {
    expect(refusalText({ kind: 'not-allowed', incident, change: { kind: 'resolve' }, allowed: breakGlass })).toBe(
      `Only the incident commander, <@${ALEX}>, or a break-glass user (<@${SAM}>) can resolve INC-7. Ask them, or post an update instead. Nothing was changed.`,
    );
    expect(refusalText({ kind: 'not-allowed', incident, change: { kind: 'commander', to: JO }, allowed: [ALEX] })).toBe(
      `Only the incident commander, <@${ALEX}>, can hand the commander role of INC-7 to someone else: the commander decides when it is lowered or resolved. Ask them. Nothing was changed.`,
    );
    expect(
      refusalText({ kind: 'not-allowed', incident, change: { kind: 'severity', to: 'P3' }, allowed: [ALEX] }),
    ).toBe(
      `Only the incident commander, <@${ALEX}>, can lower INC-7 from P1 to P3: that unlocks prod deploys. Ask them; raising the severity stays open to everyone. Nothing was changed.`,
    );
    const resolved = { ...incident, open: false, resolution: { by: SAM } } as Incident;
    expect(refusalText({ kind: 'already-resolved', incident: resolved })).toBe(
      `INC-7 was resolved already, by <@${SAM}>.`,
    );
  });

  it('says set-up problems, and shows those stored as words as they are', () => {
    expect(problemText({ kind: 'not-invited', user: JO, reason: 'Slack: user_not_found' })).toBe(
      `Could not invite <@${JO}>: Slack: user_not_found`,
    );
    expect(problemText({ kind: 'group-unreadable', group: '@sre', reason: 'not found' })).toBe(
      'Could not read the members of @sre: not found',
    );
    expect(problemText('Could not invite <@U1>: gone')).toBe('Could not invite <@U1>: gone');
  });

  it("words the channel's topic and purpose, the title escaped", () => {
    expect(incidentTopic(incident)).toBe(`INC-7 · P1 · Identified · Commander <@${ALEX}> · api, web`);
    expect(incidentPurpose(incident)).toBe(
      `Checkout &lt;b&gt;returns&lt;/b&gt; 500 — declared by <@${SAM}>. Updates: /incident update · Resolve: /incident resolve`,
    );
    expect(incidentTopic({ ...incident, services: ['x'.repeat(400)] })).toHaveLength(250);
  });
});

describe('cost recommended actions in words', () => {
  const anomaly: Anomaly = {
    service: 'Cloud Run',
    from: '2026-11-15',
    to: '2026-11-16',
    peakDay: '2026-11-16',
    peakAmount: 90,
    baseline: 10,
    excess: 120,
    deploys: [],
  };
  const deploy = {
    id: 'd1',
    service: 'api',
    environment: 'prod',
    sha: 'c0ffee123',
    requestedBy: SAM,
    at: '2026-11-15T09:00:00Z',
    status: 'succeeded',
  };
  const opportunity: Opportunity = {
    rule: 'r',
    title: 'Idle Cloud Run min-instances',
    detail: '',
    monthlySavings: 42,
    risk: 'medium',
    how: '',
  };
  it('says each kind of action with the amounts in the report currency', () => {
    expect(
      [
        actionText({ kind: 'over-budget', over: 250, budget: 1000, monthEnd: '2026-11-30' }, 'USD'),
        actionText({ kind: 'check-deploy', anomaly, deploy }, 'USD'),
        actionText({ kind: 'find-change', anomaly }, 'USD'),
        actionText({ kind: 'saving', opportunity }, 'USD'),
        actionText({ kind: 'nothing-urgent' }, 'USD'),
      ].map((t) => t.replace(/\$[\d,.]+/g, '$N')),
    ).toEqual([
      'The forecast is $N over the $N budget: act on the savings below before Nov 30.',
      'Check deploy `c0ffee1` of api to prod: it lines up with Cloud Run at $N over its baseline (Nov 15–16). `/rollback api prod` if that cost is not intended.',
      'Find what changed in Cloud Run on Nov 15–16 ($N over its baseline): `/cost 2026-11-15..2026-11-16 --by sku`.',
      'Idle Cloud Run min-instances: about $N a month, medium risk.',
      'Nothing urgent: the forecast is within budget, with no anomalies and no sizable savings found.',
    ]);
  });
});
