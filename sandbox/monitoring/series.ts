import type { RequestLoad } from '../cloud-run/load.js';
import { LATENCY_BUCKETS } from '../cloud-run/load.js';
import type { ServiceState } from '../cloud-run/model.js';
import { accepts, type Filter } from './filter.js';

/** Time series in the shapes of google.monitoring.v3.TimeSeries (JSON names; enums as names here). */

export const REQUEST_COUNT = 'run.googleapis.com/request_count';
export const REQUEST_LATENCIES = 'run.googleapis.com/request_latencies';

export interface SeriesQuery {
  filter: Filter;
  start: number;
  end: number;
  periodMs: number;
  groupBy: string[];
  /** REDUCE_SUM (true) or REDUCE_NONE. */
  reduce: boolean;
}

type Json = Record<string, unknown>;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The series the query asks for, each revision's points newest first (as Cloud Monitoring returns them). */
export function buildSeries(services: ServiceState[], load: RequestLoad, q: SeriesQuery, now: number): Json[] {
  const metric = q.filter.get('metric.type')?.[0];
  if (metric !== REQUEST_COUNT && metric !== REQUEST_LATENCIES) return [];
  if (!accepts(q.filter, 'resource.type', 'cloud_run_revision')) return [];
  const out: Json[] = [];
  for (const s of services) {
    if (!accepts(q.filter, 'resource.labels.project_id', s.project)) continue;
    if (!accepts(q.filter, 'resource.labels.service_name', s.name)) continue;
    if (!accepts(q.filter, 'resource.labels.location', s.region)) continue;
    for (const r of s.revisions) {
      if (!accepts(q.filter, 'resource.labels.revision_name', r.name)) continue;
      const periods: Array<{ end: number; t: NonNullable<ReturnType<RequestLoad['traffic']>> }> = [];
      for (let end = q.end; end > q.start; end -= q.periodMs) {
        const t = load.traffic(s, r.name, end - q.periodMs, Math.min(end, now));
        if (t) periods.push({ end, t });
      }
      if (periods.length === 0) continue;
      const labels = { s, revision: r.name };
      if (metric === REQUEST_COUNT && q.reduce && !q.groupBy.includes('metric.labels.response_code_class')) {
        const sum = (p: (typeof periods)[number]) => p.t.byClass['2xx'] + p.t.byClass['4xx'] + p.t.byClass['5xx'];
        out.push({
          ...identity(q, labels, metric, {}),
          valueType: 'INT64',
          points: periods.map((p) => ({
            interval: { startTime: iso(p.end - q.periodMs), endTime: iso(p.end) },
            value: { int64Value: String(sum(p)) },
          })),
          unit: '1',
        });
      } else if (metric === REQUEST_COUNT) {
        for (const cls of ['2xx', '4xx', '5xx'] as const) {
          if (!accepts(q.filter, 'metric.labels.response_code_class', cls)) continue;
          if (periods.every((p) => p.t.byClass[cls] === 0)) continue;
          out.push({
            ...identity(q, labels, metric, { response_code_class: cls }),
            valueType: 'INT64',
            points: periods.map((p) => ({
              interval: { startTime: iso(p.end - q.periodMs), endTime: iso(p.end) },
              value: { int64Value: String(p.t.byClass[cls]) },
            })),
            unit: '1',
          });
        }
      } else {
        out.push({
          ...identity(q, labels, metric, {}),
          valueType: 'DISTRIBUTION',
          points: periods.map((p) => {
            const count = p.t.bucketCounts.reduce((a, b) => a + b, 0);
            return {
              interval: { startTime: iso(p.end - q.periodMs), endTime: iso(p.end) },
              value: {
                distributionValue: {
                  count: String(count),
                  mean: p.t.mean,
                  sumOfSquaredDeviation: 0,
                  bucketOptions: { exponentialBuckets: LATENCY_BUCKETS },
                  bucketCounts: p.t.bucketCounts.map(String),
                },
              },
            };
          }),
          unit: 'ms',
        });
      }
    }
  }
  return out;
}

/** metric and resource of an output series: with REDUCE_SUM only the grouped labels stay. */
function identity(
  q: SeriesQuery,
  { s, revision }: { s: ServiceState; revision: string },
  type: string,
  metricLabels: Record<string, string>,
): Json {
  const resource: Record<string, string> = {
    project_id: s.project,
    service_name: s.name,
    revision_name: revision,
    location: s.region,
    configuration_name: s.name,
  };
  const keep = (prefix: string, labels: Record<string, string>) =>
    q.reduce
      ? Object.fromEntries(Object.entries(labels).filter(([k]) => q.groupBy.includes(`${prefix}.${k}`)))
      : labels;
  return {
    metric: { type, labels: keep('metric.labels', metricLabels) },
    resource: { type: 'cloud_run_revision', labels: { ...keep('resource.labels', resource), project_id: s.project } },
    metricKind: 'DELTA',
  };
}
