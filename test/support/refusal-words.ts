/** What a user reads when a workflow refuses: the one failure→message function words every refusal. */
import { failureMessage } from '../../commands/shared/failure.js';
import { Refusal } from '../../src/domain/errors.js';

/** The words of the refusal `attempt` ends in; fails the test when it succeeds or fails otherwise. */
export async function refusalOf(attempt: Promise<unknown> | (() => unknown)): Promise<string> {
  const error = await (typeof attempt === 'function' ? Promise.resolve().then(attempt) : attempt).then(
    () => new Error('expected a refusal, but it went ahead'),
    (e: unknown) => e,
  );
  if (!(error instanceof Refusal)) throw error;
  return failureMessage(error);
}
