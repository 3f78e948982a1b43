import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import type { Incident, TimelineEntry } from '../../domain/incident.js';
import type { DomainEvents } from '../events.js';
import type { WorkflowContext } from '../context.js';
import { addEntry, audit, listOpen } from './repository.js';

/** How many deploys the card lists. */
export const CARD_DEPLOYS = 3;

/** The last three prod deploys of the incident's services, newest first: what the card offers to roll back. */
export async function recentDeploys(ctx: WorkflowContext, services: string[]): Promise<Deployment[]> {
  const lists = await Promise.all(
    services.map((service) =>
      ctx.store.list(DEPLOYMENTS, {
        where: { service, environment: 'prod' },
        orderBy: { field: 'requestedAt', direction: 'desc' },
        limit: CARD_DEPLOYS,
      }),
    ),
  );
  return lists
    .flat()
    .map((r) => r.data)
    .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
    .slice(0, CARD_DEPLOYS);
}

/** Open incidents on a service: the deploy plan's "no open incident" check reads this. */
export async function openIncidentsOn(ctx: WorkflowContext, service: string): Promise<Incident[]> {
  return (await listOpen(ctx)).filter((i) => i.services.includes(service));
}

export interface DeployNotice {
  incident: Incident;
  entry: TimelineEntry;
}

/** A finished deploy of an affected service becomes a timeline entry of each open incident on it (once per outcome). */
export async function recordDeployFinished(
  ctx: WorkflowContext,
  event: DomainEvents['deploy.finished'],
): Promise<DeployNotice[]> {
  const incidents = await openIncidentsOn(ctx, event.service);
  if (incidents.length === 0) return [];
  const deploy = (await ctx.store.get(DEPLOYMENTS, event.deploymentId))?.data;
  const what = deploy
    ? `\`${deploy.sha.slice(0, 7)}\`${deploy.commitTitle ? ` (${deploy.commitTitle})` : ''}`
    : event.deploymentId;
  const text = `Deploy of ${event.service} to ${event.environment} ${event.outcome.replace('_', ' ')}: ${what}${deploy?.revision ? `, revision \`${deploy.revision}\`` : ''}.`;
  return record(ctx, incidents, {
    kind: 'deploy',
    actor: deploy?.requestedBy ?? 'system',
    text,
    key: `deploy.${event.deploymentId}.${event.outcome}`,
  });
}

export async function recordRollbackFinished(
  ctx: WorkflowContext,
  event: DomainEvents['rollback.finished'],
): Promise<DeployNotice[]> {
  const incidents = await openIncidentsOn(ctx, event.service);
  const text = `Rollback of ${event.service} in ${event.environment} ${event.ok ? 'done' : 'failed'}: traffic on \`${event.revision}\`.`;
  const key = `rollback.${event.service}.${event.environment}.${event.revision}.${ctx.clock.now().getTime()}`;
  return record(ctx, incidents, { kind: 'rollback', actor: event.actor, text, key });
}

async function record(
  ctx: WorkflowContext,
  incidents: Incident[],
  input: { kind: 'deploy' | 'rollback'; actor: string; text: string; key: string },
): Promise<DeployNotice[]> {
  const notices: DeployNotice[] = [];
  for (const incident of incidents) {
    const entry = await addEntry(ctx, { incidentId: incident.id, ...input });
    if (!entry) continue;
    await audit(ctx, input.actor, input.kind, incident, { text: input.text });
    notices.push({ incident, entry });
  }
  return notices;
}
