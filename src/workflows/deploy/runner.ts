import { DEPLOYMENTS, type Deployment, type DeployStep } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { update } from '../records.js';

/** How long a claim on a rollout lasts without renewal; each step and each bake probe renews it. */
export const LEASE_MS = 60_000;

export class LeaseLost extends Error {
  constructor(id: string) {
    super(`another instance took over deploy ${id}`);
  }
}

/**
 * Drives one deploy's steps: persists before and after each, renews the lease, and reports progress.
 * Strategies (cloud-run, github-actions) use it; the record is the only state, so any instance can resume.
 */
export class Rollout {
  private constructor(
    readonly ctx: WorkflowContext,
    public deployment: Deployment,
  ) {}

  /** Claims the deploy for this instance; null when another instance holds a live lease or it is finished. */
  static async claim(ctx: WorkflowContext, id: string): Promise<Rollout | null> {
    const now = ctx.clock.now();
    let claimed = false;
    const result = await update<Deployment>(ctx.store, DEPLOYMENTS, id, (d) => {
      claimed = false;
      if (d.status !== 'approved' && d.status !== 'running') return d;
      if (d.lease && d.lease.owner !== ctx.instanceId && Date.parse(d.lease.until) > now.getTime()) return d;
      claimed = true;
      d.lease = { owner: ctx.instanceId, until: new Date(now.getTime() + LEASE_MS).toISOString() };
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
    const result = await update<Deployment>(this.ctx.store, DEPLOYMENTS, this.id, (d) => {
      if (d.lease?.owner !== this.ctx.instanceId) throw new LeaseLost(this.id);
      change(d);
      d.lease = { owner: this.ctx.instanceId, until: new Date(now.getTime() + LEASE_MS).toISOString() };
      return d;
    });
    if (!result) throw new LeaseLost(this.id);
    this.deployment = result.after.data;
    return this.deployment;
  }

  /** Runs step `index` unless done; marks it running, then done (or failed), persisting each time. */
  async step(index: number, run: () => Promise<string>): Promise<void> {
    const step = this.deployment.steps[index];
    if (!step || step.state === 'done' || step.state === 'skipped') return;
    await this.save((d) => setStep(d.steps[index]!, { state: 'running', startedAt: this.ctx.clock.now().toISOString() }));
    this.ctx.events.emit('deploy.updated', { deploymentId: this.id });
    try {
      const detail = await run();
      await this.save((d) => setStep(d.steps[index]!, { state: 'done', finishedAt: this.ctx.clock.now().toISOString(), detail }));
      this.ctx.events.emit('deploy.progress', { deploymentId: this.id, text: `:white_check_mark: ${step.name}${detail ? ` — ${detail}` : ''} (${elapsed(this.deployment.steps[index]!)})` });
    } catch (error) {
      if (error instanceof LeaseLost) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      await this.save((d) => setStep(d.steps[index]!, { state: 'failed', finishedAt: this.ctx.clock.now().toISOString(), detail }));
      this.ctx.events.emit('deploy.progress', { deploymentId: this.id, text: `:x: ${step.name} failed — ${detail}` });
      throw new StepFailed(step.name, detail);
    }
    this.ctx.events.emit('deploy.updated', { deploymentId: this.id });
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
    });
    await this.save((d) => {
      delete d.lease;
    }).catch(() => undefined);
    const d = this.deployment;
    await this.ctx.store.appendAudit({ actor: 'system', action: `deploy.${status}`, target: `deployment:${d.id}`, details: { service: d.service, environment: d.environment, sha: d.sha, revision: d.revision, error } });
    this.ctx.events.emit('deploy.updated', { deploymentId: d.id });
    this.ctx.events.emit('deploy.finished', { deploymentId: d.id, service: d.service, environment: d.environment, outcome: status });
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
