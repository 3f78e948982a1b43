import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';

/** How many deliveries an instance remembers; Slack retries within minutes, so this covers far more than needed. */
const REMEMBERED = 10_000;

/**
 * Slack resends a delivery it thinks failed (X-Slack-Retry-Num 1–3), usually because the first ack was slow.
 * When this instance already took that delivery (same event_id, or trigger_id for commands and clicks),
 * the retry is acked and dropped, so a slow first ack never means a second report or a second action. A
 * retry of a delivery this instance never saw (it went elsewhere, or the instance restarted) runs as usual:
 * the workflows' create-if-absent and compare-and-set keep that once-only across instances.
 */
export function dropRedeliveries(app: App, log: Logger): void {
  const seen = new Set<string>();
  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    const key = deliveryKey(args.body as Record<string, unknown>);
    if (key && args.context.retryNum && seen.has(key)) {
      log.info(
        { retryNum: args.context.retryNum, retryReason: args.context.retryReason },
        'Slack retried a delivery this instance already took; not doing it twice',
      );
      await (args as { ack?: () => Promise<void> }).ack?.();
      return;
    }
    if (key) {
      seen.add(key);
      if (seen.size > REMEMBERED) seen.delete(seen.values().next().value as string);
    }
    await args.next();
  });
}

/** A copy of the ID, not a slice of the parsed body: a remembered slice would keep its whole request body alive. */
function deliveryKey(body: Record<string, unknown>): string | undefined {
  const id =
    typeof body.event_id === 'string'
      ? `event:${body.event_id}`
      : typeof body.trigger_id === 'string'
        ? `trigger:${body.trigger_id}`
        : undefined;
  return id === undefined ? undefined : Buffer.from(id).toString();
}
