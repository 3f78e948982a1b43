import { createHash } from 'node:crypto';
import type { CommitState, RepoState } from './model.js';
import type { GitHubUser, StatusState } from './seeds.js';

/** GitHub REST v3 JSON shapes (the fields Octokit users read, named as GitHub names them). */

export const HTML = 'https://github.com';
export const nodeId = (prefix: string, id: string | number): string =>
  `${prefix}_${Buffer.from(String(id)).toString('base64url')}`;
export const blobSha = (text: string): string => createHash('sha1').update(text).digest('hex');

export function userJson(u: GitHubUser, api: string): Record<string, unknown> {
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId('U', u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    url: `${api}/users/${encodeURIComponent(u.login)}`,
    html_url: `${HTML}/${u.login}`,
    type: u.type ?? 'User',
    site_admin: false,
  };
}

export function repoJson(r: RepoState, api: string): Record<string, unknown> {
  const full = `${r.owner.login}/${r.name}`;
  return {
    id: r.id,
    node_id: nodeId('R', r.id),
    name: r.name,
    full_name: full,
    private: r.private,
    visibility: r.private ? 'private' : 'public',
    owner: userJson(r.owner, api),
    html_url: `${HTML}/${full}`,
    description: r.description || null,
    fork: false,
    url: `${api}/repos/${full}`,
    default_branch: r.defaultBranch,
    created_at: r.createdAt,
    pushed_at: [...r.commits.values()].at(-1)?.date ?? r.createdAt,
    archived: false,
    disabled: false,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

export function commitJson(r: RepoState, c: CommitState, api: string, full: boolean): Record<string, unknown> {
  const repoApi = `${api}/repos/${r.owner.login}/${r.name}`;
  const person = { name: c.author.name, email: c.author.email, date: c.date };
  const base: Record<string, unknown> = {
    sha: c.sha,
    node_id: nodeId('C', c.sha),
    commit: {
      author: person,
      committer: { name: 'GitHub', email: 'noreply@github.com', date: c.date },
      message: c.message,
      tree: { sha: c.treeSha, url: `${repoApi}/git/trees/${c.treeSha}` },
      url: `${repoApi}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { verified: true, reason: 'valid', signature: null, payload: null, verified_at: c.date },
    },
    url: `${repoApi}/commits/${c.sha}`,
    html_url: `${HTML}/${r.owner.login}/${r.name}/commit/${c.sha}`,
    comments_url: `${repoApi}/commits/${c.sha}/comments`,
    author: userJson(c.author, api),
    committer: userJson({ login: 'web-flow', id: 19864447, name: 'GitHub', email: 'noreply@github.com' }, api),
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoApi}/commits/${p}`,
      html_url: `${HTML}/${r.owner.login}/${r.name}/commit/${p}`,
    })),
  };
  if (!full) return base;
  const additions = c.files.reduce((n, f) => n + f.additions, 0);
  const deletions = c.files.reduce((n, f) => n + f.deletions, 0);
  return {
    ...base,
    stats: { total: additions + deletions, additions, deletions },
    files: c.files.map((f) => fileJson(r, c.sha, f)),
  };
}

export function fileJson(r: RepoState, sha: string, f: CommitState['files'][number]): Record<string, unknown> {
  const path = `${r.owner.login}/${r.name}`;
  return {
    sha: blobSha(`${sha}:${f.filename}`),
    filename: f.filename,
    status: f.status ?? 'modified',
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${HTML}/${path}/blob/${sha}/${f.filename}`,
    raw_url: `${HTML}/${path}/raw/${sha}/${f.filename}`,
    contents_url: `https://api.github.com/repos/${path}/contents/${f.filename}?ref=${sha}`,
  };
}

/** GitHub's combined state: failure if any failed or errored, pending if any pending (or none), else success. */
export function combinedState(states: StatusState[]): 'success' | 'pending' | 'failure' {
  if (states.some((s) => s === 'failure' || s === 'error')) return 'failure';
  if (states.length === 0 || states.some((s) => s === 'pending')) return 'pending';
  return 'success';
}
