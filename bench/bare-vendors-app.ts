/**
 * The floor of the bench's memory row: the bare Bolt app (bench/bare-app.ts) that also loads the vendor clients
 * the bot warms (Cloud Run, GitHub; BigQuery when `BIGQUERY_TABLE` is set; Cloud Monitoring and the Firestore Admin
 * clients when their endpoints are, as the example config uses canary analysis and backups), through the bot's own
 * adapter code.
 * Its RSS less the bare app's is what the clients themselves hold; the bot's RSS less this is the bot's own.
 * Writes "vendor clients loaded" to stderr when they are.
 */
import './bare-app.js';
import { createCostSource } from '../src/adapters/billing/index.js';
import { createCloudRunPlatform } from '../src/adapters/cloud-run/index.js';
import { createFirestoreBackups } from '../src/adapters/firestore-admin/index.js';
import { createGitHubSourceControl } from '../src/adapters/github/index.js';
import { googleCredentialsFor } from '../src/adapters/google-auth.js';
import { createMonitoringSource } from '../src/adapters/monitoring/index.js';
import { VendorClients } from '../src/adapters/shared/vendor-clients.js';

const env = process.env;
const clients = new VendorClients();
const cloudRun = env.CLOUD_RUN_API_ENDPOINT;
createCloudRunPlatform({ endpoint: cloudRun, credentials: googleCredentialsFor(cloudRun), vendorClients: clients });
createGitHubSourceControl({ token: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL, vendorClients: clients });
const table = env.BIGQUERY_TABLE;
const bigquery = env.BIGQUERY_API_ENDPOINT;
if (table)
  createCostSource(
    { bigquery: { table, maxBytesBilled: 1e10, partitioned: true } },
    { bigqueryEndpoint: bigquery },
    googleCredentialsFor(bigquery),
    clients,
  );
const monitoring = env.MONITORING_API_ENDPOINT;
if (monitoring)
  createMonitoringSource({
    endpoint: monitoring,
    credentials: googleCredentialsFor(monitoring),
    vendorClients: clients,
  });
const firestoreAdmin = env.FIRESTORE_ADMIN_API_ENDPOINT;
if (firestoreAdmin)
  createFirestoreBackups({
    endpoint: firestoreAdmin,
    credentials: googleCredentialsFor(firestoreAdmin),
    vendorClients: clients,
  });
await clients.warmAll({
  failed: (client, reason) => process.stderr.write(`${client} did not load: ${reason}\n`),
  done: (loaded) => process.stderr.write(`vendor clients loaded: ${loaded.join(', ')}\n`),
});
