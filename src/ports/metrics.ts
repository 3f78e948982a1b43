import type { Histogram } from '../domain/canary.js';
import type { ServiceLocation } from '../domain/runtime.js';

export type { Histogram } from '../domain/canary.js';

/** Which revisions of a service, over which window, in periods of `alignmentSeconds`. */
export interface RevisionMetricsQuery {
  location: ServiceLocation;
  revisions: string[];
  start: Date;
  end: Date;
  alignmentSeconds: number;
}

/** One alignment period of one revision: requests by response class ("2xx" … "5xx") and the latency histogram. */
export interface MetricPeriod {
  end: Date;
  requestsByClass: Record<string, number>;
  latency?: Histogram;
}

/**
 * Per-revision request metrics of a serving platform (Cloud Monitoring for Cloud Run). A revision that served no
 * request in the window has no periods. Fails with a PortError when the metrics cannot be read.
 */
export interface MetricsSource {
  /** Periods oldest first, per revision named in the query. */
  revisionMetrics(query: RevisionMetricsQuery): Promise<Map<string, MetricPeriod[]>>;
  close(): Promise<void>;
}
