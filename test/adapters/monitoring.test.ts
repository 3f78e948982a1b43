import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleCredentialsFor } from '../../src/adapters/google-auth.js';
import { createMonitoringSource } from '../../src/adapters/monitoring/index.js';
import { CloudRunStandin } from '../../sandbox/cloud-run-standin.js';
import { DEMO_PROJECT, DEMO_REGION, demoCloudRunServices, demoRevisionName } from '../../sandbox/demo-cloud.js';
import { MonitoringStandin } from '../../sandbox/monitoring-standin.js';
import { portErrorOf } from '../support/port-error.js';

/** Cloud Monitoring's timeSeries.list over REST against its stand-in: the query as the REST reference names it. */

let cloudRun: CloudRunStandin;
let monitoring: MonitoringStandin;
const revision = demoRevisionName('api', 21);
const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const query = {
  location: { project: DEMO_PROJECT, region: DEMO_REGION, service: 'api' },
  revisions: [revision],
  start: new Date(end.getTime() - 5 * 60_000),
  end,
  alignmentSeconds: 60,
};
const source = () =>
  createMonitoringSource({
    endpoint: monitoring.url,
    credentials: googleCredentialsFor(monitoring.url),
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 40 },
  });

beforeEach(async () => {
  cloudRun = new CloudRunStandin().seed(demoCloudRunServices());
  monitoring = new MonitoringStandin({ cloudRun });
  await Promise.all([cloudRun.start(), monitoring.start()]);
});
afterEach(async () => Promise.all([cloudRun.close(), monitoring.close()]));

describe('Cloud Monitoring over REST', () => {
  it('asks with RFC 3339 times, a duration, enum names and repeated groupByFields, and follows nextPageToken', async () => {
    monitoring.pointsPerPage = 1;
    const byRevision = await source().revisionMetrics(query);
    const periods = byRevision.get(revision) ?? [];
    expect(periods.length).toBeGreaterThan(0);
    expect(periods.every((p) => p.end.getTime() <= end.getTime() && p.latency !== undefined)).toBe(true);
    const asked = monitoring.requests.map((r) => new URL(r.split(' ')[1]!, 'http://x').searchParams);
    const counts = asked.find((q) => q.get('filter')?.includes('request_count') && !q.get('pageToken'));
    expect(counts?.get('interval.startTime')).toBe(query.start.toISOString());
    expect(counts?.get('interval.endTime')).toBe(end.toISOString());
    expect(counts?.get('aggregation.alignmentPeriod')).toBe('60s');
    expect(counts?.get('aggregation.perSeriesAligner')).toBe('ALIGN_DELTA');
    expect(counts?.get('aggregation.crossSeriesReducer')).toBe('REDUCE_SUM');
    expect(counts?.getAll('aggregation.groupByFields')).toEqual([
      'resource.labels.revision_name',
      'metric.labels.response_code_class',
    ]);
    expect(counts?.get('view')).toBe('FULL');
    expect(asked.some((q) => q.get('pageToken'))).toBe(true);
  });

  it("a refusal names the project and the role, in the adapter's words", async () => {
    monitoring.faults.inject(`GET /v3/projects/${DEMO_PROJECT}/timeSeries`, {
      kind: 'status',
      status: 403,
      body: { error: { code: 403, status: 'PERMISSION_DENIED', message: 'Permission denied' } },
    });
    const refused = await portErrorOf(source().revisionMetrics(query));
    expect([refused.code, refused.message]).toEqual([
      'permission_denied',
      `The bot may not read Cloud Monitoring metrics of project ${DEMO_PROJECT}: grant its service account roles/monitoring.viewer`,
    ]);
  });
});
