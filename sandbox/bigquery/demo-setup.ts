import { join } from 'node:path';
import type { CostEnv, Settings } from '../../src/config/env.js';
import { BigQueryStandin } from '../bigquery-standin.js';
import { demoBillingRows, writeBillingCsv } from './demo-billing.js';

/** The demo export table the BigQuery stand-in serves (set cost.source.bigquery.table to it to try BigQuery). */
export const DEMO_BILLING_TABLE = 'demo-project.billing_export.gcp_billing_export_v1_010101_ABCDEF_123456';

/**
 * The sandbox's billing data: 90 days up to today, written as a CSV under the data folder (the default
 * cost source) and served by the BigQuery stand-in. Endpoints the user set in the environment win.
 */
export async function startBillingSandbox(
  base: Settings,
  now = new Date(),
): Promise<{ bigquery: BigQueryStandin; cost: CostEnv }> {
  const end = now.toISOString().slice(0, 10);
  const bigquery = new BigQueryStandin().seed(DEMO_BILLING_TABLE, demoBillingRows({ end }));
  const csvPath = join(base.dataDir, 'sandbox-billing.csv');
  await Promise.all([
    bigquery.start(),
    base.cost.csvPath ? undefined : writeBillingCsv(csvPath, demoBillingRows({ end })),
  ]);
  return {
    bigquery,
    cost: {
      ...base.cost,
      csvPath: base.cost.csvPath ?? csvPath,
      bigqueryEndpoint: base.cost.bigqueryEndpoint ?? bigquery.url,
    },
  };
}
