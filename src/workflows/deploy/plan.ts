import { randomBytes } from 'node:crypto';
import type { DeployPlan, DeployStep, Deployment } from '../../domain/deployment.js';
import { isPortError } from '../../domain/errors.js';
import type { RuntimeService } from '../../ports/runtime-platform.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { assessRisk } from './risk.js';
import { resolveTarget, revisionFor, type DeployTarget } from './target.js';
import { openIncidentsOn } from '../incident/deploys.js';
import { checkGates, ownLock } from '../deploy-gates.js';
import { pendingApproval, refuseUnreachableApprovals, resolveApprovers } from '../approval/approvers.js';
import { forceRefusal } from '../approval/break-glass.js';
import { openRequest } from '../approval/request.js';
import { DEPLOY_APPROVALS } from './approval.js';
import { refuseOnGates } from './plan-gates.js';
import { stepsFor, verificationFor } from './plan-steps.js';
import { previousDeploys } from './queries.js';
import { estimateFromSteps } from './estimate.js';
import {
  ciCheck,
  lockCheck,
  requiredContextChecks,
  rolledBackCheck,
  rolledBackRecently,
  trafficCheck,
} from './plan-checks.js';
import { liveState } from './serving.js';
import type { DeployArtifact } from '../../domain/deploy-gates.js';
import { checkPromotion } from './promotion-gate.js';
import { monitoringLinks } from '../../domain/cloud-console-links.js';
import { auditPlanChecks } from '../audit/plan-check.js';

export interface DeployRequest {
  service: string;
  environment: string;
  ref?: string;
  actor: string;
  force?: string;
  /** The image to deploy instead of the template's (a promotion: what serves in the source environment). */
  artifact?: DeployArtifact;
}

/** Builds and records a deploy: resolves the ref, checks gates and CI, assesses risk. Nothing rolls out yet. */
export async function requestDeploy(ctx: WorkflowContext, request: DeployRequest): Promise<Deployment> {
  const target = resolveTarget(ctx.config, request.service, request.environment);
  const refused = forceRefusal(ctx, request.actor, request.force);
  if (refused) throw refused;
  const now = ctx.clock.now();
  const gate = await checkGates(ctx, target.service, target.environment, request.actor, now);
  if (!request.force) refuseOnGates(gate, ctx.config.timezone);

  const ref = request.ref ?? target.serviceConfig.defaultBranch;
  const commit = await ctx.sourceControl.getCommit(target.repo, ref).catch((error: unknown) => {
    if (isPortError(error) && error.code === 'not_found')
      throw new Refusal(`"${ref}" is not a branch, tag or commit of ${target.repo.owner}/${target.repo.repo}.`);
    throw error;
  });
  const promotion = await checkPromotion(ctx, target, commit.sha, now, request.force !== undefined);
  const history = await previousDeploys(ctx, target.service, target.environment);
  const [checks, openIncidents, approvers, runtime, comparison, mine] = await Promise.all([
    ctx.sourceControl.getChecks(target.repo, commit.sha).catch((error: unknown) => ({ error: errorText(error) })),
    // A deploy during an incident on the service is allowed (it may be the fix), but flagged.
    openIncidentsOn(ctx, target.service),
    resolveApprovers(ctx, target.env.approvers),
    readRuntime(ctx, target),
    history.lastGood
      ? ctx.sourceControl
          .compare(target.repo, history.lastGood.sha, commit.sha)
          .catch((error: unknown) => ({ error: errorText(error) }))
      : Promise.resolve(undefined),
    gate.lock ? Promise.resolve(undefined) : ownLock(ctx, target.service, target.environment, request.actor, now),
  ]);
  const needsApproval = target.env.requiresApproval && request.force === undefined;
  if (needsApproval)
    refuseUnreachableApprovals(ctx, {
      request: 'deploy',
      service: target.service,
      environment: target.environment,
      approvers,
      required: target.env.minApprovals,
      requester: request.actor,
    });
  // Checks that must pass and cannot be read are not assumed to pass: the deploy waits for GitHub (or break-glass).
  if ('error' in checks && target.rollout.requiredContexts.length > 0 && !request.force) {
    throw new Refusal(
      `The required checks (${target.rollout.requiredContexts.join(', ')}) on ${commit.sha.slice(0, 7)} could not be read (${checks.error}). Nothing was recorded: request the deploy again once GitHub answers, or use --force "reason" (break-glass).`,
    );
  }
  const required = requiredContextChecks(checks, target.rollout.requiredContexts);
  const failedRequired = required.filter((c) => c.mark === 'fail');
  if (failedRequired.length > 0 && !request.force)
    throw new Refusal(
      `Required checks are failing on ${commit.sha.slice(0, 7)}: ${failedRequired.map((c) => c.name).join(', ')}. Fix them, or use --force "reason" (break-glass).`,
    );

  const security = await auditPlanChecks(ctx, target.service, target.environment, request.force !== undefined);
  const diff = comparison && !('error' in comparison) ? comparison : undefined;
  // Cloud Run is read anyway (the rollback plan returns to what it serves): say so when the records disagree.
  const live = liveState(target.service, target.environment, history.deploys, runtime);
  const rollbackTarget = live.traffic?.[0]?.revision ?? runtime?.latestReadyRevision ?? null;
  const rolledBack = rolledBackRecently(history.deploys, commit.sha, now);
  const steps = stepsFor(target);
  const plan: DeployPlan = {
    baseSha: history.lastGood?.sha,
    changes: diff && {
      aheadBy: diff.aheadBy,
      authors: [...new Set(diff.commits.map((c) => c.author))],
      compareUrl: diff.url,
      files: diff.files.length,
    },
    changesUnknown: comparison && 'error' in comparison ? comparison.error : undefined,
    risk: assessRisk({
      environment: target.environment,
      files: diff?.files ?? [],
      aheadBy: diff?.aheadBy ?? 0,
      recentFailures: history.recentFailures,
      riskPaths: ctx.config.deploy.riskPaths,
      diffUnknown: comparison !== undefined && 'error' in comparison,
      rolledBack: rolledBack !== undefined,
    }),
    estimateSeconds: history.medianSeconds ?? estimateFromSteps(target, steps.length),
    estimateBasis: history.medianSeconds !== undefined ? 'history' : 'steps',
    checks: [
      ciCheck(checks),
      ...required,
      openIncidents.length
        ? {
            name: 'No open incident on the service',
            mark: 'warn',
            detail: openIncidents.map((i) => `${i.severity} ${i.title}`).join('; '),
          }
        : { name: 'No open incident on the service', mark: 'pass', detail: 'none open' },
      lockCheck({ ...gate, ...(mine ? { ownLock: mine } : {}) }, ctx.config.timezone, now),
      gate.freeze
        ? { name: 'No freeze window', mark: 'warn', detail: `forced during ${gate.freeze.name}` }
        : { name: 'No freeze window', mark: 'pass', detail: 'outside every freeze window' },
      ...(rolledBack ? [rolledBackCheck(rolledBack, ctx.config.timezone, now)] : []),
      ...[trafficCheck(live)].filter((c) => c !== undefined),
      ...(promotion.check ? [promotion.check] : []),
      ...security,
    ],
    verification: verificationFor(target),
  };
  const id = `d-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  if (target.rollout.strategy === 'cloud-run')
    plan.monitoring = monitoringLinks(target.location, revisionFor(target, id));
  const approval = pendingApproval(ctx, {
    requester: request.actor,
    approvers,
    required: target.env.minApprovals,
    now,
  });
  const deployment: Deployment = {
    id,
    service: target.service,
    environment: target.environment,
    ref,
    sha: commit.sha,
    commitTitle: commit.title,
    commitAuthor: commit.author,
    commitUrl: commit.url,
    strategy: target.rollout.strategy,
    // With no approval needed (or break-glass) the plan is approved as it is made, and never expires.
    ...(needsApproval ? approval : { ...approval, status: 'approved', expiresAt: undefined, requiredApprovals: 0 }),
    forced: request.force !== undefined ? { user: request.actor, reason: request.force } : undefined,
    rollbackTarget: target.rollout.strategy === 'cloud-run' ? (rollbackTarget ?? undefined) : history.lastGood?.sha,
    steps: steps.map((name): DeployStep => ({ name, state: 'pending' })),
    plan,
    ...((request.artifact ?? promotion.artifact) ? { artifact: request.artifact ?? promotion.artifact } : {}),
  };
  return openRequest(ctx, DEPLOY_APPROVALS, deployment, {
    actor: request.actor,
    action: request.force !== undefined ? 'deploy.break-glass' : 'deploy.request',
    target: `service:${target.service}/${target.environment}`,
    details: {
      deploymentId: deployment.id,
      ref,
      sha: commit.sha,
      reason: request.force,
      lock: gate.lock?.holder,
      freeze: gate.freeze?.name,
    },
  });
}

/** Cloud Run's view of the service (cloud-run only); null when it cannot be read: the plan goes on without it. */
async function readRuntime(ctx: WorkflowContext, target: DeployTarget): Promise<RuntimeService | undefined> {
  if (target.rollout.strategy !== 'cloud-run') return undefined;
  return ctx.runtime.getService(target.location).catch(() => undefined);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
