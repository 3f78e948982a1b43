import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendGoogleError } from '../cloud-run/wire.js';
import { readBody, sendJson } from '../http.js';
import { type ApiRequest, GoogleApiStandin } from '../google-api-standin.js';

/**
 * A local Firebase Rules API v1 (REST, as firebaserules.googleapis.com answers it) and the one Firestore API call
 * the audit makes of a project's database: `GET /v1/projects/{p}/releases` (Release: name, rulesetName,
 * createTime, updateTime; the release ID may hold a "/": cloud.firestore/<db>, firebase.storage/<bucket>),
 * `GET /v1/projects/{p}/rulesets/{id}` (Ruleset: name, createTime, source.files[{name, content, fingerprint}]), and
 * `POST /v1/projects/{p}/databases/{db}/documents:listCollectionIds` ({ collectionIds }). Faults keyed "METHOD /path".
 */

interface Ruleset {
  name: string;
  createTime: string;
  files: { name: string; content: string }[];
}

interface Release {
  name: string;
  rulesetName: string;
  createTime: string;
  updateTime: string;
}

export class RulesStandin extends GoogleApiStandin {
  private readonly rulesets = new Map<string, Ruleset>();
  private readonly releases = new Map<string, Release>();
  private readonly collections = new Map<string, string[]>();

  constructor(private readonly now: () => Date = () => new Date()) {
    super('RulesStandin');
  }

  /** Creates a ruleset from one file and points the release at it (as `firebase deploy` does); returns its name. */
  release(project: string, releaseId: string, content: string, file = 'firestore.rules', at = this.now()): string {
    const name = `projects/${project}/rulesets/${randomUUID()}`;
    const time = at.toISOString();
    this.rulesets.set(name, { name, createTime: time, files: [{ name: file, content }] });
    const key = `projects/${project}/releases/${releaseId}`;
    const createTime = this.releases.get(key)?.createTime ?? time;
    this.releases.set(key, { name: key, rulesetName: name, createTime, updateTime: time });
    return name;
  }

  /** The collections at the root of a project's database. */
  setCollections(project: string, database: string, names: string[]): void {
    this.collections.set(`${project}/${database}`, names);
  }

  protected async serve(req: IncomingMessage, res: ServerResponse, { path, method }: ApiRequest): Promise<void> {
    if (!req.headers.authorization)
      return sendGoogleError(res, 401, 'Request is missing required authentication credential.');
    let m = /^\/v1\/projects\/([^/]+)\/releases$/.exec(path);
    if (m && method === 'GET') {
      const prefix = `projects/${m[1]}/releases/`;
      const releases = [...this.releases.values()].filter((r) => r.name.startsWith(prefix));
      return sendJson(res, 200, { releases });
    }
    m = /^\/v1\/(projects\/[^/]+\/rulesets\/[^/]+)$/.exec(path);
    if (m && method === 'GET') {
      const r = this.rulesets.get(m[1] ?? '');
      if (!r) return sendGoogleError(res, 404, `Ruleset ${m[1]} not found.`);
      const files = r.files.map((f) => ({
        ...f,
        fingerprint: createHash('sha256').update(f.content).digest('base64'),
      }));
      return sendJson(res, 200, {
        name: r.name,
        createTime: r.createTime,
        source: { files },
        metadata: { services: ['cloud.firestore'] },
      });
    }
    m = /^\/v1\/projects\/([^/]+)\/databases\/([^/]+)\/documents:listCollectionIds$/.exec(path);
    if (m && method === 'POST') {
      await readBody(req);
      return sendJson(res, 200, { collectionIds: this.collections.get(`${m[1]}/${m[2]}`) ?? [] });
    }
    sendGoogleError(res, 404, `Method not found: ${method} ${path}`);
  }
}
