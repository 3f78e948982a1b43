import { DEPLOYMENTS, type Deployment, type DeployStep } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { update } from '../records.js';
import { driversOf, isStopping, releaseLease } from './handover.js';
import { supersedeEarlier } from './serving.js';

/** How long a claim on a rollout lasts without renewal (`deploy.leaseSeconds`); a step renews it while it works. */
export const leaseMs = (ctx: WorkflowContext): number => ctx.config.deploy.leaseSeconds * 1000;

export class LeaseLost extends Error {
  constructor(id: string, message = `another instance took over deploy ${id}`) {
    super(message);
  }
}

/** This instance is shutting down: the rollout stops here, unfinished steps stay as they are, and its lease is released. */
export class HandedOver extends LeaseLost {
  constructor(id: string) {
    super(id, `deploy ${id} handed over: this instance is shutting down`);
  }
}

/**
 * Drives one deploy's steps: persists before and after each, renews the lease, and reports progress.
 * Strategies (cloud-run, github-actions) use it; the record is the only state, so any instance can resume.
 */
export class Rollout {
  private version = 0;

  private constructor(
    readonly ctx: WorkflowContext,
    public deployment: Deployment,
  ) {}

  /** Claims the deploy for this instance; null when another instance holds a live lease or it is finished. */
  static async claim(ctx: WorkflowContext, id: string): Promise<Rollout | null> {
    const now = ctx.clock.now();
    let claimed = false;
    const result = await update(ctx.store, DEPLOYMENTS, id, (d) => {
      claimed = false;
      if (d.status !== 'approved' && d.status !== 'running') return d;
      if (d.lease && d.lease.owner !== ctx.instanceId && Date.parse(d.lease.until) > now.getTime()) return d;
      claimed = true;
      d.lease = { owner: ctx.instanceId, until: new Date(now.getTime() + leaseMs(ctx)).toISOString() };
      if (d.status === 'approved') {
        d.status = 'running';
        d.startedAt = now.toISOString();
      }
      return d;
    });
    return claimed && result ? new Rollout(ctx, result.after.data) : null;
  }

  get id(): string {
    return this.deployment.id;
  }

  /** Writes a change under the lease; throws LeaseLost when another instance has taken the deploy over. */
  async save(change: (d: Deployment) => void): Promise<Deployment> {
    const now = this.ctx.clock.now();
    const result = await update(this.ctx.store, DEPLOYMENTS, this.id, (d) => {
      if (d.lease?.owner !== this.ctx.instanceId) throw new LeaseLost(this.id);
      change(d);
      d.lease = { owner: this.ctx.instanceId, until: new Date(now.getTime() + leaseMs(this.ctx)).toISOString() };
      return d;
    });
    if (!result) throw new LeaseLost(this.id);
    // A lease renewal running beside a step's own save may finish last: keep the newest version.
    if (result.after.version >= this.version) {
      this.version = result.after.version;
      this.deployment = result.after.data;
    }
    return this.deployment;
  }

  /** Throws HandedOver once this instance is shutting down: called before the rollout acts again. */
  checkpoint(): void {
    if (isStopping(this.ctx)) throw new HandedOver(this.id);
  }

  /** Waits (a bake, a poll interval), cut short by a shutdown, which then hands the rollout over. */
  async pause(ms: number): Promise<void> {
    await Promise.race([this.ctx.clock.sleep(ms), driversOf(this.ctx).stopped]);
    this.checkpoint();
  }

  /** Resolves when this instance begins to shut down. */
  get stopped(): Promise<void> {
    return driversOf(this.ctx).stopped;
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
      const detail = await this.renewing(run);
      await this.save((d) =>
        setStep(d.steps[index]!, { state: 'done', finishedAt: this.ctx.clock.now().toISOString(), detail }),
      );
      this.ctx.events.emit('deploy.progress', {
        deploymentId: this.id,
        text: `:white_check_mark: ${step.name}${detail ? ` — ${detail}` : ''} (${elapsed(this.deployment.steps[index]!)})`,
      });
    } catch (error) {
      if (error instanceof LeaseLost) throw error;
      if (isStopping(this.ctx)) throw new HandedOver(this.id);
      const detail = error instanceof Error ? error.message : String(error);
      await this.save((d) =>
        setStep(d.steps[index]!, { state: 'failed', finishedAt: this.ctx.clock.now().toISOString(), detail }),
      );
      this.ctx.events.emit('deploy.progress', { deploymentId: this.id, text: `:x: ${step.name} failed — ${detail}` });
      throw new StepFailed(step.name, detail);
    }
    this.ctx.events.emit('deploy.updated', { deploymentId: this.id });
  }

  private async renewing<T>(work: () => Promise<T>): Promise<T> {
    const every = Math.max(1000, Math.floor(leaseMs(this.ctx) / 3));
    const timer = setInterval(() => void this.save(() => undefined).catch(() => undefined), every).unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  async skip(index: number, detail: string): Promise<void> {
    await this.save((d) => setStep(d.steps[index]!, { state: 'skipped', detail }));
  }

  /** Ends the rollout: final status, the lease released, audited, announced. */
  async finish(status: 'succeeded' | 'failed' | 'rolled_back', error?: string): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    await this.save((d) => {
      d.status = status;
      d.finishedAt = now;
      if (error) d.error = error;
      // A workflow run's success is when a github-actions deploy reaches traffic; a canary sets it earlier.
      if (status === 'succeeded') d.reachedTrafficAt ??= now;
    });
    await releaseLease(this.ctx, this.id).catch(() => undefined); // (save() would renew it)
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

function elapsed(step: DeployStep): string {
  if (!step.startedAt || !step.finishedAt) return '';
  const seconds = (Date.parse(step.finishedAt) - Date.parse(step.startedAt)) / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)}s` : `${Math.floor(seconds / 60)}m ${Math.round(seconds % 60)}s`;
}
