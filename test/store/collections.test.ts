/**
 * The collection tokens of the domain: their schemas accept the records the bot writes, older ones without the
 * newest fields included, and refuse a damaged one with a message that names the fields.
 */
import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import {
  INCIDENT_COUNTERS,
  INCIDENT_TIMELINE,
  INCIDENTS,
  type Incident,
  type TimelineEntry,
} from '../../src/domain/incident.js';
import { LOCKS, type DeployLock } from '../../src/domain/lock.js';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../src/domain/rollback.js';
import { BUDGET_ALERTS, COST_DIGESTS } from '../../src/workflows/cost/collections.js';

const AT = '2026-11-23T09:00:00.000Z';
/** As stored: JSON, so a Date is its ISO string and undefined fields are gone. */
const stored = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

/** A deploy record of the oldest shape: none of the optional fields added since. */
const oldDeploy: Deployment = {
  id: 'd-1',
  service: 'api',
  environment: 'prod',
  ref: 'main',
  sha: 'a'.repeat(40),
  strategy: 'cloud-run',
  status: 'succeeded',
  requestedBy: 'U1',
  requestedAt: AT,
  approvers: [],
  requiredApprovals: 0,
  approvals: [],
  steps: [],
};

const newDeploy: Deployment = {
  ...oldDeploy,
  status: 'rolled_back',
  approvals: [{ user: 'U2', at: AT }],
  steps: [{ name: 'canary 10%', state: 'done', startedAt: AT, finishedAt: AT, detail: undefined }],
  plan: {
    risk: { level: 'high', reasons: ['prod'] },
    estimateSeconds: 90,
    estimateBasis: 'history',
    checks: [{ name: 'CI', mark: 'pass', detail: 'green', actor: 'U3' }],
    verification: ['health check'],
    changes: { aheadBy: 2, authors: ['sam'], compareUrl: 'https://example.test/c', files: 3 },
  },
  run: { dispatchedAt: AT },
  lease: { owner: 'instance-1', until: AT },
  message: { channel: 'C1', ts: '1.2' },
  stoppedServing: { how: 'superseded', by: 'system', at: AT, supersededBy: { id: 'd-2', sha: 'b'.repeat(40) } },
  servingAgain: { at: AT, by: 'U1' },
};

const incident: Incident = {
  id: 'INC-1',
  number: 1,
  title: 'Checkout returns 500',
  severity: 'P1',
  status: 'investigating',
  open: true,
  services: ['api'],
  impact: 'checkout',
  roles: { commander: 'U1' },
  declaredBy: 'U1',
  declaredAt: AT,
  nextUpdateDue: null,
  missedUpdates: 0,
  archiveAt: null,
  locks: ['api.prod.incident-INC-1'],
  setupProblems: [],
};

const lock: DeployLock = {
  service: 'api',
  environment: 'prod',
  holder: 'incident:INC-1',
  reason: 'P1',
  createdAt: AT,
  expiresAt: null,
};

const rollback: RollbackRequest = {
  id: 'rb-1',
  service: 'api',
  environment: 'prod',
  strategy: 'cloud-run',
  status: 'succeeded',
  requestedBy: 'U1',
  requestedAt: AT,
  expiresAt: AT,
  to: 'api-00001',
  approvers: ['U2'],
  requiredApprovals: 1,
  approvals: [{ user: 'U2', at: AT }],
  result: { strategy: 'cloud-run', to: 'api-00001', ms: 1200 },
};

const timeline: TimelineEntry = {
  id: 't-1',
  incidentId: 'INC-1',
  at: AT,
  actor: 'system',
  kind: 'declared',
  text: 'x',
};

describe('domain collections', () => {
  it.each([
    ['an old deploy', DEPLOYMENTS, oldDeploy],
    ['a deploy with every newer field', DEPLOYMENTS, newDeploy],
    ['an incident', INCIDENTS, incident],
    [
      'a resolved incident',
      INCIDENTS,
      {
        ...incident,
        open: false,
        resolution: { at: AT, by: 'U1', summary: 's', rootCause: 'r', actions: [{ text: 'a' }] },
      },
    ],
    ['a timeline entry', INCIDENT_TIMELINE, timeline],
    ['the incident counter', INCIDENT_COUNTERS, { last: 7 }],
    ['an incident lock', LOCKS, lock],
    ['a user lock', LOCKS, { ...lock, holder: 'U1', expiresAt: AT, remindedAt: AT }],
    ['a rollback request', ROLLBACK_REQUESTS, rollback],
    [
      'a digest',
      COST_DIGESTS,
      {
        occurrence: AT,
        period: { from: '2026-11-16', to: '2026-11-22', label: 'Nov 16–22' },
        state: 'posted',
        trigger: 'schedule',
        attempts: 1,
        owner: 'instance-1',
        leaseUntil: AT,
        report: { channel: 'C1', ts: '1.2' },
        chart: 'posted',
      },
    ],
    ['a budget alert', BUDGET_ALERTS, { scope: 'b:2026-11:actual', threshold: 0.5, state: 'posted', at: AT }],
  ] as const)('%s reads back as stored', (_, collection, record) => {
    expect(collection.parse(stored(record))).toEqual(stored(record));
  });

  it('refuses a damaged record, naming at most three fields and counting the rest', () => {
    expect(() => DEPLOYMENTS.parse({ ...oldDeploy, status: 'done', approvals: 'U2' })).toThrow(
      /^status: Invalid option: expected one of .*; approvals: Invalid input: expected array, received string$/,
    );
    expect(() => DEPLOYMENTS.parse({})).toThrow(/^id: .*; service: .*; environment: .* \(and \d+ more\)$/);
    expect(() => INCIDENT_COUNTERS.parse(null)).toThrow(/^\(record\): Invalid input: expected object/);
  });
});
