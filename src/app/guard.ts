import type { AnyMiddlewareArgs, AllMiddlewareArgs, App } from '@slack/bolt';
import { SOMETHING_WENT_WRONG } from '../../commands/shared/failure.js';
import type { Logger } from '../logging/logger.js';
import type { InFlight } from './in-flight.js';

const SORRY = `:warning: ${SOMETHING_WENT_WRONG}`;

/**
 * One middleware in front of every listener: counts the work for graceful shutdown, and turns an
 * unexpected error into a short ephemeral message instead of Slack's "dispatch_failed" or silence. An error no
 * handler caught is a bug whatever it is, so the guard says only that (the handlers tell refusals and backend
 * failures apart: commands/shared/failure.ts).
 */
export function guardListeners(app: App, log: Logger, inFlight: InFlight): void {
  app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
    await inFlight.track(async () => {
      try {
        await args.next();
      } catch (error) {
        log.error({ err: error, payloadType: args.body.type }, 'listener failed');
        await tellUser(args);
      }
    });
  });
}

async function tellUser(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  const withAck = args as { ack?: (response?: unknown) => Promise<void> };
  try {
    await withAck.ack?.();
  } catch {
    // already acked: fine
  }
  const withRespond = args as { respond?: (message: unknown) => Promise<unknown> };
  try {
    await withRespond.respond?.({ response_type: 'ephemeral', replace_original: false, text: SORRY });
  } catch {
    // no response_url (events, view submissions): the log line above is what remains
  }
}
