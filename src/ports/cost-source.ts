import type { CostData, CostReport, DayRange } from '../domain/cost.js';

/**
 * Where cost data comes from: the BigQuery billing export or a CSV file. Sources aggregate; they never
 * hand raw export rows to the workflow.
 */
export interface CostSource {
  /** In words a user knows: "BigQuery table p.d.t", "CSV file ./billing.csv". */
  readonly description: string;
  /**
   * Net cost (credits included) per day, service, project and SKU, for the days of `range` (inclusive),
   * days counted in `timeZone`. Failures are PortErrors that name the table, file or role at fault.
   */
  dailyCosts(range: DayRange, timeZone: string): Promise<CostData>;
  close(): Promise<void>;
}

/**
 * Posts cost reports, charts and budget alerts into a channel: what the scheduled digest and the budget
 * hook decide to post. Implemented by the Slack adapter, which renders with blocks/.
 */
/** Marks one part of a weekly digest in the channel, so a retry can find a post whose record was lost. */
export interface DigestMark {
  /** The occurrence's store key, e.g. "2026-11-23T09-00". */
  occurrence: string;
  part: 'report' | 'chart';
}

export interface CostPublisher {
  /** Posts the report; resolves to the channel's ID and the message's ts. With `mark`, the message carries it. */
  postReport(
    channel: string,
    report: CostReport,
    title: string,
    mark?: DigestMark,
  ): Promise<{ channel: string; ts: string }>;
  /** Uploads the PNG chart of daily spend by top services into the channel (in a thread when `threadTs`). */
  postChart(channel: string, report: CostReport, threadTs?: string, mark?: DigestMark): Promise<void>;
  /** The message carrying `mark` among the channel's recent messages (a page or two), or undefined. */
  findDigestPost(channel: string, mark: DigestMark): Promise<{ channel: string; ts: string } | undefined>;
  /** A short message, e.g. why a digest could not be posted. */
  postNotice(channel: string, text: string): Promise<void>;
}
