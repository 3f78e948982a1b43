import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderIncidentCard } from '../../../blocks/incident-card.js';
import { renderPostmortem, postmortemIssue } from '../../../blocks/incident-postmortem.js';
import { renderTimeline } from '../../../blocks/incident-timeline.js';
import { declareModal, resolveModal, updateModal } from '../../../blocks/incident-modals.js';
import type { Message } from '../../../blocks/kit.js';
import type { ConfigError } from '../../../src/config/issues.js';
import { parseConfig } from '../../../src/config/load-config.js';
import type { Deployment } from '../../../src/domain/deployment.js';
import type { Incident, TimelineEntry } from '../../../src/domain/incident.js';

const long = (n: number) => 'x'.repeat(n);
const incident: Incident = {
  id: 'INC-42',
  number: 42,
  title: long(120),
  severity: 'P0',
  status: 'monitoring',
  open: false,
  services: ['api', 'web', 'worker'],
  impact: long(5000),
  roles: { commander: 'U0ALEX0001', scribe: 'U0SAM00002' },
  declaredBy: 'U0ALEX0001',
  declaredAt: '2026-11-22T09:00:00Z',
  nextUpdateDue: null,
  missedUpdates: 0,
  locks: [],
  setupProblems: Array.from({ length: 30 }, (_, i) => `Could not invite <@U0000${i}>: ${long(200)}`),
  resolution: {
    at: '2026-11-22T11:00:00Z',
    by: 'U0SAM00002',
    summary: long(4000),
    rootCause: long(4000),
    preventive: long(4000),
    actions: Array.from({ length: 40 }, (_, i) => ({ text: `action ${i} ${long(80)}`, owner: 'U0SAM00002' })),
  },
};
const entries: TimelineEntry[] = Array.from({ length: 600 }, (_, i) => ({
  id: `INC-42.${i}`,
  incidentId: 'INC-42',
  at: new Date(Date.parse('2026-11-22T09:00:00Z') + i * 60_000).toISOString(),
  actor: 'U0JO000003',
  kind: 'pinned',
  text: `<!channel> note ${i} ${long(300)}`,
}));
const deploy = (id: string): Deployment => ({
  id,
  service: 'api',
  environment: 'prod',
  ref: 'main',
  sha: 'abcdef1234567',
  status: 'succeeded',
  requestedBy: 'U0SAM00002',
  requestedAt: '2026-11-22T08:00:00Z',
  strategy: 'cloud-run',
  approvers: [],
  requiredApprovals: 0,
  approvals: [],
  steps: [],
  commitTitle: long(500),
});

function withinSlackLimits(m: Message): void {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  expect(m.text.length).toBeLessThanOrEqual(4000);
  for (const block of m.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[]) {
    if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    if (block.type === 'header' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(150);
  }
}

describe('incident messages stay within Slack limits', () => {
  it('the card', () => {
    withinSlackLimits(
      renderIncidentCard({
        incident: { ...incident, open: true, resolution: undefined },
        deploys: [deploy('a'), deploy('b'), deploy('c')],
        timeZone: 'UTC',
        now: new Date(),
        locked: ['api'],
      }),
    );
    withinSlackLimits(renderIncidentCard({ incident, deploys: [], timeZone: 'UTC', now: new Date(), locked: [] }));
  });

  it('the timeline and the postmortem of a long incident, without re-broadcasting @channel', () => {
    const timeline = renderTimeline(incident, entries, 'Europe/Berlin');
    withinSlackLimits(timeline);
    expect(JSON.stringify(timeline)).not.toContain('<!channel>');
    const postmortem = renderPostmortem({ incident, timeline: entries, timeZone: 'UTC', repo: 'acme/api' });
    withinSlackLimits(postmortem);
    expect(JSON.stringify(postmortem.blocks)).toContain('action 39'); // the timeline never pushes the action items out
    expect(postmortemIssue({ incident, timeline: entries, timeZone: 'UTC' }, () => 'sam').body).toContain(
      '- [ ] action 39',
    );
  });

  it('the modals respect the title and option limits', () => {
    for (const view of [
      declareModal({ declarer: 'U0ALEX0001', services: ['api'], channel: 'C1' }),
      updateModal(incident, 'C1', 15),
      resolveModal(incident, 'C1'),
    ]) {
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.submit!.text.length).toBeLessThanOrEqual(24);
      const options = (
        view.blocks as { element?: { options?: { text: { text: string }; description?: { text: string } }[] } }[]
      ).flatMap((b) => b.element?.options ?? []);
      for (const o of options)
        expect(Math.max(o.text.text.length, o.description?.text.length ?? 0)).toBeLessThanOrEqual(75);
    }
  });
});

describe('the incidents: section of chatops.yml', () => {
  const example = readFileSync('chatops.example.yml', 'utf8');
  const without = example.slice(0, example.indexOf('\nincidents:')) + example.slice(example.indexOf('\nservices:'));
  const problems = (yaml: string): string[] => {
    try {
      parseConfig(yaml, 'chatops.yml');
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it('defaults: P0 15 min, P1 30, P2 2 h, P3 none; prod deploys locked; no archiving, no GitHub issue', () => {
    expect(parseConfig(without, 'chatops.yml').incidents).toEqual({
      updateCadenceMinutes: { P0: 15, P1: 30, P2: 120, P3: null },
      responders: { bySeverity: { P0: [], P1: [], P2: [], P3: [] }, byService: {} },
      lockProdDeploys: true,
      postmortem: { labels: ['postmortem'] },
    });
  });

  it('the example sets every key', () => {
    expect(parseConfig(example, 'chatops.example.yml').incidents).toMatchObject({
      escalation: '@sre-team',
      archiveAfterDays: 7,
      postmortem: { github: { owner: 'acme', repo: 'api' } },
      responders: { byService: { api: ['U0JO000003'] } },
    });
  });

  it('names the key path of a bad value', () => {
    expect(problems(example.replace('P1: 30,', 'P1: 0,'))).toEqual([
      'incidents.updateCadenceMinutes.P1: expected a number ≥ 1',
    ]);
    expect(problems(example.replace('escalation: "@sre-team"', 'escalation: "U0ALEX0001"'))).toEqual([
      'incidents.escalation: expected a user group ID (S…) or a group handle (@team)',
    ]);
    expect(problems(example.replace('lockProdDeploys: true', 'lockProdDeploy: true'))).toContain(
      'incidents.lockProdDeploy: unknown key (check the spelling; see chatops.example.yml)',
    );
  });
});
