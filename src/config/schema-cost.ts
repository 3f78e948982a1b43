import { z } from 'zod';
import { cronProblem } from './cron.js';

/** `project.dataset.table`; a table name cannot be a query parameter, so it is checked strictly here. */
const table = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]\.[A-Za-z0-9_]{1,1024}\.[A-Za-z0-9_]{1,1024}$/,
    'expected project.dataset.table, e.g. my-billing.billing_export.gcp_billing_export_v1_0123AB_456CD_789EF',
  );

const bigquery = z.strictObject({
  table,
  /** The dataset's location (US, EU, europe-west1…); BigQuery finds it when absent. */
  location: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'expected a BigQuery location such as US, EU or europe-west1')
    .optional(),
  /** The project the query jobs run in (and are billed to); the table's project by default. */
  jobProject: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a project ID')
    .optional(),
  /** A query that would scan more fails instead of costing money. Default 50 GB. */
  maxBytesBilled: z.number().int().min(10_485_760).max(1e15).default(50_000_000_000),
  /** The export table is partitioned by day; a filter on _PARTITIONTIME keeps scans small. Turn off for a view. */
  partitioned: z.boolean().default(true),
});

/** A cron expression (5 fields), read in the config's time zone; checked as the scheduler reads it. */
const cron = z.string().superRefine((pattern, ctx) => {
  const problem = cronProblem(pattern);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The `cost:` section. Owned by the cost workflow. */
export const costSchema = z
  .strictObject({
    /** Where the numbers come from: a CSV file (the default) or the BigQuery billing export. */
    source: z
      .strictObject({
        csv: z.strictObject({ path: z.string().min(1) }).optional(),
        bigquery: bigquery.optional(),
      })
      .refine((s) => !(s.csv && s.bigquery), 'set either csv or bigquery, not both')
      .prefault({}),
    /** The weekly digest to channels.costs. */
    digest: z
      .strictObject({
        enabled: z.boolean().default(true),
        schedule: cron.default('0 9 * * MON'),
        /** Run the schedule in this process. Turn off when only Cloud Scheduler calls POST /jobs/cost-digest. */
        inProcess: z.boolean().default(true),
      })
      .prefault({}),
    /** How many items the breakdown lists before folding the rest into "other". */
    breakdownTop: z.number().int().min(1).max(20).default(5),
    /** A day is an anomaly when its cost is above median + k·MAD of the trailing days, by at least minIncrease. */
    anomalies: z
      .strictObject({
        k: z.number().positive().max(100).default(3),
        trailingDays: z.number().int().min(7).max(90).default(28),
        minIncrease: z.number().min(0).max(1e9).default(10),
      })
      .prefault({}),
    /** Opportunities saving less than this a month are not listed. */
    minMonthlySavings: z.number().min(0).max(1e9).default(10),
  })
  .prefault({});

export type CostSettings = z.output<typeof costSchema>;
