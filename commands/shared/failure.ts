import { refusalText } from '../../blocks/refusals.js';
import { failureKind, isPortError, Refusal } from '../../src/domain/errors.js';
import { Refused } from '../../src/domain/refusals.js';
import type { Logger } from '../../src/logging/logger.js';

/**
 * What the user asked for when it failed: a task, as in "Could not <doing>: …", or the sentence that opens the
 * message ("The cost report could not be built."). Without one, the reason stands alone, as for the changes
 * (deploy, approve, roll back) whose callers lead with their own words ("Rollback of api prod failed: ").
 */
export type Attempted = string | { outcome: string };

/** Our fault, in the user's words: how anything unexpected is told (and all the guard middleware ever says). */
export const SOMETHING_WENT_WRONG =
  'Something went wrong on our side. Try again; if it keeps failing, the bot logs have the details.';

/**
 * The one function from a failure to the words a user reads: a refusal as it is (it is the whole answer; one
 * with facts in blocks/' words), a
 * backend that failed with what it said, anything else as our fault with what to do, never the error itself.
 */
export function failureMessage(error: unknown, attempted?: Attempted): string {
  if (error instanceof Refused) return refusalText(error.refusal);
  if (error instanceof Refusal) return error.message;
  const port = isPortError(error) ? error : undefined;
  if (typeof attempted === 'string')
    return `Could not ${attempted}: ${port ? port.message : SOMETHING_WENT_WRONG.replace('S', 's')}`;
  if (attempted) return `${attempted.outcome} ${port ? `${port.backend}: ${port.message}` : SOMETHING_WENT_WRONG}`;
  if (!port) return SOMETHING_WENT_WRONG;
  // The adapters' messages often say when to try again already ("retry in 5s"); say it once.
  const retry = /try again|retry in/i.test(port.message) ? '' : '; try again in a minute';
  return `${port.backend} failed: ${port.message}. Nothing was changed${retry}.`;
}

/** A failure in the log at the level it deserves: a refusal not at all, a backend's as a warning, anything else as an error. */
export function logFailure(log: Logger, error: unknown, attempted?: Attempted): void {
  if (error instanceof Refusal) return;
  const what =
    typeof attempted === 'object'
      ? attempted.outcome.replace(/\.$/, '')
      : `could not ${attempted ?? 'do a deploy action'}`;
  if (isPortError(error)) log.warn({ err: error, kind: failureKind(error) }, `${what}: ${error.backend} failed`);
  else log.error({ err: error }, `${what}: unexpected error`);
}

/** Logs a failure and gives the user's words for it. */
export function explain(error: unknown, ctx: { log: Logger }, attempted?: Attempted): string {
  logFailure(ctx.log, error, attempted);
  return failureMessage(error, attempted);
}
