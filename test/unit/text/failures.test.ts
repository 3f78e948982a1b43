import { describe, expect, it } from 'vitest';
import { failureMessage, logFailure } from '../../../commands/shared/failure.js';
import { failureKind, PortError, Refusal } from '../../../src/domain/errors.js';
import type { Logger } from '../../../src/logging/logger.js';
import { IncidentNotFound } from '../../../src/workflows/incident/repository.js';

const unavailable = new PortError('unavailable', 'GitHub is unavailable (HTTP 500)', 'GitHub');
const rateLimited = new PortError('rate_limited', 'GitHub rate limit reached; retry in 1s', 'GitHub');
const billing = new PortError('unavailable', 'BigQuery is unavailable (HTTP 500); try again in a minute.', 'BigQuery');
const bug = new TypeError("Cannot read properties of undefined (reading 'environments')");
const OUR_SIDE = 'Something went wrong on our side. Try again; if it keeps failing, the bot logs have the details.';

describe('the failure vocabulary', () => {
  it('sorts every failure into one kind', () => {
    expect(failureKind(new Refusal('You already approved.'))).toBe('invalid');
    expect(failureKind(new Refusal('Only approvers may.', 'forbidden'))).toBe('forbidden');
    expect(failureKind(new IncidentNotFound('INC-7'))).toBe('not_found');
    expect(failureKind(unavailable)).toBe('unavailable');
    expect(failureKind(rateLimited)).toBe('unavailable');
    expect(failureKind(new PortError('permission_denied', 'missing role', 'Cloud Run'))).toBe('forbidden');
    expect(failureKind(new PortError('conflict', 'changed meanwhile', 'Firestore'))).toBe('conflict');
    expect(failureKind(bug)).toBe('unexpected');
    expect(failureKind('a string thrown')).toBe('unexpected');
  });
});

describe('failureMessage: one function from a failure to the words a user reads', () => {
  it('a refusal is the whole answer, whatever was being done', () => {
    const refusal = new Refusal('You already approved deploy d-1.');
    expect(failureMessage(refusal)).toBe('You already approved deploy d-1.');
    expect(failureMessage(refusal, 'approve the deploy')).toBe('You already approved deploy d-1.');
    expect(failureMessage(new IncidentNotFound('INC-7'), 'post the update')).toBe(
      'There is no incident INC-7. `/incident list` shows the open ones.',
    );
  });

  it('a change that failed in a backend names it, says nothing changed, and when to try again (once)', () => {
    expect(failureMessage(unavailable)).toBe(
      'GitHub failed: GitHub is unavailable (HTTP 500). Nothing was changed; try again in a minute.',
    );
    expect(failureMessage(rateLimited)).toBe(
      'GitHub failed: GitHub rate limit reached; retry in 1s. Nothing was changed.',
    );
  });

  it('a named task opens with "Could not …"', () => {
    expect(failureMessage(unavailable, 'declare the incident')).toBe(
      'Could not declare the incident: GitHub is unavailable (HTTP 500)',
    );
    expect(failureMessage(bug, 'declare the incident')).toBe(
      'Could not declare the incident: something went wrong on our side. Try again; if it keeps failing, the bot logs have the details.',
    );
  });

  it('an outcome sentence opens the message, then the backend and what it said', () => {
    const outcome = { outcome: 'The cost report could not be built.' };
    expect(failureMessage(billing, outcome)).toBe(
      'The cost report could not be built. BigQuery: BigQuery is unavailable (HTTP 500); try again in a minute.',
    );
    expect(failureMessage(bug, outcome)).toBe(`The cost report could not be built. ${OUR_SIDE}`);
  });

  it('anything else is our fault, told without the error itself', () => {
    expect(failureMessage(bug)).toBe(OUR_SIDE);
    expect(failureMessage(undefined)).toBe(OUR_SIDE);
    expect(failureMessage(new Error('ECONNREFUSED 10.0.0.1:443 token=abc'))).not.toMatch(/ECONNREFUSED|token/);
  });
});

describe('logFailure', () => {
  const capture = () => {
    const lines: [level: string, message: string][] = [];
    const log = {
      warn: (_fields: object, message: string) => lines.push(['warn', message]),
      error: (_fields: object, message: string) => lines.push(['error', message]),
    } as unknown as Logger;
    return { lines, log };
  };

  it('a refusal is not logged, a backend is a warning, anything else an error', () => {
    const { lines, log } = capture();
    logFailure(log, new Refusal('no'), 'take the lock');
    logFailure(log, unavailable, 'take the lock');
    logFailure(log, bug, { outcome: 'The cost report could not be built.' });
    logFailure(log, bug);
    expect(lines).toEqual([
      ['warn', 'could not take the lock: GitHub failed'],
      ['error', 'The cost report could not be built: unexpected error'],
      ['error', 'could not do a deploy action: unexpected error'],
    ]);
  });
});
