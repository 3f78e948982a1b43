import { PortError } from '../../domain/errors.js';
import type { CheckState, SourceControl } from '../../ports/source-control.js';
import type { GitHubCall } from './client.js';
import { BACKEND } from './errors.js';

/** Commits, comparisons and CI checks. */
export function commitMethods(call: GitHubCall): Pick<SourceControl, 'getCommit' | 'compare' | 'getChecks'> {
  return {
    async getCommit(repo, ref) {
      if (!ref.trim()) throw new PortError('invalid', 'A commit lookup needs a ref', BACKEND);
      const { data } = await call(
        repo,
        (gh, signal) =>
          gh.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref, per_page: 1, request: { signal } }),
        ref,
      );
      const detail = data.commit;
      return {
        sha: data.sha,
        title: detail.message.split('\n', 1)[0] ?? '',
        author: data.author?.login ?? detail.author?.name ?? 'unknown',
        url: data.html_url,
        date: new Date(detail.author?.date ?? detail.committer?.date ?? 0),
      };
    },
    async compare(repo, base, head) {
      const { data } = await call(
        repo,
        (gh, signal) =>
          gh.rest.repos.compareCommitsWithBasehead({
            owner: repo.owner,
            repo: repo.repo,
            basehead: `${base}...${head}`,
            request: { signal },
          }),
        head,
      );
      return {
        aheadBy: data.ahead_by,
        commits: data.commits.map((c) => ({
          sha: c.sha,
          title: c.commit.message.split('\n', 1)[0] ?? '',
          author: c.author?.login ?? c.commit.author?.name ?? 'unknown',
        })),
        files: (data.files ?? []).map((f) => f.filename),
        url: data.html_url,
      };
    },
    async getChecks(repo, sha) {
      const [status, runs] = await Promise.all([
        call(
          repo,
          (gh, signal) =>
            gh.rest.repos.getCombinedStatusForRef({
              owner: repo.owner,
              repo: repo.repo,
              ref: sha,
              request: { signal },
            }),
          sha,
        ),
        call(
          repo,
          (gh, signal) =>
            gh.rest.checks.listForRef({
              owner: repo.owner,
              repo: repo.repo,
              ref: sha,
              per_page: 100,
              request: { signal },
            }),
          sha,
        ),
      ]);
      const contexts = [
        ...status.data.statuses.map((s) => ({ name: s.context, state: statusState(s.state) })),
        ...runs.data.check_runs.map((r) => ({ name: r.name, state: runState(r.status, r.conclusion) })),
      ];
      const state: CheckState = contexts.some((c) => c.state === 'failure')
        ? 'failure'
        : contexts.some((c) => c.state === 'pending')
          ? 'pending'
          : 'success';
      return { state, contexts };
    },
  };
}

const statusState = (state: string): CheckState =>
  state === 'success' ? 'success' : state === 'pending' ? 'pending' : 'failure';

function runState(status: string, conclusion: string | null): CheckState {
  if (status !== 'completed') return 'pending';
  return conclusion === 'success' || conclusion === 'neutral' || conclusion === 'skipped' ? 'success' : 'failure';
}
