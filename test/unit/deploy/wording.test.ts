/** The words blocks/ gives the facts deploy and rollback workflows report: the same sentences the workflows wrote. */
import { describe, expect, it } from 'vitest';
import { progressText } from '../../../blocks/deploy-progress.js';
import { refusalText } from '../../../blocks/refusals.js';
import type { RequestFacts, StaleCard } from '../../../src/domain/refusals.js';

const SAM = 'U0SAM00002';
const JO = 'U0JO000003';

describe('rollout progress in the thread', () => {
  it('words each fact', () => {
    expect(progressText({ kind: 'step-done', step: 'Canary 10%', detail: '10% on `api-d1`', ms: 62_000 })).toBe(
      ':white_check_mark: Canary 10% — 10% on `api-d1` (1m 2s)',
    );
    expect(progressText({ kind: 'step-done', step: 'Health check' })).toBe(':white_check_mark: Health check ()');
    expect(progressText({ kind: 'step-failed', step: 'Health check', detail: '/healthz answered 500' })).toBe(
      ':x: Health check failed — /healthz answered 500',
    );
    expect(progressText({ kind: 'following-run', runId: 42, url: 'https://gh/run/42' })).toBe(
      ':mag: Following <https://gh/run/42|run 42>',
    );
    expect(progressText({ kind: 'rolled-back', to: 'api-old', revision: 'api-new' })).toBe(
      ':rewind: Rolled back automatically: 100% of traffic is on `api-old` again (verified on Cloud Run). `api-new` serves nothing.',
    );
    expect(progressText({ kind: 'resuming', at: 'Canary 50%' })).toBe(
      ':arrows_counterclockwise: Resuming after a restart of the bot, from Canary 50%.',
    );
    expect(progressText({ kind: 'pausing' })).toBe(
      ':pause_button: The bot is restarting: this deploy pauses and resumes as soon as the bot is back.',
    );
  });
});

describe('refusals from their facts', () => {
  const rollback: RequestFacts = {
    id: 'rb-1',
    service: 'api',
    environment: 'prod',
    status: 'failed',
    requestedBy: SAM,
    requestedAt: '2026-11-24T10:00:00.000Z',
    approvers: [SAM, JO],
    requiredApprovals: 1,
    approvals: [],
  };
  const refused = (to: 'approve' | 'reject', why: 'closed' | 'expired' | 'not-approver' | 'may-not-reject') =>
    refusalText({ kind: 'approval-refused', request: 'rollback', to, why, record: rollback });

  it('words an approval refusal for the kind of request', () => {
    expect(refused('approve', 'closed')).toBe('This rollback is finished (it failed); nothing to approve.');
    expect(refused('reject', 'closed')).toBe('This rollback is finished (it failed); it can no longer be rejected.');
    expect(refused('approve', 'expired')).toBe(
      'This rollback request has expired. Request it again with /rollback api prod.',
    );
    expect(refused('approve', 'not-approver')).toBe(
      `You are not an approver for rollbacks of api prod. Approvers: <@${SAM}>, <@${JO}>.`,
    );
    expect(refused('reject', 'may-not-reject')).toBe(
      'Only an approver, or the person who requested it, can reject this rollback.',
    );
    expect(refusalText({ kind: 'unknown-request', request: 'rollback', why: 'gone' })).toBe(
      'This rollback request no longer exists.',
    );
    expect(
      refusalText({
        kind: 'unreachable-approvals',
        request: 'deploy',
        service: 'api',
        environment: 'prod',
        required: 2,
        eligible: 0,
        approvers: [],
      }),
    ).toBe(
      'Deploys of api prod need 2 approval(s), but only 0 approver(s) other than you can give one (none). Ask one of them to request it.',
    );
  });

  it('words the gates, with their times in the configured zone', () => {
    const timeZone = 'Europe/Berlin';
    expect(refusalText({ kind: 'frozen', name: 'Release week', endsAt: '2026-11-27T23:00:00.000Z', timeZone })).toBe(
      'Deploys are frozen: "Release week" until 28 Nov 2026, 00:00 Europe/Berlin. Break-glass users may use --force "reason".',
    );
    expect(refusalText({ kind: 'locked', holder: 'incident:inc-7', reason: 'P1', expiresAt: null, timeZone })).toBe(
      'Locked by incident inc-7: P1. Ask the holder, or use --force "reason" (break-glass).',
    );
  });

  it('words an out-of-date card: why, and what serves now', () => {
    const card = (why: StaleCard['why'], more: Partial<StaleCard> = {}) =>
      refusalText({ kind: 'stale-card', service: 'api', environment: 'prod', why, ...more });
    const tail = 'Nothing was changed; `/ops status api` shows the service.';
    expect(card({ kind: 'not-serving', deploymentId: 'd-1', stopped: { how: 'rollback', by: JO } })).toBe(
      `This card is out of date: deploy d-1 no longer serves api prod (rolled back by <@${JO}>). Serving now: no deploy of the bot. ${tail}`,
    );
    expect(card({ kind: 'not-serving', deploymentId: 'd-1', stopped: { how: 'superseded', by: 'system' } })).toContain(
      '(a later deploy superseded it)',
    );
    expect(
      card(
        { kind: 'other-from', deploymentId: 'd-2', button: 'api-a', made: 'api-b' },
        { traffic: [{ revision: 'api-b', percent: 100 }], live: { id: 'd-2', sha: 'abcdef1234' } },
      ),
    ).toBe(
      "This card is out of date: the button rolls back `api-a`, but deploy d-2 made `api-b`. Serving now: 100% `api-b` (by the bot's records: deploy d-2 of `abcdef1`). " +
        tail,
    );
    expect(card({ kind: 'not-finished', deploymentId: 'd-2', running: true })).toContain(
      'deploy d-2 is still rolling out',
    );
    expect(card({ kind: 'traffic-moved', revision: 'api-b' })).toContain('Cloud Run no longer serves `api-b` most');
  });
});
