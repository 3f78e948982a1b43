import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import type { Store } from '../ports/store.js';

/** Where the keys of signed Slack requests already taken are kept, in the store every instance shares. */
export const SLACK_DELIVERIES = 'slack-deliveries';
/** How far a request's timestamp may be from our clock, either way: Slack's own window. */
export const WINDOW_SECONDS = 5 * 60;
/** Instances' clocks differ a little; a key is kept this much longer than the window strictly needs. */
const CLOCK_MARGIN_SECONDS = 60;
const PAGE = 200;
const MAX_PAGES_PER_RUN = 25;

/**
 * A signed request is acted on once. Its key is its timestamp and a hash of its signature (the HMAC of
 * timestamp and body, so the same signed request always has the same key); the first instance to create
 * the key in the store takes the request, a copy finds it there. Slack's own retries are signed anew, so
 * they get new keys and go on to the retry handling (redeliveries.ts) as before. A key is needed only while
 * its timestamp is inside the window; after that the timestamp check refuses the copy anyway.
 */
export class DeliveryLedger {
  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /**
   * True when this is the first time the request is seen (or the store cannot say: a store that does not
   * answer fails the handlers anyway, and the workflows' own create-if-absent still holds).
   */
  async firstTime(hmac: string, timestamp: number): Promise<boolean> {
    try {
      return (await this.store.create(SLACK_DELIVERIES, keyOf(hmac, timestamp), { at: Math.floor(timestamp) })) !== null;
    } catch (error) {
      this.log.warn({ err: error }, 'could not record a Slack request in the store; taking it without the replay check');
      return true;
    }
  }

  /**
   * Removes keys whose timestamps have left the window. Keys sort by timestamp, so the expired ones come
   * first and one page read finds them; the work yields to I/O between deletes, so acks never wait behind it.
   */
  async forgetExpired(now: Date): Promise<number> {
    const cutoff = Math.floor(now.getTime() / 1000) - WINDOW_SECONDS - CLOCK_MARGIN_SECONDS;
    let removed = 0;
    for (let page = 0; page < MAX_PAGES_PER_RUN; page += 1) {
      const keys = await this.store.list(SLACK_DELIVERIES, { limit: PAGE });
      const expired = keys.filter((k) => Number(k.id.slice(0, 12)) < cutoff);
      for (const key of expired) {
        if (await this.store.delete(SLACK_DELIVERIES, key.id, key.version)) removed += 1;
        await nextTurn();
      }
      if (expired.length < PAGE) break;
    }
    if (removed > 0) this.log.debug({ removed }, 'forgot expired Slack request keys');
    return removed;
  }
}

/** `<12-digit timestamp>-<sha256 of the HMAC>`: ordered by time, and no signature kept in the store. */
function keyOf(hmac: string, timestamp: number): string {
  return `${String(Math.max(0, Math.floor(timestamp))).padStart(12, '0')}-${createHash('sha256').update(hmac).digest('hex').slice(0, 40)}`;
}
