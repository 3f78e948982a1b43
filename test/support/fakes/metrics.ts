import type { ChartPoster } from '../../../src/ports/chart-poster.js';
import type { MetricPeriod, MetricsSource, RevisionMetricsQuery } from '../../../src/ports/metrics.js';

/** Per-revision metrics from a table (revision → periods); a revision not in it served nothing. */
export class FakeMetrics implements MetricsSource {
  readonly periods = new Map<string, MetricPeriod[]>();
  readonly queries: RevisionMetricsQuery[] = [];
  /** Thrown by the next calls, one each, while any is left. */
  readonly failures: Error[] = [];

  async revisionMetrics(query: RevisionMetricsQuery): Promise<Map<string, MetricPeriod[]>> {
    this.queries.push(query);
    const failure = this.failures.shift();
    if (failure) throw failure;
    return new Map(query.revisions.map((r) => [r, this.periods.get(r) ?? []]));
  }

  async close(): Promise<void> {}
}

/** Charts posted, as SVG. */
export class FakeCharts implements ChartPoster {
  readonly posted: { channel: string; threadTs: string; svg: string; filename: string; title: string }[] = [];

  async post(input: FakeCharts['posted'][number]): Promise<void> {
    this.posted.push(input);
  }
}
