import type { SourceControl } from '../../ports/source-control.js';
import { createGitHubCall, type GitHubSourceControlOptions } from './client.js';
import { commitMethods } from './commits.js';
import { deploymentMethods } from './deployments.js';
import { issueMethods } from './issues.js';

export type { GitHubSourceControlOptions };

/** The SourceControl port over GitHub's REST API (Octokit), one file per area. */
export function createGitHubSourceControl(options: GitHubSourceControlOptions = {}): SourceControl {
  const call = createGitHubCall(options);
  return { ...commitMethods(call), ...deploymentMethods(call), ...issueMethods(call) };
}
