import type { v1 } from '@google-cloud/secret-manager';
import { PortError } from '../../domain/errors.js';
import type { SecretInventory, SecretMetadata } from '../../ports/security.js';
import { codeOf, factsOf } from '../shared/google-error-facts.js';
import { toDate } from '../cloud-run/mapping.js';
import type { GoogleCredentials } from '../google-auth.js';
import { gaxOptions } from '../shared/gax-options.js';
import { DEFAULT_RETRY, withRetries } from '../shared/retry.js';

/**
 * Secret Manager through `@google-cloud/secret-manager` (REST fallback, so a plain-HTTP stand-in works), loaded on
 * first use. Metadata only: secrets and their versions; the bot never calls AccessSecretVersion.
 */

const BACKEND = 'Secret Manager';
type Client = v1.SecretManagerServiceClient;
type Options = NonNullable<ConstructorParameters<typeof v1.SecretManagerServiceClient>[0]>;
type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

const VERSION_STATES: Record<string, SecretMetadata['versions'][number]['state']> = {
  ENABLED: 'enabled',
  '1': 'enabled',
  DISABLED: 'disabled',
  '2': 'disabled',
  DESTROYED: 'destroyed',
  '3': 'destroyed',
};

export function createSecretInventory(
  endpoint: string | undefined,
  credentials: GoogleCredentials,
  timeoutMs = 8000,
): SecretInventory & { close(): Promise<void> } {
  let client: Promise<Client> | undefined;
  const getClient = (): Promise<Client> =>
    (client ??= (async () => {
      const sm = await import('@google-cloud/secret-manager');
      const options = (await gaxOptions({ endpoint, credentials })) as Options;
      return new (sm.v1 ?? sm.default.v1).SecretManagerServiceClient(options);
    })());
  const call = <T>(run: (c: Client) => Promise<T>): Promise<T> =>
    withRetries(async () => run(await getClient()), {
      timeoutMs,
      policy: { ...DEFAULT_RETRY, attempts: 2 },
      translate: translate,
      timedOut: () => new PortError('timeout', `Secret Manager did not answer within ${timeoutMs / 1000}s`, BACKEND),
    });
  const gax = { timeout: timeoutMs, retry: null, autoPaginate: true };
  return {
    async listSecrets(project) {
      const [secrets] = await call((c) => c.listSecrets({ parent: `projects/${project}` }, gax));
      return Promise.all(
        secrets.map(async (s): Promise<SecretMetadata> => {
          const name = s.name ?? '';
          const [versions] = await call((c) => c.listSecretVersions({ parent: name, filter: '' }, gax));
          return {
            name: name.split('/').pop() ?? name,
            createTime: iso(s.createTime),
            ...(s.rotation
              ? { rotation: s.rotation.nextRotationTime ? { nextRotationTime: iso(s.rotation.nextRotationTime) } : {} }
              : {}),
            versions: versions
              .map((v) => ({
                name: (v.name ?? '').split('/').pop() ?? '',
                state: VERSION_STATES[String(v.state)] ?? 'disabled',
                createTime: iso(v.createTime),
              }))
              .sort((a, b) => b.createTime.localeCompare(a.createTime)),
          };
        }),
      );
    },
    close: async () => {
      if (client) await (await client).close().catch(() => undefined);
    },
  };
}

const iso = (ts: Timestamp): string => (ts ? (toDate(ts as never)?.toISOString() ?? '') : '');

function translate(error: unknown): PortError {
  const facts = factsOf(error);
  const code = codeOf(facts);
  if (code === 'permission_denied')
    return new PortError(code, 'Secret Manager refused the bot: missing role roles/secretmanager.viewer', BACKEND);
  if (code === 'unauthenticated')
    return new PortError(code, `Secret Manager rejected the bot's Google credentials: ${facts.message}`, BACKEND);
  if (code === 'not_found' || code === 'invalid')
    return new PortError(code, `Secret Manager: ${facts.message}`, BACKEND);
  return new PortError(
    code === 'rate_limited' || code === 'timeout' ? code : 'unavailable',
    `Secret Manager is unavailable${facts.http ? ` (HTTP ${facts.http})` : facts.networkCode ? ` (${facts.networkCode})` : ''}; try again in a minute`,
    BACKEND,
    facts.retryAfter,
  );
}
