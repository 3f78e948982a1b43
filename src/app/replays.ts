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
/** How many keys an instance keeps in memory: about 20 s of traffic at 200 requests a second. */
const REMEMBERED = 4096;
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
  /** Keys this instance took lately: a copy sent here again is known without the store, even when it is busy. */
  private readonly recent = new Set<string>();
  private lastStoreWarning = 0;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /**
   * True when this is the first time the request is seen. When the store cannot say (busy, down), this
   * instance's memory decides: a store that does not answer fails the handlers anyway, and the workflows'
   * own create-if-absent and compare-and-set still hold across instances.
   */
  async firstTime(hmac: string, timestamp: number): Promise<boolean> {
    const key = createHash('sha256').update(hmac).digest('hex').slice(0, 40);
    if (this.recent.has(key)) return false;
    this.remember(key);
    const expiresAt = new Date((Math.floor(timestamp) + WINDOW_SECONDS + CLOCK_MARGIN_SECONDS) * 1000);
    try {
      return await this.store.claim(SLACK_DELIVERIES, key, expiresAt);
    } catch (error) {
      if (Date.now() - this.lastStoreWarning > 60_000) {
        this.lastStoreWarning = Date.now();
        this.log.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'the store did not take a Slack request key; replays are checked on this instance only until it does (said once a minute)',
        );
      }
      return true;
    }
  }

  private remember(key: string): void {
    this.recent.add(key);
    if (this.recent.size > REMEMBERED) this.recent.delete(this.recent.values().next().value as string);
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
