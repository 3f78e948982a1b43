import type { DatabaseCatalog, RulesApi, RulesRelease, RulesetSource } from '../../ports/security.js';
import type { GoogleCredentials } from '../google-auth.js';
import { allPages, googleRest, queryOf } from '../shared/google-rest.js';

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
      const releases = await allPages(
        (pageToken) =>
          call<{ releases?: ApiRelease[]; nextPageToken?: string }>(
            'GET',
            `/v1/projects/${encodeURIComponent(project)}/releases?${queryOf({ pageSize: 100, pageToken })}`,
          ),
        (page) => page.releases,
        MAX_PAGES,
      );
      return releases.flatMap((r): RulesRelease[] => {
        const id = (r.name ?? '').replace(/^projects\/[^/]+\/releases\//, '');
        return id && r.rulesetName ? [{ id, rulesetName: r.rulesetName, updateTime: r.updateTime ?? '' }] : [];
      });
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
    listCollections: (project, database) =>
      allPages(
        (pageToken) =>
          call<{ collectionIds?: string[]; nextPageToken?: string }>(
            'POST',
            `/v1/projects/${encodeURIComponent(project)}/databases/${encodeURIComponent(database)}/documents:listCollectionIds`,
            { pageSize: 100, ...(pageToken ? { pageToken } : {}) },
          ),
        (page) => page.collectionIds,
        MAX_PAGES,
      ),
  };
}
