import type { BigQuery } from '@google-cloud/bigquery';
import type { CostData, CostRow, DayRange } from '../../domain/cost.js';
import { PortError } from '../../domain/errors.js';
import type { GoogleCredentials } from '../google-auth.js';
import type { CostSource } from '../../ports/cost-source.js';
import { DEFAULT_RETRY, withRetries } from '../shared/retry.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';
import { BACKEND, toPortError } from './bigquery-errors.js';

export interface BigQuerySourceOptions {
  /** project.dataset.table of the standard billing export (checked by the config schema). */
  table: string;
  location?: string;
  /** Where the query jobs run and are billed; the table's project by default. */
  jobProject?: string;
  maxBytesBilled: number;
  /** Filter on _PARTITIONTIME (the export is partitioned by day); off for a view. */
  partitioned: boolean;
  /** `http://host:port` of a stand-in, or another https endpoint. */
  endpoint?: string;
  /** Unset: Google's default credentials. */
  credentials?: GoogleCredentials;
  timeoutMs?: number;
  /** The bot's warm-up (src/adapters/shared/vendor-clients.ts); unset: the client loads on first use. */
  vendorClients?: VendorClients;
}

/**
 * The query: aggregated in BigQuery by day (in the config's time zone), service, project and SKU, cost net
 * of credits. The table name cannot be a parameter; the config schema allows only [A-Za-z0-9_.-] in it.
 */
export function costQuery(table: string, partitioned: boolean): string {
  return [
    'SELECT',
    "  FORMAT_DATE('%F', DATE(usage_start_time, @tz)) AS day,",
    '  service.description AS service,',
    "  IFNULL(project.id, '') AS project,",
    '  sku.description AS sku,',
    '  SUM(cost) + SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0)) AS cost,',
    '  SUM(IFNULL(usage.amount_in_pricing_units, 0)) AS usage,',
    '  ANY_VALUE(usage.pricing_unit) AS unit,',
    '  ANY_VALUE(currency) AS currency',
    `FROM \`${table}\``,
    'WHERE usage_start_time >= TIMESTAMP(@from, @tz)',
    '  AND usage_start_time < TIMESTAMP(DATE_ADD(@to, INTERVAL 1 DAY), @tz)',
    ...(partitioned ? ['  AND _PARTITIONTIME >= TIMESTAMP(DATE_SUB(@from, INTERVAL 1 DAY))'] : []),
    'GROUP BY day, service, project, sku',
  ].join('\n');
}

interface ResultRow {
  day: string;
  service: string | null;
  project: string | null;
  sku: string | null;
  cost: number | null;
  usage: number | null;
  unit: string | null;
  currency: string | null;
}

/** The standard billing export in BigQuery, through `@google-cloud/bigquery`, loaded on first use. */
export function createBigQueryCostSource(options: BigQuerySourceOptions): CostSource {
  const jobProject = options.jobProject ?? options.table.split('.')[0]!;
  const where = {
    table: options.table,
    jobProject,
    location: options.location,
    maxBytesBilled: options.maxBytesBilled,
  };
  const client = vendorClient('BigQuery', () => createClient(options, jobProject), options.vendorClients);
  const recent = new Map<string, { at: number; data: Promise<CostData> }>();

  const query = async (range: DayRange, timeZone: string): Promise<CostData> => {
    const bigquery = await client();
    const rows = await withRetries(
      async () => {
        const [result] = await bigquery.query({
          query: costQuery(options.table, options.partitioned),
          // DATE parameters must be BigQueryDate objects: a string typed 'DATE' is sent without its value.
          params: { from: bigquery.date(range.from), to: bigquery.date(range.to), tz: timeZone },
          location: options.location,
          maximumBytesBilled: String(options.maxBytesBilled),
          labels: { 'chatops-bot': 'cost-report' },
        });
        return result as ResultRow[];
      },
      {
        timeoutMs: options.timeoutMs ?? 60_000,
        // One attempt here: the client already retries each request twice (maxRetries below); retrying the whole
        // query on top made a persistent 500 cost 6 requests and ~15 s before the user heard of it.
        policy: { ...DEFAULT_RETRY, attempts: 1 },
        translate: (error) => toPortError(error, where),
        timedOut: () =>
          new PortError(
            'timeout',
            `BigQuery did not answer the cost query on ${options.table} in time; try again, or narrow the period.`,
            BACKEND,
          ),
      },
    );
    return toCostData(rows);
  };

  return {
    description: `BigQuery table ${options.table}`,
    /** Results are kept a few minutes: the export changes a few times a day, and every query costs. */
    dailyCosts(range: DayRange, timeZone: string): Promise<CostData> {
      const key = `${range.from}|${range.to}|${timeZone}`;
      const kept = recent.get(key);
      if (kept && Date.now() - kept.at < KEEP_MS) return kept.data;
      const data = query(range, timeZone);
      recent.set(key, { at: Date.now(), data });
      data.catch(() => recent.delete(key));
      if (recent.size > 32) recent.delete(recent.keys().next().value!);
      return data;
    },
    close: async () => recent.clear(),
  };
}

const KEEP_MS = 5 * 60_000;

function toCostData(rows: ResultRow[]): CostData {
  const currencies = new Set(rows.map((r) => r.currency).filter((c): c is string => !!c));
  const costRows: CostRow[] = rows.map((r) => ({
    day: r.day,
    service: r.service ?? '',
    project: r.project ?? '',
    sku: r.sku ?? '',
    cost: Number(r.cost ?? 0),
    usage: Number(r.usage ?? 0),
    unit: r.unit ?? '',
  }));
  const notes =
    currencies.size > 1
      ? [`The export mixes currencies (${[...currencies].join(', ')}); amounts are added as they are.`]
      : [];
  return { rows: costRows, currency: currencies.values().next().value ?? null, notes };
}

async function createClient(options: BigQuerySourceOptions, projectId: string): Promise<BigQuery> {
  const { BigQuery } = await import('@google-cloud/bigquery');
  type Options = NonNullable<ConstructorParameters<typeof BigQuery>[0]>;
  const settings: Options = { projectId, maxRetries: 2, ...(options.location ? { location: options.location } : {}) };
  if (options.endpoint) settings.apiEndpoint = options.endpoint.replace(/\/$/, '');
  const auth = await options.credentials?.();
  if (auth) settings.authClient = auth as unknown as Options['authClient'];
  return new BigQuery(settings);
}
