/**
 * The bot's own alert entries, called over HTTP as their senders call them (with their credentials): the sandbox's
 * `/ops demo alert` and `/ops demo budget` fire realistic notifications through the whole path. Absent outside the
 * sandbox; `budget` only when a job secret is set (COST_JOB_SECRET, which the sandbox makes).
 */
export interface AlertLoopback {
  send(notification: unknown): Promise<LoopbackAnswer>;
  budget?(pushMessage: unknown): Promise<LoopbackAnswer>;
}

export interface LoopbackAnswer {
  status: number;
  body: string;
}
