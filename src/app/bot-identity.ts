import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Who the bot is (Slack's auth.test), asked at start-up and remembered once Slack has answered. Bolt's own
 * single-token mode asks once, at construction, and keeps the answer for good, a failure included: one Slack
 * hiccup while an instance started left it answering every request with 401 until it was restarted, and the
 * failed promise surfaced as an unhandled rejection. Here a failure is forgotten, so the next request asks
 * again (with the client's bounded retries).
 */
export function botIdentity(client: WebClient, botToken: string): Authorize<boolean> {
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const ask = (): Promise<{ botId?: string; botUserId?: string }> =>
    (identity ??= client.auth.test().then(
      (result) => ({ botId: result.bot_id, botUserId: result.user_id }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    ));
  // Asked now, as Bolt does, so the first command does not wait for it; a failure here is retried on demand.
  ask().catch(() => undefined);
  return async () => ({ botToken, ...(await ask()) });
}
