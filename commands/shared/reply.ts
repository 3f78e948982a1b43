import type { RespondFn } from '@slack/bolt';
import type { Message } from '../../blocks/kit.js';
import type { Logger } from '../../src/logging/logger.js';

/** Posts a result through response_url; a failure is logged, never thrown at the user. */
export async function respondSafely(
  respond: RespondFn,
  body: Message & { response_type?: 'in_channel' | 'ephemeral'; replace_original?: boolean },
  log: Logger,
): Promise<void> {
  try {
    await respond({ ...body, response_type: body.response_type ?? 'ephemeral' });
  } catch (error) {
    log.error({ err: error }, 'could not post the reply through response_url');
  }
}

/** Where a command's later answers go: a function that posts a message and never throws. */
export type Reply = (body: Message) => Promise<void>;

/** Answers through response_url, visible only to the caller unless the body says otherwise. */
export const replyVia =
  (respond: RespondFn, log: Logger): Reply =>
  (body) =>
    respondSafely(respond, body, log);
