import { stopOf, type Deployment, type DeployStep, type PlanCheck } from '../src/domain/deployment.js';
import { approvalButtons, approvalLine } from './approval.js';
import { stopWords, wasRolledBack } from './deploy-serving.js';
import { artifactSection, monitoringSection, preDeploySection } from './deploy-gates.js';
import {
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatDuration,
  formatTime,
  header,
  link,
  message,
  section,
  type Block,
  type Message,
} from './kit.js';

const MARK: Record<PlanCheck['mark'], string> = { pass: ':white_check_mark:', warn: ':warning:', fail: ':x:' };
const STEP: Record<DeployStep['state'], string> = {
  pending: ':white_circle:',
  running: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  failed: ':x:',
  skipped: ':heavy_minus_sign:',
};

export const APPROVE_ACTION = 'deploy.approve';
export const REJECT_ACTION = 'deploy.reject';

/** The Deployment Plan card, from the record alone: posted by /deploy and re-rendered on every change. */
export function renderDeployPlan(d: Deployment, timeZone: string): Message {
  const plan = d.plan;
  const blocks: Block[] = [
    header(`Deployment Plan: ${d.service} → ${d.environment}`),
    section(statusLine(d, timeZone)),
  ];
  if (d.forced)
    blocks.push(
      section(
        `:rotating_light: *BREAK-GLASS* by <@${d.forced.user}>: ${escapeMrkdwn(d.forced.reason)} — approval, locks and freeze windows were skipped.`,
      ),
    );
  const sha = d.commitUrl ? link(d.commitUrl, d.sha.slice(0, 7)) : `\`${d.sha.slice(0, 7)}\``;
  blocks.push(
    ...fields([
      ['Environment', d.environment],
      ['Ref', `\`${escapeMrkdwn(d.ref)}\` → ${sha}`],
      ['Commit', `${escapeMrkdwn(d.commitTitle ?? '')} — ${escapeMrkdwn(d.commitAuthor ?? 'unknown')}`],
      ['Risk', plan ? `*${plan.risk.level}*: ${escapeMrkdwn(plan.risk.reasons.join('; '))}` : '—'],
      ['Estimated duration', plan ? estimate(plan) : '—'],
      [
        'Rollback plan',
        d.rollbackTarget ? `back to \`${escapeMrkdwn(d.rollbackTarget.slice(0, 40))}\`` : 'no earlier revision known',
      ],
    ]),
  );
  if (plan) {
    const changes = plan.changes
      ? `*Changes:* ${plan.changes.aheadBy} commit(s) ahead of \`${plan.baseSha?.slice(0, 7)}\` by ${plan.changes.authors.map(escapeMrkdwn).join(', ') || '—'}, ${plan.changes.files} file(s) · ${link(plan.changes.compareUrl, 'compare')}`
      : plan.changesUnknown !== undefined
        ? `:warning: *Changes:* unknown, the comparison with \`${plan.baseSha?.slice(0, 7) ?? '?'}\` could not be read (${escapeMrkdwn(plan.changesUnknown)}). Review the diff on GitHub before approving.`
        : '*Changes:* first deploy of this environment recorded by the bot; nothing to compare against.';
    blocks.push(section(changes), ...artifactSection(d));
    blocks.push(section(`*Pre-deployment checklist*\n${plan.checks.map(checkLine).join('\n')}`));
  }
  blocks.push(
    section(
      `*Deployment steps*\n${d.steps.map((s, i) => `${STEP[s.state]} ${i + 1}. ${escapeMrkdwn(s.name)}${s.detail ? ` — ${escapeMrkdwn(s.detail)}` : ''}`).join('\n')}`,
    ),
  );
  if (plan) blocks.push(section(`*Verification*\n${plan.verification.map((v) => `• ${escapeMrkdwn(v)}`).join('\n')}`));
  blocks.push(...monitoringSection(d));
  blocks.push(section(planApprovalLine(d, timeZone)));
  if (d.status === 'pending')
    blocks.push(approvalButtons('deploy', d.id, { approve: APPROVE_ACTION, reject: REJECT_ACTION }));
  blocks.push(
    divider(),
    context(`Requested by <@${d.requestedBy}> · ${formatTime(new Date(d.requestedAt), timeZone)} · deploy \`${d.id}\``),
  );
  return message(`Deployment Plan: ${d.service} → ${d.environment} (${d.sha.slice(0, 7)}): ${d.status}`, blocks);
}

function statusLine(d: Deployment, timeZone: string): string {
  switch (d.status) {
    case 'pending':
      return `:hourglass: *Waiting for approval* (${d.approvals.length} of ${d.requiredApprovals})`;
    case 'approved':
      return ':rocket: *Approved*, starting the rollout';
    case 'running':
      return `:rocket: *Rolling out* — step ${d.steps.findIndex((s) => s.state === 'running' || s.state === 'pending') + 1} of ${d.steps.length}`;
    case 'succeeded': {
      const took = `${d.startedAt && d.finishedAt ? ` in ${formatDuration(Date.parse(d.finishedAt) - Date.parse(d.startedAt))}` : ''}${d.revision ? ` · \`${d.revision}\`` : ''}`;
      const stopped = stopWords(d, timeZone);
      if (!stopped) return `:white_check_mark: *Deployed*${took}`;
      // Updated in place when traffic leaves the deploy: the card never says "Deployed" about what no longer serves.
      return wasRolledBack(d)
        ? `:rewind: *Rolled back* ${stopped.replace(/^rolled back /, '')}. It had deployed${took}.`
        : `:heavy_check_mark: *Deployed*${took}, since ${stopped}`;
    }
    case 'rolled_back':
      return `:rewind: *Rolled back automatically*: ${escapeMrkdwn(d.error ?? '')}`;
    case 'failed':
      return `:x: *Failed*: ${escapeMrkdwn(d.error ?? '')}`;
    case 'rejected':
      return `:no_entry: *Rejected* by <@${d.rejection?.user}>: ${escapeMrkdwn(d.rejection?.reason ?? '')}`;
    case 'expired':
      return `:alarm_clock: *Expired*: nobody approved before ${d.expiresAt ? formatTime(new Date(d.expiresAt), timeZone) : 'the deadline'}. Request it again with \`/deploy ${d.service} ${d.environment} ${d.ref}\`.`;
  }
}

function planApprovalLine(d: Deployment, timeZone: string): string {
  if (d.forced) return '*Approval:* skipped (break-glass)';
  if (d.requiredApprovals === 0) return `*Approval:* not required for ${d.environment}`;
  return approvalLine(d, timeZone);
}

function estimate(plan: NonNullable<Deployment['plan']>): string {
  if (plan.estimateBasis === 'history')
    return `${formatDuration(plan.estimateSeconds * 1000)} (median of past deploys)`;
  if (plan.estimateBasis === 'steps')
    return `${formatDuration(plan.estimateSeconds * 1000)} (from the steps: no deploy to go by yet)`;
  return formatDuration(plan.estimateSeconds * 1000);
}

/** The final report, in the thread: outcome, duration, verification, and the command to undo it. */
export function renderDeployReport(d: Deployment): Message {
  const took = d.startedAt && d.finishedAt ? formatDuration(Date.parse(d.finishedAt) - Date.parse(d.startedAt)) : '—';
  const verified = d.steps
    .filter((s) => s.state === 'done')
    .map((s) => `• ${escapeMrkdwn(s.name)}${s.detail ? `: ${escapeMrkdwn(s.detail)}` : ''}`)
    .join('\n');
  const outcome =
    d.status === 'succeeded'
      ? ':white_check_mark: *Deploy succeeded*'
      : d.status === 'rolled_back'
        ? ':rewind: *Deploy rolled back*'
        : ':x: *Deploy failed*';
  const next =
    d.status === 'succeeded' && !stopOf(d)
      ? `To undo: \`/rollback ${d.service} ${d.environment}${d.rollbackTarget ? ` ${d.rollbackTarget}` : ''}\``
      : `Next: fix the cause, then \`/deploy ${d.service} ${d.environment} ${d.ref}\` again; check \`/ops status ${d.service}\`.`;
  return message(`${d.service} ${d.environment}: ${d.status}`, [
    section(
      `${outcome} · ${d.service} → ${d.environment} · \`${d.sha.slice(0, 7)}\` · took ${took}${d.error ? `\n*Why:* ${escapeMrkdwn(d.error)}` : ''}`,
    ),
    section(`*Verification*\n${verified || 'none completed'}`),
    ...preDeploySection(d),
    context(next),
  ]);
}

/** Who a checklist line names: a mention, the bot, or an incident (whose lock it was). */
const named = (id: string): string =>
  id === 'system'
    ? 'the bot'
    : id.startsWith('incident:')
      ? `incident ${escapeMrkdwn(id.slice('incident:'.length))}`
      : `<@${id}>`;

function checkLine(c: PlanCheck): string {
  const who = c.actor ? `${named(c.actor)} ` : '';
  const forced = c.forcedPast ? `forced past the lock of ${named(c.forcedPast)}: ` : '';
  return `${MARK[c.mark]} ${escapeMrkdwn(c.name)} — ${who}${forced}${escapeMrkdwn(c.detail)}`;
}
