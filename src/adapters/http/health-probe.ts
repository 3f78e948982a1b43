import type { HealthProbe } from '../../ports/health-probe.js';

/** GET with a timeout; any answer other than the expected status, or none, fails the check. */
export function createHealthProbe(timeoutMs = 5000): HealthProbe {
  return {
    async check(url, expectStatus) {
      const started = performance.now();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        await response.body?.cancel();
        return {
          ok: response.status === expectStatus,
          status: response.status,
          ms: Math.round(performance.now() - started),
        };
      } catch (error) {
        const reason =
          (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000}s` : 'connection failed';
        return { ok: false, error: reason, ms: Math.round(performance.now() - started) };
      }
    },
  };
}
