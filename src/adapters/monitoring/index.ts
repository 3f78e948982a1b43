import { PortError } from '../../domain/errors.js';
import type { MetricPeriod, MetricsSource, RevisionMetricsQuery } from '../../ports/metrics.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../shared/retry.js';
import { createMetricClient, type MonitoringClientSettings } from './client.js';
import { BACKEND, timeoutError, toPortError } from './errors.js';
import {
  histogramOf,
  quote,
  responseClassOf,
  revisionOf,
  timestampOf,
  toNumber,
  toTimestamp,
  type ApiTimeSeries,
} from './mapping.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';

export interface MonitoringOptions extends MonitoringClientSettings {
  /** Warms the client after listen, before ready (src/adapters/shared/vendor-clients.ts); unset: loaded on first use. */
  vendorClients?: VendorClients;
  /** Per API call, each page included (default 15 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const REQUEST_COUNT = 'run.googleapis.com/request_count';
const REQUEST_LATENCIES = 'run.googleapis.com/request_latencies';

/**
 * Cloud Run's request metrics from Cloud Monitoring (`projects.timeSeries.list`): per revision and alignment
 * period, request_count as deltas summed by response class, request_latencies as summed distributions.
 */
export function createMonitoringSource(options: MonitoringOptions = {}): MetricsSource {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const getClient = vendorClient(
    'Cloud Monitoring',
    () =>
      createMetricClient(options).catch((error: unknown) => {
        throw new PortError(
          'unavailable',
          `The Cloud Monitoring client could not start: ${error instanceof Error ? error.message : String(error)}`,
          BACKEND,
        );
      }),
    options.vendorClients,
  );

  async function list(q: RevisionMetricsQuery, metric: string, groupBy: string[]): Promise<ApiTimeSeries[]> {
    const c = await getClient();
    const { project, region, service } = q.location;
    const filter = [
      `metric.type = ${quote(metric)}`,
      'resource.type = "cloud_run_revision"',
      `resource.labels.service_name = ${quote(service)}`,
      `resource.labels.location = ${quote(region)}`,
      `resource.labels.revision_name = one_of(${q.revisions.map(quote).join(', ')})`,
    ].join(' AND ');
    const request = {
      name: `projects/${project}`,
      filter,
      interval: { startTime: toTimestamp(q.start), endTime: toTimestamp(q.end) },
      aggregation: {
        alignmentPeriod: { seconds: q.alignmentSeconds },
        perSeriesAligner: 'ALIGN_DELTA' as const,
        crossSeriesReducer: 'REDUCE_SUM' as const,
        groupByFields: groupBy,
      },
      view: 'FULL' as const,
    };
    return withRetries(
      async () => {
        // Pages are followed (nextPageToken) until the last; the attempt's deadline covers them all.
        const [series] = await c.listTimeSeries(request, { timeout: timeoutMs, retry: null });
        return series;
      },
      { timeoutMs, policy, translate: (e) => toPortError(e, project), timedOut: () => timeoutError(timeoutMs) },
    );
  }

  return {
    async revisionMetrics(q) {
      const [counts, latencies] = await Promise.all([
        list(q, REQUEST_COUNT, ['resource.labels.revision_name', 'metric.labels.response_code_class']),
        list(q, REQUEST_LATENCIES, ['resource.labels.revision_name']),
      ]);
      const byRevision = new Map<string, Map<number, MetricPeriod>>(q.revisions.map((r) => [r, new Map()]));
      const periodOf = (ts: ApiTimeSeries, end: Date): MetricPeriod | undefined => {
        const periods = byRevision.get(revisionOf(ts));
        if (!periods) return undefined;
        let period = periods.get(end.getTime());
        if (!period) periods.set(end.getTime(), (period = { end, requestsByClass: {} }));
        return period;
      };
      for (const ts of counts)
        for (const point of ts.points ?? []) {
          const period = periodOf(ts, timestampOf(point.interval?.endTime));
          const cls = responseClassOf(ts);
          if (period)
            period.requestsByClass[cls] = (period.requestsByClass[cls] ?? 0) + toNumber(point.value?.int64Value);
        }
      for (const ts of latencies)
        for (const point of ts.points ?? []) {
          const histogram = histogramOf(point.value?.distributionValue);
          const period = histogram && periodOf(ts, timestampOf(point.interval?.endTime));
          if (period) period.latency = histogram;
        }
      return new Map(
        [...byRevision].map(([revision, periods]) => [
          revision,
          [...periods.values()].sort((a, b) => a.end.getTime() - b.end.getTime()),
        ]),
      );
    },
    async close() {
      await (await getClient.release())?.close();
    },
  };
}
