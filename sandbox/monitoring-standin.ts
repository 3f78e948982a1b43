import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudRunStandin } from './cloud-run-standin.js';
import { ApiError, sendGoogleError, sendJson } from './monitoring/wire.js';
import { parseFilter } from './monitoring/filter.js';
import { buildSeries } from './monitoring/series.js';
import { applyFault, Faults } from './faults.js';
import { LocalServer } from './local-server.js';

export interface MonitoringStandinOptions {
  /** Whose services and traffic it reports. */
  cloudRun: CloudRunStandin;
  faults?: Faults;
  now?: () => Date;
}

const ROUTE = /^\/v3\/projects\/([^/]+)\/timeSeries$/;
/** google.monitoring.v3.Aggregation enums, by name or by number (as google-gax sends them). */
const ALIGNERS: Record<string, string> = { '0': 'ALIGN_NONE', '1': 'ALIGN_DELTA' };
const REDUCERS: Record<string, string> = { '0': 'REDUCE_NONE', '4': 'REDUCE_SUM' };
const ENUMS = { metricKind: { DELTA: 2 }, valueType: { INT64: 2, DISTRIBUTION: 5 } } as const;

/**
 * A local Cloud Monitoring API v3 over REST, `projects.timeSeries.list` only (enums as names; as numbers only when
 * asked with `enum-encoding=int`, as Google answers), serving the request traffic of the Cloud Run stand-in's
 * revisions as Cloud Run's request_count and request_latencies. Pages hold at most `pointsPerPage` points (Cloud
 * Monitoring: 100,000).
 */
export class MonitoringStandin extends LocalServer {
  readonly faults: Faults;
  /** Every request, in order: "METHOD /path?query". */
  readonly requests: string[] = [];
  pointsPerPage = 100_000;
  private readonly cloudRun: CloudRunStandin;
  private readonly clock: () => Date;

  constructor(options: MonitoringStandinOptions) {
    super('MonitoringStandin');
    this.cloudRun = options.cloudRun;
    this.faults = options.faults ?? new Faults();
    this.clock = options.now ?? (() => new Date());
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    this.requests.push(`${key}?${url.searchParams}`);
    const fault = this.faults.take(key);
    if (fault) return applyFault(res, fault);
    try {
      const m = ROUTE.exec(url.pathname);
      if (req.method !== 'GET' || !m) throw new ApiError(404, `Method not found: ${req.method} ${url.pathname}`);
      if (!req.headers.authorization)
        throw new ApiError(
          401,
          'Request is missing required authentication credential. Expected OAuth 2 access token.',
        );
      sendJson(res, 200, this.list(m[1]!, url.searchParams));
    } catch (error) {
      if (error instanceof ApiError) sendGoogleError(res, error.httpStatus, error.message, error.status);
      else throw error;
    }
  }

  private list(project: string, q: URLSearchParams): Record<string, unknown> {
    const get = (name: string) => q.get(name) ?? undefined;
    const filter = parseFilter(get('filter') ?? '');
    const end = Date.parse(get('interval.endTime') ?? '');
    if (Number.isNaN(end)) throw new ApiError(400, 'Field interval.endTime had an invalid value: a time is required.');
    const start = get('interval.startTime') ? Date.parse(get('interval.startTime')!) : end;
    if (Number.isNaN(start) || start > end)
      throw new ApiError(400, 'Field interval.startTime had an invalid value: it must not be after the end time.');
    const aligner = ALIGNERS[get('aggregation.perSeriesAligner') ?? '0'] ?? get('aggregation.perSeriesAligner');
    const reducer = REDUCERS[get('aggregation.crossSeriesReducer') ?? '0'] ?? get('aggregation.crossSeriesReducer');
    if (aligner !== 'ALIGN_DELTA')
      throw new ApiError(400, `The stand-in aligns with ALIGN_DELTA only (asked: ${aligner}).`);
    const period = /^(\d+(?:\.\d+)?)s$/.exec(get('aggregation.alignmentPeriod') ?? '')?.[1];
    if (!period) throw new ApiError(400, 'The alignment period is required when a per-series aligner is given.');
    if (Number(period) < 60) throw new ApiError(400, 'The alignment period must be at least 60 seconds.');
    if (reducer !== 'REDUCE_SUM' && reducer !== 'REDUCE_NONE')
      throw new ApiError(400, `The stand-in reduces with REDUCE_SUM or REDUCE_NONE only (asked: ${reducer}).`);
    const services = [...this.cloudRun.services.values()].filter((s) => s.project === project);
    this.cloudRun.settle();
    const series = buildSeries(
      services,
      this.cloudRun.load,
      {
        filter,
        start,
        end,
        periodMs: Number(period) * 1000,
        groupBy: q.getAll('aggregation.groupByFields'),
        reduce: reducer === 'REDUCE_SUM',
      },
      this.clock().getTime(),
    );
    const numeric = /enum-encoding=int/.test(get('$alt') ?? '');
    const encoded = series.map((s) =>
      numeric
        ? {
            ...s,
            metricKind: ENUMS.metricKind.DELTA,
            valueType: ENUMS.valueType[s.valueType as keyof typeof ENUMS.valueType],
          }
        : s,
    );
    return this.page(encoded, get('pageToken'), Number(get('pageSize') ?? '') || this.pointsPerPage);
  }

  /** Whole series until the page's points run out (at least one); the token is the next series' index. */
  private page(series: Array<Record<string, unknown>>, token: string | undefined, size: number) {
    const from = token ? Number(Buffer.from(token, 'base64url').toString()) || 0 : 0;
    const limit = Math.min(size, this.pointsPerPage);
    let points = 0;
    let to = from;
    while (to < series.length) {
      const n = (series[to]!.points as unknown[]).length;
      if (to > from && points + n > limit) break;
      points += n;
      to += 1;
    }
    const next = to < series.length ? { nextPageToken: Buffer.from(String(to)).toString('base64url') } : {};
    return { timeSeries: series.slice(from, to), ...next, unit: String(series[0]?.unit ?? '') };
  }
}
