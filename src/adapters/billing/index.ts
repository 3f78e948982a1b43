import type { CostEnv } from '../../config/env.js';
import type { CostSettings } from '../../config/schema-cost.js';
import { PortError } from '../../domain/errors.js';
import type { CostSource } from '../../ports/cost-source.js';
import type { GoogleCredentials } from '../google-auth.js';
import type { VendorClients } from '../shared/vendor-clients.js';
import { createBigQueryCostSource } from './bigquery-source.js';
import { createCsvCostSource } from './csv-source.js';

/** The configured cost source: BigQuery when `cost.source.bigquery` is set, else the CSV file (the embedded default). */
export function createCostSource(
  source: CostSettings['source'],
  env: Pick<CostEnv, 'csvPath' | 'bigqueryEndpoint'>,
  credentials?: GoogleCredentials,
  vendorClients?: VendorClients,
): CostSource {
  if (source.bigquery)
    return createBigQueryCostSource({
      ...source.bigquery,
      endpoint: env.bigqueryEndpoint,
      credentials,
      vendorClients,
    });
  const path = env.csvPath ?? source.csv?.path;
  if (path) return createCsvCostSource(path);
  return {
    description: 'no cost source',
    dailyCosts: async () => {
      throw new PortError(
        'not_found',
        'No billing data is configured: set cost.source.csv.path (a cost table CSV) or cost.source.bigquery.table (the billing export) in chatops.yml.',
        'Cost source',
      );
    },
    close: async () => undefined,
  };
}
