export interface ProbeResult {
  ok: boolean;
  status?: number;
  /** Why it failed when there was no answer (timeout, refused). */
  error?: string;
  ms: number;
}

/** Checks a service's health endpoint over HTTP. */
export interface HealthProbe {
  check(url: string, expectStatus: number): Promise<ProbeResult>;
}
