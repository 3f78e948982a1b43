import type { MetricServiceClient } from '@google-cloud/monitoring';
import { type GaxSettings, gaxOptions } from '../shared/gax-options.js';

/**
 * Creates the Cloud Monitoring client on first use: `@google-cloud/monitoring` (with google-gax) takes about half a
 * second to load, which only a canary analysis should pay, never the bot's start or an ack.
 */
export type MonitoringClientSettings = GaxSettings;

export async function createMetricClient(settings: MonitoringClientSettings): Promise<MetricServiceClient> {
  const monitoring = await import('@google-cloud/monitoring');
  const Client = monitoring.MetricServiceClient ?? monitoring.default.MetricServiceClient;
  type Options = NonNullable<ConstructorParameters<typeof Client>[0]>;
  // REST, not gRPC: one transport for Google and the stand-in, and no gRPC channel to keep open.
  const options = (await gaxOptions(settings)) as Options;
  return new Client(options);
}
