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
/** Keys removed per store call; the sweep yields to I/O between calls, so acks never wait behind it. */
const BATCH = 500;

/**
 * A signed request is acted on once. Its key is a hash of its signature (the HMAC of its timestamp and
 * body, so the same signed request always has the same key); the first instance to claim the key in the
 * store takes the request, a copy finds it claimed. Slack's own retries are signed anew, so they get new
 * keys and go on to the retry handling (redeliveries.ts) as before. A key is needed only while its
 * timestamp is inside the window: after that the timestamp check refuses the copy anyway.
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
    const expiresAt = new Date((Math.floor(timestamp) + WINDOW_SECONDS + CLOCK_MARGIN_SECONDS) * 1000);
    try {
      return await this.store.claim(SLACK_DELIVERIES, createHash('sha256').update(hmac).digest('hex').slice(0, 40), expiresAt);
    } catch (error) {
      this.log.warn({ err: error }, 'could not record a Slack request in the store; taking it without the replay check');
      return true;
    }
  }

  /** Removes the keys that have left the window (a ticker job). */
  async forgetExpired(now: Date): Promise<number> {
    let removed = 0;
    for (;;) {
      const batch = await this.store.releaseExpiredClaims(SLACK_DELIVERIES, now, BATCH);
      removed += batch;
      if (batch < BATCH) break;
      await nextTurn();
    }
    if (removed > 0) this.log.debug({ removed }, 'forgot expired Slack request keys');
    return removed;
  }
}
