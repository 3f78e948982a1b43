import type { HealthProbe, ProbeResult } from '../../../src/ports/health-probe.js';
import { CallLog } from './faults.js';

/** Health checks answered from a table (URL → result); any other URL answers `expectStatus` at once. */
export class FakeProbe implements HealthProbe {
  readonly log = new CallLog<'check'>('health check');
  readonly answers = new Map<string, ProbeResult>();

  async check(url: string, expectStatus: number): Promise<ProbeResult> {
    this.log.enter('check', url, expectStatus);
    return this.answers.get(url) ?? { ok: true, status: expectStatus, ms: 1 };
  }
}
