import type { Deployment } from './deployment.js';

/**
 * What serves one service in one environment: by the bot's records, and by Cloud Run where it was read.
 * Every "what is live" line is built from this, so they all say the same.
 */
export interface LiveState {
  service: string;
  environment: string;
  /** The deploy whose revision serves by the records (a rollout in progress included). */
  live?: Deployment;
  /** The newest deploy that reached traffic, serving or not: "Last deploy". */
  last?: Deployment;
  /** Cloud Run's traffic as read, most traffic first; absent when not read (or github-actions). */
  traffic?: { revision: string; percent: number }[];
  /** The records and Cloud Run disagree about what serves. */
  drift?: TrafficDrift;
}

export interface TrafficDrift {
  /** The revision the records say takes all traffic. */
  expected: string;
  /** Why the records say so: the deploy that made it, or the rollback that returned to it. */
  because: string;
  /** What Cloud Run serves, e.g. "90% api-00021-abc, 10% api-00020-xyz". */
  actual: string;
}

/** The sentence every surface shows for a drift. */
export const describeDrift = (d: TrafficDrift): string =>
  `Cloud Run serves ${d.actual}, but the bot's records say \`${d.expected}\` should serve 100% (${d.because}). Traffic was moved outside the bot, or a change is still applying: check \`/ops status\` before acting.`;

/** The revision with the most traffic, when Cloud Run was read. */
export const topRevision = (s: LiveState): { revision: string; percent: number } | undefined => s.traffic?.[0];
