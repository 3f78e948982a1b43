/** Open- and closed-loop load, bounded in count and time. */
import type { Answer } from './client.js';

export interface LatencyStats {
  sent: number;
  ok: number;
  failures: number;
  /** Failed answers by reason ("HTTP 404", "timeout", "ECONNRESET", "empty ack" …). */
  failureReasons: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
  /** Completed requests per second over the run. */
  throughput: number;
  seconds: number;
}

/** What counts as a good answer: 200 within Slack's 3 s, and whatever else the caller checks (e.g. "help is in the ack"). */
export type Check = (answer: Answer) => string | undefined;
export const acked: Check = (a) =>
  a.error ? a.error : a.status !== 200 ? `HTTP ${a.status}` : a.ms > 3000 ? 'over 3 s' : undefined;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

class Recorder {
  readonly latencies: number[] = [];
  readonly reasons: Record<string, number> = {};
  sent = 0;

  record(answer: Answer, latencyMs: number, check: Check): void {
    const problem = acked(answer) ?? check(answer);
    if (problem) this.reasons[problem] = (this.reasons[problem] ?? 0) + 1;
    this.latencies.push(latencyMs);
  }

  stats(seconds: number): LatencyStats {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const failures = Object.values(this.reasons).reduce((a, b) => a + b, 0);
    return {
      sent: this.sent,
      ok: this.latencies.length - failures,
      failures,
      failureReasons: this.reasons,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      throughput: this.latencies.length / seconds,
      seconds,
    };
  }
}

/**
 * Open loop: request i is due at start + i/rate, whatever the server's pace. Latency is measured from the
 * time it was due, not from when it left, so a stalled server (or generator) cannot hide its queue.
 */
export async function openLoop(
  send: () => Promise<Answer>,
  options: { rate: number; seconds: number; check?: Check },
): Promise<LatencyStats> {
  const check = options.check ?? (() => undefined);
  const recorder = new Recorder();
  const total = Math.round(options.rate * options.seconds);
  const period = 1000 / options.rate;
  const start = performance.now() + 10;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = start + i * period;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    recorder.sent += 1;
    // Timers may fire a little early; a request that left before it was due is timed from when it left.
    const from = Math.min(due, performance.now());
    pending.push(send().then((answer) => recorder.record(answer, performance.now() - from, check)));
  }
  await Promise.all(pending);
  return recorder.stats((performance.now() - start) / 1000);
}

/** Closed loop: `concurrency` senders, each sending its next request as soon as the last is answered. */
export async function closedLoop(
  send: () => Promise<Answer>,
  options: { concurrency: number; seconds: number; check?: Check },
): Promise<LatencyStats> {
  const check = options.check ?? (() => undefined);
  const recorder = new Recorder();
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      recorder.sent += 1;
      const answer = await send();
      recorder.record(answer, answer.ms, check);
      if (answer.status === 0 && answer.error !== 'timeout') await sleep(5); // a refused connection: do not spin
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return recorder.stats((performance.now() - start) / 1000);
}

/**
 * Several runs of the same phase as one figure: the median of their p50s and p99s (one run's p99 at ~1 ms moves
 * with whatever else the machine did in those 15 s), the worst max, and every request and failure counted.
 */
export function combineRuns(runs: LatencyStats[]): LatencyStats {
  const mid = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  const failureReasons: Record<string, number> = {};
  for (const run of runs)
    for (const [reason, n] of Object.entries(run.failureReasons))
      failureReasons[reason] = (failureReasons[reason] ?? 0) + n;
  const sum = (pick: (run: LatencyStats) => number): number => runs.reduce((total, run) => total + pick(run), 0);
  return {
    sent: sum((r) => r.sent),
    ok: sum((r) => r.ok),
    failures: sum((r) => r.failures),
    failureReasons,
    p50: mid(runs.map((r) => r.p50)),
    p99: mid(runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    throughput: sum((r) => r.throughput) / runs.length,
    seconds: sum((r) => r.seconds),
  };
}
