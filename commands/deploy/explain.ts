import { isPortError } from '../../src/domain/errors.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { Refusal } from '../../src/workflows/records.js';

/** A failure in words for the user: a refusal as it is, a backend failure with what was (not) done. */
export function explain(error: unknown, ctx: WorkflowContext): string {
  if (error instanceof Refusal) return error.message;
  // The adapters' messages often say when to try again already ("retry in 5s"); say it once.
  if (isPortError(error))
    return `${error.backend} failed: ${error.message}. Nothing was changed${/try again|retry in/i.test(error.message) ? '' : '; try again in a minute'}.`;
  ctx.log.error({ err: error }, 'deploy action failed');
  return 'That failed unexpectedly and nothing was changed. Try again; the bot logs say why.';
}
