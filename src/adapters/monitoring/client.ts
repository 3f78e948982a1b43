import type { MetricServiceClient } from '@google-cloud/monitoring';
import type { GoogleCredentials } from '../google-auth.js';

/**
 * Creates the Cloud Monitoring client on first use: `@google-cloud/monitoring` (with google-gax) takes about half a
 * second to load, which only a canary analysis should pay, never the bot's start or an ack.
 */
export interface MonitoringClientSettings {
  /** A stand-in ("http://127.0.0.1:8124") or another endpoint; unset: monitoring.googleapis.com. */
  endpoint?: string;
  projectId?: string;
  credentials?: GoogleCredentials;
}

export async function createMetricClient(settings: MonitoringClientSettings): Promise<MetricServiceClient> {
  const monitoring = await import('@google-cloud/monitoring');
  const Client = monitoring.MetricServiceClient ?? monitoring.default.MetricServiceClient;
  type Options = NonNullable<ConstructorParameters<typeof Client>[0]>;
  // REST, not gRPC: one transport for Google and the stand-in, and no gRPC channel to keep open.
  const options: Options = { fallback: true, ...(settings.projectId ? { projectId: settings.projectId } : {}) };
  if (settings.endpoint) {
    const url = new URL(settings.endpoint);
    const protocol = url.protocol.replace(/:$/, '');
    Object.assign(options, {
      apiEndpoint: url.hostname,
      port: Number(url.port || (protocol === 'https' ? 443 : 80)),
      protocol,
    });
  }
  const auth = await settings.credentials?.();
  // google-gax bundles its own google-auth-library; the two AuthClient types differ only nominally.
  if (auth) options.authClient = auth as unknown as Options['authClient'];
  return new Client(options);
}
