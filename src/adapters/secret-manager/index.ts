import { PortError } from '../../domain/errors.js';
import type { SecretInventory, SecretMetadata } from '../../ports/security.js';
import { codeOf, factsOf } from '../shared/google-error-facts.js';
import type { GoogleCredentials } from '../google-auth.js';
import { allPages, googleRest, queryOf } from '../shared/google-rest.js';

/**
 * Secret Manager API v1 over REST with google-auth-library (`googleRest`), not `@google-cloud/secret-manager`,
 * whose google-gax and protos cost tens of MB and ~0.1 s of synchronous loading for two list calls. Metadata
 * only: secrets and their versions; the bot never calls AccessSecretVersion.
 */

const BACKEND = 'Secret Manager';
/** Secret Manager caps a page there. */
const PAGE_SIZE = 25_000;

interface ApiSecret {
  name?: string;
  createTime?: string;
  rotation?: { nextRotationTime?: string; rotationPeriod?: string };
}

interface ApiSecretVersion {
  name?: string;
  createTime?: string;
  state?: string;
}

const VERSION_STATES: Record<string, SecretMetadata['versions'][number]['state']> = {
  ENABLED: 'enabled',
  DISABLED: 'disabled',
  DESTROYED: 'destroyed',
};

export function createSecretInventory(
  endpoint: string | undefined,
  credentials: GoogleCredentials,
  timeoutMs = 8000,
): SecretInventory & { close(): Promise<void> } {
  const call = googleRest({
    baseUrl: endpoint ?? 'https://secretmanager.googleapis.com',
    credentials,
    backend: BACKEND,
    role: 'roles/secretmanager.viewer',
    timeoutMs,
    translate,
  });
  const pagePath = (parent: string, collection: 'secrets' | 'versions', pageToken: string | undefined): string =>
    `/v1/${parent.split('/').map(encodeURIComponent).join('/')}/${collection}?${queryOf({ pageSize: PAGE_SIZE, pageToken })}`;
  return {
    async listSecrets(project) {
      const secrets = await allPages(
        (pageToken) =>
          call<{ secrets?: ApiSecret[]; nextPageToken?: string }>(
            'GET',
            pagePath(`projects/${project}`, 'secrets', pageToken),
          ),
        (page) => page.secrets,
      );
      return Promise.all(
        secrets.map(async (s): Promise<SecretMetadata> => {
          const name = s.name ?? '';
          const versions = await allPages(
            (pageToken) =>
              call<{ versions?: ApiSecretVersion[]; nextPageToken?: string }>(
                'GET',
                pagePath(name, 'versions', pageToken),
              ),
            (page) => page.versions,
          );
          return {
            name: name.split('/').pop() ?? name,
            createTime: iso(s.createTime),
            ...(s.rotation
              ? { rotation: s.rotation.nextRotationTime ? { nextRotationTime: iso(s.rotation.nextRotationTime) } : {} }
              : {}),
            versions: versions
              .map((v) => ({
                name: (v.name ?? '').split('/').pop() ?? '',
                state: VERSION_STATES[v.state ?? ''] ?? 'disabled',
                createTime: iso(v.createTime),
              }))
              .sort((a, b) => b.createTime.localeCompare(a.createTime)),
          };
        }),
      );
    },
    // Nothing to close: REST over google-auth-library keeps no channel open.
    close: async () => undefined,
  };
}

const iso = (time: string | undefined): string => (time ? new Date(time).toISOString() : '');

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
