import { PortError, type PortErrorCode } from '../../domain/errors.js';
import type { SourceControl, WorkflowRun } from '../../ports/source-control.js';
import type { GitHubCall } from './client.js';

type Methods =
  | 'createDeployment'
  | 'findDeployment'
  | 'setDeploymentStatus'
  | 'dispatchWorkflow'
  | 'findWorkflowRun'
  | 'getWorkflowRun';

/** GitHub Deployment records and GitHub Actions runs. */
export function deploymentMethods(call: GitHubCall): Pick<SourceControl, Methods> {
  const findDeployment: SourceControl['findDeployment'] = async (repo, input) => {
    const { data } = await call(repo, (gh, signal) =>
      gh.rest.repos.listDeployments({
        owner: repo.owner,
        repo: repo.repo,
        sha: input.sha,
        environment: input.environment,
        per_page: 100,
        request: { signal },
      }),
    );
    return data.find((d) => deployIdOf(d.payload) === input.deployId)?.id ?? null;
  };
  return {
    findDeployment,
    async createDeployment(repo, input) {
      // Not repeated blindly: after a timeout or a 5xx GitHub may have created it, so look for it (marked with the
      // deploy ID) before creating again. A rate limit (refused, nothing created) is tried again by `call`.
      for (let attempt = 1; ; attempt += 1) {
        let failure: PortError;
        try {
          const { data } = await call(
            repo,
            (gh, signal) =>
              gh.rest.repos.createDeployment({
                owner: repo.owner,
                repo: repo.repo,
                ref: input.sha,
                environment: input.environment,
                description: input.description.slice(0, 140),
                payload: { [DEPLOY_ID_KEY]: input.deployId },
                auto_merge: false,
                // The bot checks the required contexts itself and shows them in the plan.
                required_contexts: [],
                production_environment: input.environment === 'prod',
                request: { signal },
              }),
            undefined,
            { retryable: (error) => error.code === 'rate_limited' },
          );
          return (data as { id: number }).id;
        } catch (error) {
          if (!(error instanceof PortError) || !UNCLEAR.has(error.code)) throw error; // a clear refusal is final
          failure = error;
        }
        // If GitHub cannot say whether it is there, do not risk a second one.
        const existing = await findDeployment(repo, input).catch(() => {
          throw failure;
        });
        if (existing !== null) return existing;
        if (attempt >= CREATE_ATTEMPTS) throw failure;
      }
    },
    async setDeploymentStatus(repo, id, state, input) {
      await call(repo, (gh, signal) =>
        gh.rest.repos.createDeploymentStatus({
          owner: repo.owner,
          repo: repo.repo,
          deployment_id: id,
          state,
          description: input.description.slice(0, 140),
          ...(input.logUrl ? { log_url: input.logUrl } : {}),
          ...(input.environmentUrl ? { environment_url: input.environmentUrl } : {}),
          auto_inactive: state === 'success',
          request: { signal },
        }),
      );
    },
    async dispatchWorkflow(repo, workflow, ref, inputs) {
      // A dispatch starts a deploy: after a 5xx or a timeout GitHub may have started the run, so only a rate
      // limit (refused, nothing started) is tried again. The caller says to check Actions for the rest.
      await call(
        repo,
        (gh, signal) =>
          gh.rest.actions.createWorkflowDispatch({
            owner: repo.owner,
            repo: repo.repo,
            workflow_id: workflow,
            ref,
            inputs,
            request: { signal },
          }),
        ref,
        { retryable: (error) => error.code === 'rate_limited' },
      );
    },
    async findWorkflowRun(repo, workflow, since) {
      const { data } = await call(repo, (gh, signal) =>
        gh.rest.actions.listWorkflowRuns({
          owner: repo.owner,
          repo: repo.repo,
          workflow_id: workflow,
          event: 'workflow_dispatch',
          per_page: 20,
          request: { signal },
        }),
      );
      const runs = data.workflow_runs.map(toRun).filter((r) => r.createdAt.getTime() >= since.getTime() - 1000);
      return runs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
    },
    async getWorkflowRun(repo, id) {
      const { data } = await call(repo, (gh, signal) =>
        gh.rest.actions.getWorkflowRun({ owner: repo.owner, repo: repo.repo, run_id: id, request: { signal } }),
      );
      return toRun(data);
    },
  };
}

function toRun(run: {
  id: number;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
}): WorkflowRun {
  const status = run.status === 'completed' ? 'completed' : run.status === 'in_progress' ? 'in_progress' : 'queued';
  return { id: run.id, status, conclusion: run.conclusion, url: run.html_url, createdAt: new Date(run.created_at) };
}

/** The payload key marking a GitHub Deployment with the bot's deploy ID. */
export const DEPLOY_ID_KEY = 'chatopsDeployId';
/** Failures after which GitHub may have done the work: no answer, a 5xx, the connection lost. */
const UNCLEAR: ReadonlySet<PortErrorCode> = new Set(['timeout', 'unavailable']);
/** Creations in all, as the bot's GitHub retry policy (each only after finding none there). */
const CREATE_ATTEMPTS = 2;

function deployIdOf(payload: unknown): unknown {
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload) as unknown;
    } catch {
      return undefined;
    }
  }
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[DEPLOY_ID_KEY] : undefined;
}
