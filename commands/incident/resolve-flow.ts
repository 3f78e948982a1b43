import { renderResolvedNotice } from '../../blocks/incident-messages.js';
import { postmortemIssue, renderPostmortem, type PostmortemInput } from '../../blocks/incident-postmortem.js';
import { formatDuration } from '../../src/domain/format.js';
import { durationMs, type Incident } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { listTimeline } from '../../src/workflows/incident/repository.js';
import { openPostmortemIssue, resolveIncident, type ResolveInput } from '../../src/workflows/incident/resolve.js';
import type { IncidentPresenter } from './presenter.js';
import { nameLookup } from './users.js';

const repoName = (ctx: WorkflowContext): string | undefined => {
  const repo = ctx.config.incidents.postmortem.github;
  return repo ? `${repo.owner}/${repo.repo}` : undefined;
};

/** Opens the GitHub issue (when configured), with the draft in Markdown; returns the incident as it is after. */
async function withIssue(
  ctx: WorkflowContext,
  presenter: IncidentPresenter,
  input: PostmortemInput,
  by: string,
): Promise<Incident> {
  if (!repoName(ctx)) return input.incident;
  const draft = postmortemIssue(input, await nameLookup(presenter.client));
  return (await openPostmortemIssue(ctx, input.incident.id, draft, by)) ?? input.incident;
}

/** Resolve: the workflow decides; then the GitHub issue, the postmortem draft in the channel, and the notice in the incidents channel. */
export async function finishResolve(
  ctx: WorkflowContext,
  presenter: IncidentPresenter,
  input: ResolveInput,
): Promise<void> {
  const resolved = await resolveIncident(ctx, input);
  const base: PostmortemInput = {
    incident: resolved.incident,
    timeline: resolved.timeline,
    timeZone: ctx.config.timezone,
    ...(repoName(ctx) ? { repo: repoName(ctx)! } : {}),
  };
  const incident = await withIssue(ctx, presenter, base, input.by);
  const took = formatDuration(durationMs(incident, new Date(incident.resolution!.at)));
  await presenter.postInIncident(incident, renderPostmortem({ ...base, incident }), resolved.entry);
  await presenter.broadcast(renderResolvedNotice(incident, ctx.config.timezone, took));
  await presenter.refreshCard(incident.id);
}

/** The "Open the GitHub issue again" button under a postmortem whose issue failed: returns the updated draft. */
export async function retryIssue(
  ctx: WorkflowContext,
  presenter: IncidentPresenter,
  incident: Incident,
  by: string,
): Promise<ReturnType<typeof renderPostmortem>> {
  const base: PostmortemInput = {
    incident,
    timeline: await listTimeline(ctx, incident.id),
    timeZone: ctx.config.timezone,
    ...(repoName(ctx) ? { repo: repoName(ctx)! } : {}),
  };
  const after = await withIssue(ctx, presenter, base, by);
  await presenter.refreshCard(after.id);
  return renderPostmortem({ ...base, incident: after });
}
