import { SlackApiError } from './web-api.js';

/** Trigger IDs: each interaction gets one, good for one modal within 3 s, as Slack's. */
export class Triggers {
  private readonly open = new Map<string, { userId: string; at: number }>();

  issue(userId: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.sandbox`;
    this.open.set(id, { userId, at: Date.now() });
    return id;
  }

  use(triggerId: unknown): { userId: string } {
    const trigger = this.open.get(String(triggerId));
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    this.open.delete(String(triggerId));
    if (Date.now() - trigger.at > 3000) throw new SlackApiError('expired_trigger_id');
    return { userId: trigger.userId };
  }
}
