import type { CanaryStepAnalysis, StepOutcome, TrafficSummary } from '../../domain/canary.js';
import { failureWords, summaryWords } from '../../domain/canary-words.js';
import type { CanaryAnalysisConfig } from '../../config/schema-canary.js';
import type { Baseline } from './canary-baseline.js';
import { judge } from './canary-judge.js';
import { readMetrics } from './canary-metrics.js';
import { canaryRecordOf, recordStep } from './canary-record.js';
import { seriesOf, summarise } from './canary-stats.js';
import type { Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

export interface CanaryStep {
  name: string;
  percent: number;
  revision: string;
  baseline: Baseline;
  /** When the step's traffic moved: the window starts here. */
  movedAt: Date;
  /** Bakes once more (with health checks), for an extension. */
  bakeAgain(): Promise<unknown>;
}

/**
 * Judges a baked canary step on Cloud Monitoring metrics, canary against baseline. Returns the step detail's
 * words; throws (failing the step, which rolls back) on a failing verdict, too little traffic with
 * `tooLittleTraffic: fail`, or metrics unavailable past the `metricsUnavailable` policy. Never passes silently.
 */
export async function analyseCanaryStep(rollout: Rollout, target: DeployTarget, step: CanaryStep): Promise<string> {
  const config = target.rollout.analysis;
  if (!config?.enabled) return '';
  const { ctx } = rollout;
  const emit = (progress: Parameters<typeof ctx.events.emit<'deploy.canary'>>[1]['progress']) =>
    ctx.events.emit('deploy.canary', { deploymentId: rollout.id, progress });
  const compareWith = step.percent < 100 ? step.baseline.revision : undefined;
  for (let extensions = 0; ; extensions += 1) {
    const end = ctx.clock.now();
    const revisions = [step.revision, ...(compareWith ? [compareWith] : [])];
    const metrics = await readMetrics(rollout, config, target, { revisions, start: step.movedAt, end }, step.name);
    const canaryPeriods = metrics.get(step.revision) ?? [];
    const canary = summarise(step.revision, canaryPeriods);
    const baselinePeriods = compareWith ? (metrics.get(compareWith) ?? []) : undefined;
    const baseline = compareWith
      ? {
          ...summarise(compareWith, baselinePeriods ?? []),
          source: step.baseline.fresh ? ('fresh-revision' as const) : ('rest-of-traffic' as const),
        }
      : await earlierBaseline(rollout, step.name);
    const { verdicts, judgement } = judge(
      { canary, canaryPeriods, ...(baseline ? { baseline } : {}), ...(baselinePeriods ? { baselinePeriods } : {}) },
      config,
    );
    if (judgement === 'low-traffic' && config.tooLittleTraffic === 'extend' && extensions < config.maxExtensions) {
      emit({
        kind: 'extending',
        step: step.name,
        extension: extensions + 1,
        of: config.maxExtensions,
        canary,
        minRequests: config.minRequests,
      });
      await step.bakeAgain();
      continue;
    }
    const analysis: CanaryStepAnalysis = {
      step: step.name,
      percent: step.percent,
      bakeSeconds: target.rollout.canary.bakeSeconds,
      start: step.movedAt.toISOString(),
      end: end.toISOString(),
      canary,
      ...(baseline ? { baseline } : {}),
      verdicts,
      outcome: outcomeOf(judgement, config),
      extensions,
      series: { canary: seriesOf(canaryPeriods), baseline: seriesOf(baselinePeriods ?? []) },
    };
    await recordStep(ctx, rollout.id, analysis);
    emit({ kind: 'analysed', analysis });
    if (analysis.outcome === 'fail') throw new Error(failureWords(analysis));
    return summaryWords(analysis);
  }
}

function outcomeOf(judgement: ReturnType<typeof judge>['judgement'], config: CanaryAnalysisConfig): StepOutcome {
  if (judgement === 'pass') return 'pass';
  if (judgement === 'low-traffic' && config.tooLittleTraffic === 'pass') return 'pass-low-traffic';
  return 'fail';
}

/** At 100 % no traffic is left for a baseline: the last earlier step's baseline numbers stand in. */
async function earlierBaseline(
  rollout: Rollout,
  step: string,
): Promise<(TrafficSummary & { source: 'earlier-step' }) | undefined> {
  const record = await canaryRecordOf(rollout.ctx, rollout.id);
  const earlier = record?.steps.filter((s) => s.step !== step && s.baseline && s.baseline.source !== 'earlier-step');
  const last = earlier?.at(-1)?.baseline;
  if (!last) return undefined;
  const { source: _source, ...numbers } = last;
  return { ...numbers, source: 'earlier-step' };
}
