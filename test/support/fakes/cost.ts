import type { CostData, CostReport, DayRange } from '../../../src/domain/cost.js';
import type { CostPublisher, CostSource, DigestMark } from '../../../src/ports/cost-source.js';
import { CallLog } from './faults.js';

/** Billing data in memory: the rows a test sets, those of the asked days returned. */
export class FakeCostSource implements CostSource {
  readonly description = 'in-memory cost rows';
  readonly log = new CallLog<'dailyCosts'>('billing');
  data: CostData = { rows: [], currency: 'USD' };

  async dailyCosts(range: DayRange): Promise<CostData> {
    this.log.enter('dailyCosts', range);
    return { ...this.data, rows: this.data.rows.filter((r) => r.day >= range.from && r.day <= range.to) };
  }

  async close(): Promise<void> {}
}

export type Publication =
  | { kind: 'report'; channel: string; report: CostReport; title: string; mark?: DigestMark; ts: string }
  | { kind: 'chart'; channel: string; report: CostReport; threadTs?: string; mark?: DigestMark }
  | { kind: 'notice'; channel: string; text: string };

/** What the digest and the budget hook post, recorded in order instead of sent to Slack. */
export class FakeCostPublisher implements CostPublisher {
  readonly log = new CallLog<keyof CostPublisher>('Slack');
  readonly posted: Publication[] = [];

  async postReport(channel: string, report: CostReport, title: string, mark?: DigestMark) {
    this.log.enter('postReport', channel, title);
    const ts = `1700000000.${String(this.posted.length + 1).padStart(6, '0')}`;
    this.posted.push({ kind: 'report', channel, report, title, ...(mark ? { mark } : {}), ts });
    return { channel, ts };
  }

  async postChart(channel: string, report: CostReport, threadTs?: string, mark?: DigestMark): Promise<void> {
    this.log.enter('postChart', channel, threadTs);
    this.posted.push({ kind: 'chart', channel, report, ...(threadTs ? { threadTs } : {}), ...(mark ? { mark } : {}) });
  }

  async findDigestPost(channel: string, mark: DigestMark) {
    this.log.enter('findDigestPost', channel, mark);
    const found = this.posted.find(
      (p) =>
        p.kind === 'report' &&
        p.channel === channel &&
        p.mark?.occurrence === mark.occurrence &&
        p.mark.part === mark.part,
    );
    return found?.kind === 'report' ? { channel: found.channel, ts: found.ts } : undefined;
  }

  async postNotice(channel: string, text: string): Promise<void> {
    this.log.enter('postNotice', channel, text);
    this.posted.push({ kind: 'notice', channel, text });
  }
}
