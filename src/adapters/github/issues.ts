import { PortError } from '../../domain/errors.js';
import type { SourceControl } from '../../ports/source-control.js';
import type { GitHubCall } from './client.js';
import { BACKEND } from './errors.js';

/** Issues: postmortem drafts. */
export function issueMethods(call: GitHubCall): Pick<SourceControl, 'createIssue'> {
  return {
    async createIssue(repo, input) {
      try {
        const { data } = await call(repo, (gh, signal) =>
          gh.rest.issues.create({
            owner: repo.owner,
            repo: repo.repo,
            title: input.title.slice(0, 256),
            body: input.body,
            labels: input.labels ?? [],
            request: { signal },
          }),
        );
        return { number: data.number, url: data.html_url };
      } catch (error) {
        // The shared messages speak of reading; opening an issue needs another permission.
        if (error instanceof PortError && error.code === 'permission_denied') {
          throw new PortError(
            'permission_denied',
            `The bot's GitHub token may not open issues in ${repo.owner}/${repo.repo} (it needs Issues: read and write)`,
            BACKEND,
          );
        }
        throw error;
      }
    },
  };
}
