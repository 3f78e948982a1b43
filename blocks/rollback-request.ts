import type { RollbackRequest } from '../src/domain/rollback.js';
import { approvalButtons, approvalLine } from './approval.js';
import {
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatDuration,
  formatTime,
  header,
  message,
  section,
  type Block,
  type Message,
} from './kit.js';
import { renderRollback } from './rollback.js';
import { migrationWarning } from './deploy-gates.js';

export const APPROVE_ROLLBACK_ACTION = 'rollback.approve';
export const REJECT_ROLLBACK_ACTION = 'rollback.reject';

const code = (text: string): string => `\`${escapeMrkdwn(text.slice(0, 60))}\``;

/** The Rollback Request card, from the record alone: posted by /rollback when approval is required, re-rendered on every change. */
export function renderRollbackRequest(r: RollbackRequest, timeZone: string): Message {
  const made = r.targetDeploy;
  const deployOfTarget = made
    ? `deploy \`${made.id}\` of \`${made.sha.slice(0, 7)}\` (\`${escapeMrkdwn(made.ref)}\`) by <@${made.requestedBy}>${made.finishedAt ? `, ${formatTime(new Date(made.finishedAt), timeZone)}` : ''}`
    : 'not deployed by the bot (no deploy recorded)';
  const blocks: Block[] = [
    header(`Rollback Request: ${r.service} → ${r.environment}`),
    section(statusLine(r, timeZone)),
    ...fields([
      ['Environment', r.environment],
      ['Serving now', r.from ? code(r.from) : 'unknown'],
      [
        'Roll back to',
        `${code(r.to)} (${r.strategy === 'cloud-run' ? '100% of traffic, verified on Cloud Run' : 'the deploy workflow dispatched with this ref'})`,
      ],
      ['Its deploy', deployOfTarget],
      ['Requested by', `<@${r.requestedBy}>`],
      ['Why', r.reason ? escapeMrkdwn(r.reason) : 'not given'],
    ]),
    ...migrationWarning(r.migrations, r.to, timeZone),
    section(approvalLine(r, timeZone)),
  ];
  if (r.status === 'pending')
    blocks.push(
      approvalButtons('rollback', r.id, { approve: APPROVE_ROLLBACK_ACTION, reject: REJECT_ROLLBACK_ACTION }),
    );
  blocks.push(
    divider(),
    context(
      `Requested by <@${r.requestedBy}> · ${formatTime(new Date(r.requestedAt), timeZone)} · rollback \`${r.id}\``,
    ),
  );
  return message(
    escapeMrkdwn(`Rollback Request: ${r.service} → ${r.environment} (${r.from ?? '?'} → ${r.to}): ${r.status}`),
    blocks,
  );
}

function statusLine(r: RollbackRequest, timeZone: string): string {
  switch (r.status) {
    case 'pending':
      return `:hourglass: *Waiting for approval* (${r.approvals.length} of ${r.requiredApprovals}) · nothing has moved yet`;
    case 'running':
      return ':rewind: *Approved*, rolling back';
    case 'succeeded':
      return `:white_check_mark: *Rolled back*${r.result ? ` in ${formatDuration(r.result.ms)} · ${code(r.result.to)}` : ''}`;
    case 'failed':
      return `:x: *Rollback failed*: ${escapeMrkdwn(r.error ?? 'unknown error')}\nNext: check \`/ops status ${r.service}\`, then request it again with \`/rollback ${r.service} ${r.environment} ${r.to}\`.`;
    case 'rejected':
      return `:no_entry: *Rejected* by <@${r.rejection?.user}>${r.rejection?.user === r.requestedBy ? ' (withdrawn by the requester)' : ''}. Nothing was changed.`;
    case 'expired':
      return `:alarm_clock: *Expired*: not approved before ${formatTime(new Date(r.expiresAt), timeZone)}; nothing was changed. Request it again with \`/rollback ${r.service} ${r.environment} ${r.to}\`.`;
  }
}

/** The outcome, in the card's thread. */
export function renderRollbackOutcome(r: RollbackRequest, timeZone: string): Message {
  if (r.status === 'succeeded' && r.result)
    return renderRollback({ service: r.service, environment: r.environment, actor: r.requestedBy }, r.result, timeZone);
  const text = escapeMrkdwn(
    `Rollback of ${r.service} ${r.environment} to ${r.to} failed: ${r.error ?? 'unknown error'}`,
  );
  return message(text, [
    section(
      `:x: *Rollback of ${escapeMrkdwn(r.service)} → ${escapeMrkdwn(r.environment)} failed*: ${escapeMrkdwn(r.error ?? 'unknown error')}`,
    ),
    context(
      `Next: check \`/ops status ${r.service}\`, then request it again with \`/rollback ${r.service} ${r.environment} ${r.to}\`.`,
    ),
  ]);
}
