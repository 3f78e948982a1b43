import { literalFacts } from '../../domain/audit-literal.js';
import type { ServiceLocation } from '../../domain/runtime.js';
import type { ExposureApi, ServiceExposure } from '../../ports/security.js';
import { DEFAULT_RETRY, withRetries } from '../shared/retry.js';
import type { RunClients } from './clients.js';
import { timeoutError, toPortError } from './errors.js';
import { servicePath } from './location.js';

/**
 * What the security audit reads of a Cloud Run service: its IAM policy (who holds roles/run.invoker), ingress,
 * invokerIamDisabled, and its plain environment variables, each reduced to its name, a fingerprint and whether it
 * looks like a secret here, so that no value leaves this function. Its own clients, made on first use.
 */

const INGRESS: Record<string, string> = {
  '0': 'INGRESS_TRAFFIC_UNSPECIFIED',
  '1': 'INGRESS_TRAFFIC_ALL',
  '2': 'INGRESS_TRAFFIC_INTERNAL_ONLY',
  '3': 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER',
  '4': 'INGRESS_TRAFFIC_NONE',
};

interface ApiEnv {
  name?: string | null;
  value?: string | null;
  valueSource?: { secretKeyRef?: unknown } | null;
}

export function createExposureApi(clients: () => Promise<RunClients>, timeoutMs = 8000): ExposureApi {
  const get = clients;
  const call = <T>(location: ServiceLocation, run: (c: RunClients) => Promise<T>): Promise<T> =>
    withRetries(async () => run(await get()), {
      timeoutMs,
      policy: { ...DEFAULT_RETRY, attempts: 2 },
      translate: (e) => toPortError(e, 'read', location),
      timedOut: () => timeoutError('read', location, timeoutMs),
    });
  const gax = { timeout: timeoutMs, retry: null };
  return {
    async read(location): Promise<ServiceExposure> {
      const name = servicePath(location);
      const [[policy], [svc]] = await Promise.all([
        call(location, (c) => c.services.getIamPolicy({ resource: name }, gax)),
        call(location, (c) => c.services.getService({ name }, gax)),
      ]);
      const invokers = (policy.bindings ?? [])
        .filter((b) => b.role === 'roles/run.invoker' && !b.condition)
        .flatMap((b) => b.members ?? []);
      const literals = (svc.template?.containers ?? []).flatMap((container, index) =>
        ((container.env ?? []) as ApiEnv[])
          .filter((e) => e.name && !e.valueSource?.secretKeyRef)
          .map((e) => ({
            name: e.name ?? '',
            container: container.name || `container ${index + 1}`,
            ...literalFacts(e.name ?? '', e.value ?? ''),
          })),
      );
      return {
        ingress: INGRESS[String(svc.ingress ?? 0)] ?? String(svc.ingress),
        invokerIamDisabled: svc.invokerIamDisabled === true,
        invokers,
        literals,
      };
    },
  };
}
