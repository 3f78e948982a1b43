import type { MetricPeriod, MetricsSource, RevisionMetricsQuery } from '../../ports/metrics.js';
import type { GoogleCredentials } from '../google-auth.js';
import { allPages, googleRest, queryOf } from '../shared/google-rest.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../shared/retry.js';
import type { VendorClients } from '../shared/vendor-clients.js';
import { BACKEND, timeoutError, toPortError } from './errors.js';
import {
  histogramOf,
  quote,
  responseClassOf,
  revisionOf,
  timestampOf,
  toNumber,
  type ApiTimeSeries,
} from './mapping.js';

export interface MonitoringOptions {
  /** A stand-in ("http://127.0.0.1:8123"); unset: Google's. */
  endpoint?: string;
  /** What the calls authenticate with (`googleCredentialsFor`); unset: Google's default credentials. */
  credentials?: GoogleCredentials;
  /** Loads google-auth-library after listen, before ready (src/adapters/shared/vendor-clients.ts); unset: on first use. */
  vendorClients?: VendorClients;
  /** Per API call, each page a call of its own (default 15 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const REQUEST_COUNT = 'run.googleapis.com/request_count';
const REQUEST_LATENCIES = 'run.googleapis.com/request_latencies';

/**
 * Cloud Run's request metrics from Cloud Monitoring (`projects.timeSeries.list`, REST with google-auth-library:
 * `@google-cloud/monitoring`'s google-gax and protos would cost tens of MB for this one call): per revision and
 * alignment period, request_count as deltas summed by response class, request_latencies as summed distributions.
 */
export function createMonitoringSource(options: MonitoringOptions = {}): MetricsSource {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const call = googleRest({
    baseUrl: options.endpoint ?? 'https://monitoring.googleapis.com',
    credentials: options.credentials ?? (async () => undefined),
    backend: BACKEND,
    role: 'roles/monitoring.viewer',
    timeoutMs,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    timedOut: () => timeoutError(timeoutMs),
    vendorClients: options.vendorClients,
  });

  function list(q: RevisionMetricsQuery, metric: string, groupBy: string[]): Promise<ApiTimeSeries[]> {
    const { project, region, service } = q.location;
    const filter = [
      `metric.type = ${quote(metric)}`,
      'resource.type = "cloud_run_revision"',
      `resource.labels.service_name = ${quote(service)}`,
      `resource.labels.location = ${quote(region)}`,
      `resource.labels.revision_name = one_of(${q.revisions.map(quote).join(', ')})`,
    ].join(' AND ');
    const query = {
      filter,
      'interval.startTime': q.start.toISOString(),
      'interval.endTime': q.end.toISOString(),
      'aggregation.alignmentPeriod': `${q.alignmentSeconds}s`,
      'aggregation.perSeriesAligner': 'ALIGN_DELTA',
      'aggregation.crossSeriesReducer': 'REDUCE_SUM',
      'aggregation.groupByFields': groupBy,
      view: 'FULL',
    };
    return allPages(
      (pageToken) =>
        call<{ timeSeries?: ApiTimeSeries[]; nextPageToken?: string }>(
          'GET',
          `/v3/projects/${encodeURIComponent(project)}/timeSeries?${queryOf({ ...query, pageToken })}`,
          undefined,
          { translate: (error) => toPortError(error, project) },
        ),
      (page) => page.timeSeries,
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
    // Nothing to close: REST over google-auth-library keeps no channel open.
    async close() {},
  };
}
