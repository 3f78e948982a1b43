import { imageOf, resolveTarget, stableHash, type ServiceState } from './model.js';

/**
 * Request traffic the stand-in's services serve, for the Cloud Monitoring stand-in: each service gets a steady
 * request rate, split over its revisions as its served traffic was at each moment (recorded as it changes), and
 * each revision answers as its image's profile says (share of 5xx, latency median and spread). The numbers are a
 * function of the time, so asking twice gives the same answer, with a little stable noise per period.
 */

export interface LoadProfile {
  /** Share of requests answered 5xx (0.002 = 0.2 %). */
  errorRate: number;
  /** Latency median (ms) and log-normal spread. */
  medianMs: number;
  sigma: number;
}

export const HEALTHY: LoadProfile = { errorRate: 0.002, medianMs: 60, sigma: 0.45 };
/** Cloud Run's request_latencies buckets: exponential, 100 finite buckets, growth 1.4, scale 1 ms. */
export const LATENCY_BUCKETS = { numFiniteBuckets: 100, growthFactor: 1.4, scale: 1 } as const;
const DEFAULT_RPS = 1200;

interface Split {
  at: number;
  shares: Map<string, number>;
}

export interface PeriodTraffic {
  byClass: Record<'2xx' | '4xx' | '5xx', number>;
  bucketCounts: number[];
  mean: number;
}

export class RequestLoad {
  /** The time a change of traffic is recorded at: the bot's clock in tests that move time (see startSandbox). */
  now: () => Date = () => new Date();
  private readonly history = new Map<string, Split[]>();
  private readonly rates = new Map<string, number>();
  private readonly profiles = new Map<string, LoadProfile>();

  /** Requests per second the service serves in all (default 1200). */
  setRate(service: string, rps: number): void {
    this.rates.set(service, rps);
  }

  /** How revisions of this image answer. */
  setProfile(image: string, profile: Partial<LoadProfile>): void {
    this.profiles.set(image, { ...HEALTHY, ...profile });
  }

  /** Notes the service's served split as of `at`, by default now (a seed is recorded at the epoch: it always served so). */
  record(s: ServiceState, at: Date = this.now()): void {
    const key = `${s.project}/${s.name}`;
    const shares = new Map<string, number>();
    for (const t of s.servedTraffic) {
      const revision = resolveTarget(s, t);
      if (revision && t.percent > 0) shares.set(revision, (shares.get(revision) ?? 0) + t.percent);
    }
    const list = this.history.get(key) ?? [];
    const last = list.at(-1);
    if (last && [...shares].every(([r, p]) => last.shares.get(r) === p) && last.shares.size === shares.size) return;
    list.push({ at: at.getTime(), shares });
    this.history.set(key, list);
  }

  /** What `revision` served between `from` and `to` (ms since the epoch); undefined when nothing. */
  traffic(s: ServiceState, revision: string, from: number, to: number): PeriodTraffic | undefined {
    const list = this.history.get(`${s.project}/${s.name}`) ?? [];
    let seconds = 0; // share-weighted seconds
    list.forEach((split, i) => {
      const start = Math.max(from, split.at);
      const end = Math.min(to, list[i + 1]?.at ?? Number.POSITIVE_INFINITY);
      if (end > start) seconds += ((end - start) / 1000) * ((split.shares.get(revision) ?? 0) / 100);
    });
    const noise = (salt: string) =>
      (parseInt(stableHash(`${revision}:${to}:${salt}`).slice(0, 6), 16) / 0xffffff) * 2 - 1;
    const total = Math.round(seconds * (this.rates.get(s.name) ?? DEFAULT_RPS) * (1 + 0.04 * noise('n')));
    if (total <= 0) return undefined;
    const image = imageOf(s.revisions.find((r) => r.name === revision)?.template ?? {});
    const profile = this.profiles.get(image) ?? HEALTHY;
    const errors = Math.min(total, Math.round(total * profile.errorRate * (1 + 0.1 * noise('e'))));
    const clientErrors = Math.min(total - errors, Math.round(total * 0.01));
    const median = profile.medianMs * (1 + 0.02 * noise('l'));
    return {
      byClass: { '2xx': total - errors - clientErrors, '4xx': clientErrors, '5xx': errors },
      bucketCounts: logNormalCounts(total, median, profile.sigma),
      mean: median * Math.exp(profile.sigma ** 2 / 2),
    };
  }
}

const erf = (x: number): number => {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    t *
      (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
};

/** `total` requests spread over Cloud Run's buckets as a log-normal latency would (largest remainders rounded up). */
function logNormalCounts(total: number, medianMs: number, sigma: number): number[] {
  const { numFiniteBuckets: n, growthFactor: g, scale } = LATENCY_BUCKETS;
  const cdf = (x: number) => (x <= 0 ? 0 : 0.5 * (1 + erf(Math.log(x / medianMs) / (sigma * Math.SQRT2))));
  const uppers = Array.from({ length: n + 1 }, (_, i) => scale * g ** i);
  const exact = [...uppers, Number.POSITIVE_INFINITY].map(
    (upper, i) => total * ((upper === Number.POSITIVE_INFINITY ? 1 : cdf(upper)) - (i === 0 ? 0 : cdf(uppers[i - 1]!))),
  );
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let left = total - counts.reduce((a, b) => a + b, 0), k = 0; left > 0; left -= 1, k += 1)
    counts[order[k]![1]]! += 1;
  let last = counts.length;
  while (last > 0 && counts[last - 1] === 0) last -= 1;
  return counts.slice(0, last); // trailing empty buckets are left out, as Cloud Monitoring does
}
