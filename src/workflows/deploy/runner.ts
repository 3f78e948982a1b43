import { DEPLOYMENTS, type Deployment, type DeployStep } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, type LeaseHolder, LeaseLost, type LeaseTerms } from '../lease.js';
import { supersedeEarlier } from './serving.js';

/** A rollout's lease: `deploy.leaseSeconds` without renewal; a step renews it while it works. */
export const rolloutLease = (ctx: WorkflowContext): LeaseTerms<Deployment> => ({
  collection: DEPLOYMENTS,
  noun: 'deploy',
  ms: ctx.config.deploy.leaseSeconds * 1000,
});

/**
 * Drives one deploy's steps: persists before and after each, renews the lease, and reports progress.
 * Strategies (cloud-run, github-actions) use it; the record is the only state, so any instance can resume.
 */
export class Rollout {
  private constructor(
    readonly ctx: WorkflowContext,
    private readonly lease: LeaseHolder<Deployment>,
  ) {}

  /** Claims the deploy for this instance; null when another instance holds a live lease or it is finished. */
  static async claim(ctx: WorkflowContext, id: string): Promise<Rollout | null> {
    const now = ctx.clock.now();
    const lease = await claimLease<Deployment>(ctx, rolloutLease(ctx), id, {
      now,
      take: (d) => {
        if (d.status !== 'approved' && d.status !== 'running') return false;
        if (d.status === 'approved') {
          d.status = 'running';
          d.startedAt = now.toISOString();
        }
        return true;
      },
    });
    return lease && new Rollout(ctx, lease);
  }

  get id(): string {
    return this.lease.id;
  }

  get deployment(): Deployment {
    return this.lease.record;
  }

  /** Writes a change under the lease; throws LeaseLost when another instance has taken the deploy over. */
  save(change: (d: Deployment) => void): Promise<Deployment> {
    return this.lease.save(change);
  }

  /** Throws HandedOver once this instance is shutting down: called before the rollout acts again. */
  checkpoint(): void {
    this.lease.checkpoint();
  }

  /** Waits (a bake, a poll interval), cut short by a shutdown, which then hands the rollout over. */
  pause(ms: number): Promise<void> {
    return this.lease.pause(ms);
  }

  /** Resolves when this instance begins to shut down. */
  get stopped(): Promise<void> {
    return this.lease.stopped;
  }

  /** Shutting down: gives the lease up (if still held), so the next instance resumes the rollout at once. */
  release(): Promise<void> {
    return this.lease.release();
  }

  /**
   * Runs step `index` unless done; marks it running, then done (or failed), persisting each time. The lease is
   * renewed while the step works, however long one call takes. A failure during a shutdown is not recorded:
   * the shutdown may be its cause, and whoever resumes runs the step again.
   */
  async step(index: number, run: () => Promise<string>): Promise<void> {
    const step = this.deployment.steps[index];
    if (!step || step.state === 'done' || step.state === 'skipped') return;
    this.checkpoint();
    await this.save((d) =>
      setStep(d.steps[index]!, { state: 'running', startedAt: this.ctx.clock.now().toISOString() }),
    );
    this.ctx.events.emit('deploy.updated', { deploymentId: this.id });
    try {
      const detail = await this.lease.renewing(run);
      await this.save((d) =>
        setStep(d.steps[index]!, { state: 'done', finishedAt: this.ctx.clock.now().toISOString(), detail }),
      );
      const ms = elapsedMs(this.deployment.steps[index]!);
      this.ctx.events.emit('deploy.progress', {
        deploymentId: this.id,
        progress: {
          kind: 'step-done',
          step: step.name,
          ...(detail ? { detail } : {}),
          ...(ms !== undefined ? { ms } : {}),
        },
      });
    } catch (error) {
      if (error instanceof LeaseLost) throw error;
      this.checkpoint();
      const detail = error instanceof Error ? error.message : String(error);
      await this.save((d) =>
        setStep(d.steps[index]!, { state: 'failed', finishedAt: this.ctx.clock.now().toISOString(), detail }),
      );
      this.ctx.events.emit('deploy.progress', {
        deploymentId: this.id,
        progress: { kind: 'step-failed', step: step.name, detail },
      });
      throw new StepFailed(step.name, detail);
    }
    this.ctx.events.emit('deploy.updated', { deploymentId: this.id });
  }

  async skip(index: number, detail: string): Promise<void> {
    await this.save((d) => setStep(d.steps[index]!, { state: 'skipped', detail }));
  }

  /** Ends the rollout: final status and the lease released (one write), audited, announced. */
  async finish(status: 'succeeded' | 'failed' | 'rolled_back', error?: string): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    await this.lease.complete((d) => {
      d.status = status;
      d.finishedAt = now;
      if (error) d.error = error;
      // A workflow run's success is when a github-actions deploy reaches traffic; a canary sets it earlier.
      if (status === 'succeeded') d.reachedTrafficAt ??= now;
    });
    const d = this.deployment;
    if (status === 'succeeded') {
      await supersedeEarlier(this.ctx, d).catch((err: unknown) =>
        this.ctx.log.error({ err, deploymentId: d.id }, 'could not mark the earlier deploys superseded'),
      );
    }
    await this.ctx.store.appendAudit({
      actor: 'system',
      action: `deploy.${status}`,
      target: `deployment:${d.id}`,
      details: { service: d.service, environment: d.environment, sha: d.sha, revision: d.revision, error },
    });
    this.ctx.events.emit('deploy.updated', { deploymentId: d.id });
    this.ctx.events.emit('deploy.finished', {
      deploymentId: d.id,
      service: d.service,
      environment: d.environment,
      outcome: status,
    });
  }
}

export class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly detail: string,
  ) {
    super(`${step}: ${detail}`);
  }
}

function setStep(step: DeployStep, change: Partial<DeployStep>): void {
  Object.assign(step, change);
}

function elapsedMs(step: DeployStep): number | undefined {
  if (!step.startedAt || !step.finishedAt) return undefined;
  return Date.parse(step.finishedAt) - Date.parse(step.startedAt);
}
