import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGoogleError } from '../cloud-run/wire.js';
import { sendJson } from '../http.js';
import { type ApiRequest, GoogleApiStandin } from '../google-api-standin.js';

/**
 * A local Secret Manager API v1 over REST, metadata only: `GET /v1/projects/{p}/secrets` (Secret: name,
 * createTime, replication, rotation {nextRotationTime}; rotationPeriod is input-only, so never returned) and
 * `GET /v1/projects/{p}/secrets/{s}/versions` (SecretVersion: name, createTime, state; enums as names, as numbers
 * only when asked with `enum-encoding=int`). It holds no payloads: AccessSecretVersion is not served.
 */

export interface SecretSeed {
  project: string;
  name: string;
  createTime: Date;
  rotation?: { nextRotationTime: Date };
  /** Oldest first; state ENABLED unless given. */
  versions: { createTime: Date; state?: 'ENABLED' | 'DISABLED' | 'DESTROYED' }[];
}

const STATES = { ENABLED: 1, DISABLED: 2, DESTROYED: 3 } as const;

export class SecretManagerStandin extends GoogleApiStandin {
  private readonly secrets: SecretSeed[] = [];

  constructor() {
    super('SecretManagerStandin');
  }

  seed(secrets: SecretSeed[]): this {
    this.secrets.push(...secrets);
    return this;
  }

  protected async serve(req: IncomingMessage, res: ServerResponse, { url, path, method }: ApiRequest): Promise<void> {
    if (!req.headers.authorization)
      return sendGoogleError(res, 401, 'Request is missing required authentication credential.');
    const numeric = /enum-encoding=int/.test(url.searchParams.get('$alt') ?? '');
    let m = /^\/v1\/projects\/([^/]+)\/secrets$/.exec(path);
    if (m && method === 'GET') {
      const secrets = this.secrets.filter((s) => s.project === m![1]).map(secretJson);
      return sendJson(res, 200, { secrets, totalSize: secrets.length });
    }
    m = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions$/.exec(path);
    if (m && method === 'GET') {
      const s = this.secrets.find((x) => x.project === m![1] && x.name === m![2]);
      if (!s)
        return sendGoogleError(res, 404, `Secret [projects/${m[1]}/secrets/${m[2]}] not found or has no versions.`);
      const versions = s.versions
        .map((v, i) => ({
          name: `projects/${s.project}/secrets/${s.name}/versions/${i + 1}`,
          createTime: v.createTime.toISOString(),
          state: numeric ? STATES[v.state ?? 'ENABLED'] : (v.state ?? 'ENABLED'),
          replicationStatus: { automatic: {} },
          etag: `"${i + 1}"`,
        }))
        .reverse();
      return sendJson(res, 200, { versions, totalSize: versions.length });
    }
    sendGoogleError(res, 404, `Method not found: ${method} ${path}`);
  }
}

function secretJson(s: SecretSeed): Record<string, unknown> {
  return {
    name: `projects/${s.project}/secrets/${s.name}`,
    replication: { automatic: {} },
    createTime: s.createTime.toISOString(),
    etag: '"1"',
    ...(s.rotation ? { rotation: { nextRotationTime: s.rotation.nextRotationTime.toISOString() } } : {}),
  };
}
