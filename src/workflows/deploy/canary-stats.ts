import type { Histogram, SeriesPoint, TrafficSummary } from '../../domain/canary.js';
import type { MetricPeriod } from '../../ports/metrics.js';

/** The statistics of canary analysis, pure: sums, percentiles from histograms, and the Mann-Whitney U test. */

const sumValues = (byClass: Record<string, number>): number => Object.values(byClass).reduce((a, b) => a + b, 0);

/**
 * The histograms of a window added bucket by bucket; missing trailing buckets count as zero. A histogram with other
 * bounds than the first (the bucket layout changed mid-window) is left out rather than added wrongly.
 */
export function sumHistograms(histograms: Histogram[]): Histogram | undefined {
  const first = histograms[0];
  if (!first) return undefined;
  const counts: number[] = Array.from({ length: first.bounds.length + 1 }, () => 0);
  for (const h of histograms) {
    if (h.bounds.length !== first.bounds.length || h.bounds.some((b, i) => b !== first.bounds[i])) continue;
    for (const [i, c] of h.counts.entries()) if (i < counts.length) counts[i]! += c;
  }
  return { bounds: first.bounds, counts };
}

/**
 * The q-quantile (0..1) of a histogram: the bucket holding that rank, interpolated linearly inside it. The
 * underflow bucket starts at 0 (latencies); the overflow bucket has no upper bound, so its lower bound is the answer.
 */
export function percentile(h: Histogram, q: number): number | undefined {
  const total = h.counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  const rank = q * total;
  let below = 0;
  for (const [i, count] of h.counts.entries()) {
    if (count > 0 && below + count >= rank) {
      const upper = h.bounds[i];
      const lower = i === 0 ? Math.min(0, h.bounds[0] ?? 0) : h.bounds[i - 1]!;
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * Math.max(0, rank - below)) / count;
    }
    below += count;
  }
  return h.bounds.at(-1);
}

/** A revision's numbers over its periods: requests, 5xx, and p50/p95/p99 of the summed histogram. */
export function summarise(revision: string, periods: MetricPeriod[]): TrafficSummary {
  const requests = periods.reduce((n, p) => n + sumValues(p.requestsByClass), 0);
  const errors = periods.reduce((n, p) => n + (p.requestsByClass['5xx'] ?? 0), 0);
  const histogram = sumHistograms(periods.flatMap((p) => (p.latency ? [p.latency] : [])));
  const at = (q: number) => (histogram ? percentile(histogram, q) : undefined);
  const [p50, p95, p99] = [at(0.5), at(0.95), at(0.99)];
  return {
    revision,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : 0,
    ...(p50 !== undefined ? { p50 } : {}),
    ...(p95 !== undefined ? { p95 } : {}),
    ...(p99 !== undefined ? { p99 } : {}),
  };
}

/** One chart point per period that served requests. */
export function seriesOf(periods: MetricPeriod[]): SeriesPoint[] {
  return periods.flatMap((p) => {
    const requests = sumValues(p.requestsByClass);
    if (requests <= 0) return [];
    const p99 = p.latency ? percentile(p.latency, 0.99) : undefined;
    return [
      {
        at: p.end.toISOString(),
        requests,
        errorRate: (p.requestsByClass['5xx'] ?? 0) / requests,
        ...(p99 !== undefined ? { p99 } : {}),
      },
    ];
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The standard normal CDF (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Mann-Whitney U, one-sided: how confident we may be that values of `x` (the canary) tend to be higher than those
 * of `y` (the baseline). Ranks with ties averaged; the normal approximation with tie and continuity correction.
 * All values tied gives 0.5: no evidence either way.
 */
export function mannWhitney(x: number[], y: number[]): { u: number; confidence: number } {
  const n1 = x.length;
  const n2 = y.length;
  const all = [...x.map((v) => ({ v, canary: true })), ...y.map((v) => ({ v, canary: false }))].sort(
    (a, b) => a.v - b.v,
  );
  const n = all.length;
  let rankSum = 0;
  let ties = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j += 1;
    const rank = (i + j + 2) / 2;
    const size = j - i + 1;
    ties += size ** 3 - size;
    for (let k = i; k <= j; k += 1) if (all[k]!.canary) rankSum += rank;
    i = j + 1;
  }
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (!(variance > 0)) return { u, confidence: 0.5 };
  const z = (u - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance);
  return { u, confidence: normalCdf(z) };
}
