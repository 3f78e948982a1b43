import { z } from 'zod';

/**
 * `rollout.analysis`: the canary judged on Cloud Monitoring metrics of real traffic (request_count by response
 * class, request_latencies), canary against a baseline, at the end of every canary step's bake.
 */
export const canaryAnalysisSchema = z.strictObject({
  /** `false` keeps the key (e.g. in one environment) and judges on health checks alone. */
  enabled: z.boolean().default(true),
  /**
   * What the canary is compared with: the revision serving the rest of the traffic, or a fresh revision of the
   * stable image at the canary's share (10 % canary, 10 % baseline, 80 % stable), so both are equally new.
   */
  baseline: z.enum(['rest-of-traffic', 'fresh-revision']).default('rest-of-traffic'),
  /** Cloud Monitoring's alignment period: one data point per revision per period (at least 60 s, its minimum). */
  alignmentSeconds: z.number().int().min(60).max(3600).default(60),
  /** Above this share of 5xx the canary fails, whatever the baseline does. */
  maxErrorRatePercent: z.number().min(0).max(100).default(5),
  /** The canary fails when its 5xx rate is this many times the baseline's… */
  errorRateFactor: z.number().min(1).max(1000).default(2),
  /** …and at least this many percentage points above it (0.1 % against 0.02 % is noise, not a regression). */
  errorRateMarginPercent: z.number().min(0).max(100).default(0.5),
  /** Fewer requests than this, on the canary or the baseline, is too little traffic to compare. */
  minRequests: z.number().int().min(1).max(1_000_000_000).default(100),
  /** The canary fails when its p99 latency is more than this many times the baseline's. */
  maxP99Ratio: z.number().min(1).max(100).default(1.5),
  /** Mann-Whitney U of the per-period 5xx rates and p99 latencies, canary against baseline (as Kayenta does). */
  statistics: z
    .strictObject({
      /** Data points each side needs before the test runs. */
      minPoints: z.number().int().min(3).max(1000).default(5),
      /** How sure the test must be that the canary is worse. */
      confidence: z.number().min(0.5).max(0.9999).default(0.95),
      /** A significant difference fails only when the canary's median is more than this many times the baseline's. */
      allowedIncrease: z.number().min(1).max(100).default(1.25),
    })
    .default({ minPoints: 5, confidence: 0.95, allowedIncrease: 1.25 }),
  /** Too little traffic: pass the step, hold the traffic and bake again (up to `maxExtensions` times), or fail. */
  tooLittleTraffic: z.enum(['pass', 'extend', 'fail']).default('extend'),
  maxExtensions: z.number().int().min(1).max(20).default(2),
  /** Cloud Monitoring failing (5xx, timeout, permission): hold the traffic and ask again, or fail. Never a pass. */
  metricsUnavailable: z.enum(['hold', 'fail']).default('hold'),
  /** How long `hold` keeps asking before the step fails. */
  maxHoldSeconds: z.number().int().min(5).max(3600).default(300),
});

export type CanaryAnalysisConfig = z.output<typeof canaryAnalysisSchema>;
