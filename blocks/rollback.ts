import type { RollbackResult } from '../src/domain/rollback.js';
import { migrationWarning } from './deploy-gates.js';
import { context, escapeMrkdwn, link, message, section, type Message } from './kit.js';

export function renderRollback(
  input: { service: string; environment: string; actor: string },
  r: RollbackResult,
  timeZone: string,
): Message {
  const what =
    r.strategy === 'cloud-run'
      ? `100% of traffic is on \`${escapeMrkdwn(r.to)}\`${r.from ? ` (was \`${escapeMrkdwn(r.from)}\`)` : ''}, verified on Cloud Run`
      : `dispatched the deploy workflow with \`${escapeMrkdwn(r.to.slice(0, 12))}\`${r.url ? ` · ${link(r.url, 'follow the run')}` : ''}`;
  return message(escapeMrkdwn(`Rolled back ${input.service} ${input.environment} to ${r.to}`), [
    section(
      `:rewind: *Rolled back ${escapeMrkdwn(input.service)} → ${escapeMrkdwn(input.environment)}* by <@${input.actor}> in ${(r.ms / 1000).toFixed(1)}s: ${what}.`,
    ),
    ...migrationWarning(r.migrations, r.to, timeZone),
    context(
      `Check it: \`/ops status ${input.service}\` · deploy again: \`/deploy ${input.service} ${input.environment}\``,
    ),
  ]);
}
