import { isPortError, PortError } from '../../domain/errors.js';
import type {
  DeployRevisionInput,
  RuntimePlatform,
  RuntimeService,
  ServiceLocation,
  TrafficTarget,
} from '../../ports/runtime-platform.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';
import { backoffDelay, DEFAULT_RETRY, withRetries, withTimeout, type RetryPolicy } from '../shared/retry.js';
import { deployChange, trafficChange, validateDeploy, validateTraffic } from './changes.js';
import { type ClientSettings, createClients, type RunClients } from './clients.js';
import { BACKEND, timeoutError, toPortError, type Action } from './errors.js';
import { type GaxOptions, isOperationError, type Operation } from './gax.js';
import { assertRolledOut, resolveLocation, servicePath, stillRolling } from './location.js';
import { mapRevision, mapService, type ApiService } from './mapping.js';

/** `endpoint`, `projectId` and `credentials` (ClientSettings): where the clients go and how they authenticate. */
export interface CloudRunPlatformOptions extends ClientSettings {
  /** Per API call (default 15 s). */
  timeoutMs?: number;
  /** How long deployRevision/setTraffic wait for Cloud Run to roll out (default 10 min). */
  operationTimeoutMs?: number;
  /** The first delay between operation polls (default 1 s; 25 ms against a plain-HTTP stand-in). */
  pollIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The bot's warm-up (src/adapters/shared/vendor-clients.ts); unset: the clients load on first use. */
  vendorClients?: VendorClients;
}

export type CloudRunPlatform = RuntimePlatform & {
  /** The platform's Cloud Run clients, for other reads of the same API (the audit's IAM policies): one set per process. */
  clients(): Promise<RunClients>;
  close(): Promise<void>;
};

const UPDATE_ROUNDS = 3;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createCloudRunPlatform(options: CloudRunPlatformOptions = {}): CloudRunPlatform {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const operationTimeoutMs = options.operationTimeoutMs ?? 600_000;
  const pollMs = options.pollIntervalMs ?? (options.endpoint?.startsWith('http:') ? 25 : 1000);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const gax: GaxOptions = { timeout: timeoutMs, retry: null };
  const lro: GaxOptions = {
    ...gax,
    // gax's own deadline comes after ours, so a slow rollout surfaces as the adapter's timeout.
    longrunning: {
      initialRetryDelayMillis: pollMs,
      retryDelayMultiplier: 1.5,
      maxRetryDelayMillis: pollMs * 10,
      totalTimeoutMillis: operationTimeoutMs + 60_000,
    },
  };

  const getClients = vendorClient(
    'Cloud Run',
    () =>
      createClients(options).catch((error: unknown) => {
        throw new PortError(
          'unavailable',
          `The Cloud Run client could not start: ${error instanceof Error ? error.message : String(error)}`,
          BACKEND,
        );
      }),
    options.vendorClients,
  );

  /** One API call with a timeout per attempt and bounded retries; the call is cancelled when its attempt times out. */
  function call<T>(action: Action, location: ServiceLocation, run: () => Promise<T>): Promise<T> {
    return withRetries(
      (signal) => {
        const pending = run();
        signal.addEventListener('abort', () => (pending as { cancel?: () => void }).cancel?.(), { once: true });
        return pending;
      },
      {
        timeoutMs,
        policy,
        translate: (e) => toPortError(e, action, location),
        timedOut: () => timeoutError(action, location, timeoutMs),
      },
    );
  }

  async function read(c: RunClients, location: ServiceLocation): Promise<ApiService> {
    const [svc] = await call('read', location, () => c.services.getService({ name: servicePath(location) }, gax));
    return svc;
  }

  /** When an operation cannot be polled, waits for the service itself to stop reconciling. */
  async function settle(c: RunClients, location: ServiceLocation, deadline: number): Promise<ApiService> {
    for (let i = 0; ; i += 1) {
      const svc = await read(c, location);
      if (!svc.reconciling) return svc;
      if (Date.now() >= deadline) break;
      await sleep(Math.min(pollMs * 1.5 ** i, pollMs * 10));
    }
    throw stillRolling(location, operationTimeoutMs);
  }

  /** Waits for an update's operation; if it cannot be polled, watches the service instead (the change was accepted). */
  async function waitFor(
    c: RunClients,
    location: ServiceLocation,
    operation: Operation,
    revision: string | undefined,
    deadline: number,
  ): Promise<ApiService> {
    try {
      const [result] = await withTimeout(
        () => operation.promise(),
        Math.max(deadline - Date.now(), 1),
        () => stillRolling(location, operationTimeoutMs),
      );
      return result;
    } catch (error) {
      operation.removeAllListeners();
      if (isPortError(error)) throw error;
      if (!isOperationError(error)) return settle(c, location, deadline);
      if (error.code === 4) throw stillRolling(location, operationTimeoutMs);
      const { code } = toPortError(error, 'update', location);
      const what = revision
        ? `Cloud Run revision ${revision} failed to become ready`
        : `Cloud Run could not apply the traffic change to ${location.service}`;
      throw new PortError(code, `${what}: ${error.message}`, BACKEND);
    }
  }

  /** Read, change, write with the etag, wait for the rollout; a concurrent change means reading again. */
  async function update(
    location: ServiceLocation,
    revision: string | undefined,
    change: (svc: ApiService) => ApiService | null,
  ): Promise<RuntimeService> {
    const c = await getClients();
    const deadline = Date.now() + operationTimeoutMs;
    for (let round = 1; ; round += 1) {
      try {
        const current = await read(c, location);
        const desired = change(current);
        let result: ApiService;
        if (!desired) {
          result = current.reconciling ? await settle(c, location, deadline) : current;
        } else {
          const [operation] = await call('update', location, () => c.services.updateService({ service: desired }, lro));
          result = await waitFor(c, location, operation as unknown as Operation, revision, deadline);
        }
        assertRolledOut(result, revision);
        return mapService(result);
      } catch (error) {
        if (isPortError(error) && error.code === 'conflict' && round < UPDATE_ROUNDS) {
          await sleep(backoffDelay(policy, round - 1));
          continue;
        }
        throw error;
      }
    }
  }

  return {
    async getService(l) {
      const location = resolveLocation(l, options.projectId);
      return mapService(await read(await getClients(), location));
    },

    async listRevisions(l) {
      const location = resolveLocation(l, options.projectId);
      const c = await getClients();
      const [revisions] = await call('list revisions of', location, () =>
        c.revisions.listRevisions({ parent: servicePath(location) }, gax),
      );
      return revisions.map(mapRevision).sort((a, b) => b.createTime.getTime() - a.createTime.getTime());
    },

    async deployRevision(l, input: DeployRevisionInput) {
      const location = resolveLocation(l, options.projectId);
      const revision = validateDeploy(location.service, input);
      return update(location, revision, (svc) => deployChange(svc, revision, input));
    },

    async setTraffic(l, traffic: TrafficTarget[]) {
      const location = resolveLocation(l, options.projectId);
      validateTraffic(traffic);
      return update(location, undefined, (svc) => trafficChange(svc, traffic));
    },

    clients: getClients,

    async close() {
      await (await getClients.release())?.close();
    },
  };
}
