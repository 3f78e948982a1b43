import type { DatabaseCatalog, RulesApi, RulesRelease, RulesetSource } from '../../ports/security.js';
import type { GoogleCredentials } from '../google-auth.js';
import { googleRest } from '../shared/google-rest.js';

/**
 * The Firebase Rules API v1 (releases, rulesets and their source files) and the Firestore API's
 * listCollectionIds, over REST with google-auth-library: neither has a small official client (see the README).
 */

interface ApiRelease {
  name?: string;
  rulesetName?: string;
  updateTime?: string;
  createTime?: string;
}

interface ApiRuleset {
  name?: string;
  createTime?: string;
  source?: { files?: { name?: string; content?: string }[] };
}

const MAX_PAGES = 20;

export function createRulesApi(endpoint: string | undefined, credentials: GoogleCredentials): RulesApi {
  const call = googleRest({
    baseUrl: endpoint ?? 'https://firebaserules.googleapis.com',
    credentials,
    backend: 'Firebase Rules API',
    role: 'roles/firebaserules.viewer',
  });
  return {
    async listReleases(project) {
      const releases: RulesRelease[] = [];
      let pageToken = '';
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const query = `pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
        const data = await call<{ releases?: ApiRelease[]; nextPageToken?: string }>(
          'GET',
          `/v1/projects/${encodeURIComponent(project)}/releases?${query}`,
        );
        for (const r of data.releases ?? []) {
          const id = (r.name ?? '').replace(/^projects\/[^/]+\/releases\//, '');
          if (id && r.rulesetName) releases.push({ id, rulesetName: r.rulesetName, updateTime: r.updateTime ?? '' });
        }
        pageToken = data.nextPageToken ?? '';
        if (!pageToken) break;
      }
      return releases;
    },
    async getRuleset(rulesetName): Promise<RulesetSource> {
      const data = await call<ApiRuleset>('GET', `/v1/${rulesetName.split('/').map(encodeURIComponent).join('/')}`);
      return {
        name: data.name ?? rulesetName,
        createTime: data.createTime ?? '',
        files: (data.source?.files ?? []).map((f) => ({ name: f.name ?? '', content: f.content ?? '' })),
      };
    },
  };
}

export function createDatabaseCatalog(endpoint: string | undefined, credentials: GoogleCredentials): DatabaseCatalog {
  const call = googleRest({
    baseUrl: endpoint ?? 'https://firestore.googleapis.com',
    credentials,
    backend: 'Firestore',
    role: 'roles/datastore.viewer',
  });
  return {
    async listCollections(project, database) {
      const ids: string[] = [];
      let pageToken = '';
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const data = await call<{ collectionIds?: string[]; nextPageToken?: string }>(
          'POST',
          `/v1/projects/${encodeURIComponent(project)}/databases/${encodeURIComponent(database)}/documents:listCollectionIds`,
          { pageSize: 100, ...(pageToken ? { pageToken } : {}) },
        );
        ids.push(...(data.collectionIds ?? []));
        pageToken = data.nextPageToken ?? '';
        if (!pageToken) break;
      }
      return ids;
    },
  };
}
