/**
 * The bot's own alert entry, called over HTTP as Cloud Monitoring calls it (with its webhook token): the sandbox's
 * `/ops demo alert` fires a realistic notification through the whole path. Absent outside the sandbox.
 */
export interface AlertLoopback {
  send(notification: unknown): Promise<{ status: number; body: string }>;
}
