import type { CanaryAnalysisConfig } from '../../config/schema-canary.js';
import { isPortError } from '../../domain/errors.js';
import type { MetricPeriod } from '../../ports/metrics.js';
import type { Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

/**
 * Reads the step's metrics. Cloud Monitoring failing (5xx, timeout, permission) is "metrics unavailable": with
 * `metricsUnavailable: hold` the traffic stays where it is and the bot asks again until `maxHoldSeconds` have
 * passed, then fails the step; with `fail` it fails at once. It never counts as a pass.
 */
export async function readMetrics(
  rollout: Rollout,
  config: CanaryAnalysisConfig,
  target: DeployTarget,
  window: { revisions: string[]; start: Date; end: Date },
  step: string,
): Promise<Map<string, MetricPeriod[]>> {
  const { ctx } = rollout;
  const holdUntil = ctx.clock.now().getTime() + config.maxHoldSeconds * 1000;
  const every = Math.min(15_000, Math.max(1000, (config.maxHoldSeconds * 1000) / 10));
  let end = window.end;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await ctx.metrics.revisionMetrics({
        location: target.location,
        revisions: window.revisions,
        start: window.start,
        end,
        alignmentSeconds: config.alignmentSeconds,
      });
    } catch (error) {
      if (!isPortError(error)) throw error;
      const holding = config.metricsUnavailable === 'hold' && ctx.clock.now().getTime() < holdUntil;
      if (attempt === 0)
        ctx.events.emit('deploy.canary', {
          deploymentId: rollout.id,
          progress: {
            kind: 'metrics-unavailable',
            step,
            error: error.message,
            holding,
            ...(holding ? { until: new Date(holdUntil).toISOString() } : {}),
          },
        });
      if (!holding) {
        const held = attempt > 0 ? ` for ${config.maxHoldSeconds}s` : '';
        throw new Error(`canary analysis failed: metrics unavailable${held} (${error.message})`);
      }
      await rollout.save(() => undefined); // renews the lease while holding
      await rollout.pause(every);
      rollout.checkpoint();
      end = ctx.clock.now();
    }
  }
}
