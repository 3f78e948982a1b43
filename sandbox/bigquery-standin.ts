import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggregate, SCHEMA } from './bigquery/cost-query.js';
import type { ExportRow } from './bigquery/demo-billing.js';
import { applyFault, Faults } from './faults.js';
import { readBody, sendJson } from './http.js';
import { LocalServer } from './local-server.js';

/**
 * A local BigQuery REST API (v2) for the cost report: `jobs.query` (POST …/queries) and `getQueryResults`
 * (GET …/queries/{jobId}) answered as `@google-cloud/bigquery` expects through its `apiEndpoint` option,
 * with a job that is not complete on the first answer (so the client polls) and pages of rows (so it
 * follows pageToken). It runs no SQL: it recognises the bot's cost query, reads its table and parameters,
 * and aggregates its export rows the way the query does. Faults are keyed "METHOD /path".
 */

interface Job {
  projectId: string;
  location: string;
  rows: unknown[];
  pollsLeft: number;
}

export interface BigQueryStandinOptions {
  faults?: Faults;
  /** Rows per page of results (default 500). */
  pageSize?: number;
  /** How many times a new job answers "not complete" before it has results (default 1). */
  polls?: number;
}

export class BigQueryStandin extends LocalServer {
  readonly faults: Faults;
  readonly tables = new Map<string, ExportRow[]>();
  /** Every request, "METHOD /path". */
  readonly requests: string[] = [];
  /** Every query received, with its parameters. */
  readonly queries: { sql: string; params: Record<string, string>; maximumBytesBilled?: string }[] = [];
  private readonly jobs = new Map<string, Job>();
  private counter = 0;

  constructor(private readonly options: BigQueryStandinOptions = {}) {
    super('BigQueryStandin');
    this.faults = options.faults ?? new Faults();
  }

  /** `table` is project.dataset.table. */
  seed(table: string, rows: Iterable<ExportRow>): this {
    this.tables.set(table, [...rows]);
    return this;
  }

  protected override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = `${req.method} ${url.pathname}`;
    this.requests.push(key);
    const fault = this.faults.take(key);
    if (fault) return applyFault(res, fault);
    // Any bearer token will do: a stand-in needs credentials to be sent, not a Google identity.
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? ''))
      return error(
        res,
        401,
        'UNAUTHENTICATED',
        'unauthorized',
        'Request is missing required authentication credential.',
      );
    const query = /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/.exec(url.pathname);
    if (query && req.method === 'POST')
      return this.startQuery(query[1]!, JSON.parse((await readBody(req)) || '{}') as QueryRequest, res);
    const results = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(url.pathname);
    if (results && req.method === 'GET') return this.results(results[2]!, url.searchParams, res);
    return error(res, 404, 'NOT_FOUND', 'notFound', `Not found: ${key}`);
  }

  private startQuery(projectId: string, body: QueryRequest, res: ServerResponse): void {
    const params = Object.fromEntries((body.queryParameters ?? []).map((p) => [p.name, p.parameterValue?.value ?? '']));
    this.queries.push({ sql: body.query, params, maximumBytesBilled: body.maximumBytesBilled });
    const table = /FROM `([^`]+)`/.exec(body.query)?.[1];
    const location = body.location ?? 'US';
    if (!table || !/GROUP BY day, service, project, sku/.test(body.query))
      return error(
        res,
        400,
        'INVALID_ARGUMENT',
        'invalidQuery',
        'The stand-in answers only the cost report query (FROM `table` … GROUP BY day, service, project, sku).',
      );
    const rows = this.tables.get(table);
    if (!rows) {
      const [p, d, t] = table.split('.');
      return error(
        res,
        404,
        'NOT_FOUND',
        'notFound',
        `Not found: Table ${p}:${d}.${t} was not found in location ${location}`,
      );
    }
    const { from, to, tz } = params;
    if (!from || !to || !tz)
      return error(res, 400, 'INVALID_ARGUMENT', 'invalidQuery', 'Query parameters @from, @to and @tz need values.');
    const types = Object.fromEntries((body.queryParameters ?? []).map((p) => [p.name, p.parameterType?.type]));
    if (types.from !== 'DATE' || types.to !== 'DATE')
      return error(
        res,
        400,
        'INVALID_ARGUMENT',
        'invalidQuery',
        `No matching signature for function TIMESTAMP for argument types: ${types.from ?? 'NULL'}, STRING`,
      );
    const jobId = `job_sandbox_${(this.counter += 1)}`;
    this.jobs.set(jobId, {
      projectId,
      location,
      rows: aggregate(rows, from, to, tz),
      pollsLeft: this.options.polls ?? 1,
    });
    this.results(jobId, new URLSearchParams(body.maxResults ? { maxResults: String(body.maxResults) } : {}), res);
  }

  private results(jobId: string, query: URLSearchParams, res: ServerResponse): void {
    const job = this.jobs.get(jobId);
    if (!job) return error(res, 404, 'NOT_FOUND', 'notFound', `Not found: Job ${jobId}`);
    const reference = { projectId: job.projectId, jobId, location: job.location };
    if (job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      return sendJson(res, 200, {
        kind: 'bigquery#getQueryResultsResponse',
        jobReference: reference,
        jobComplete: false,
      });
    }
    const size = Math.min(Number(query.get('maxResults')) || Infinity, this.options.pageSize ?? 500);
    const offset = Number(query.get('pageToken') ?? 0);
    const page = job.rows.slice(offset, offset + size);
    const next = offset + size < job.rows.length ? String(offset + size) : undefined;
    sendJson(res, 200, {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: reference,
      jobComplete: true,
      schema: SCHEMA,
      totalRows: String(job.rows.length),
      rows: page,
      ...(next ? { pageToken: next } : {}),
      cacheHit: false,
    });
  }
}

interface QueryRequest {
  query: string;
  location?: string;
  maxResults?: number;
  maximumBytesBilled?: string;
  queryParameters?: { name: string; parameterType?: { type?: string }; parameterValue?: { value?: string } }[];
}

function error(res: ServerResponse, code: number, status: string, reason: string, message: string): void {
  sendJson(res, code, { error: { code, message, errors: [{ message, domain: 'global', reason }], status } });
}
