import type { Deployment, DeploymentStatus } from '../src/domain/deployment.js';
import { stopWords, wasRolledBack } from './deploy-serving.js';
import {
  context,
  divider,
  escapeMrkdwn,
  formatDuration,
  formatTime,
  header,
  message,
  section,
  truncate,
  type Block,
  type Message,
} from './kit.js';

/** Each deploy status as a user reads it. */
export const STATUS_LABEL: Record<DeploymentStatus, string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  approved: ':arrow_forward: Approved, starting',
  running: ':arrows_counterclockwise: Rolling out',
  succeeded: ':white_check_mark: Succeeded',
  failed: ':x: Failed',
  rolled_back: ':leftwards_arrow_with_hook: Rolled back',
  rejected: ':no_entry_sign: Rejected',
  expired: ':hourglass: Expired unapproved',
};

/** How long the rollout took (or has taken so far); deploys that never started have no duration. */
export function rolloutDuration(d: Deployment, now: Date): string {
  if (!d.startedAt) return 'not started';
  if (!d.finishedAt) return `running for ${formatDuration(now.getTime() - Date.parse(d.startedAt))}`;
  return `took ${formatDuration(Date.parse(d.finishedAt) - Date.parse(d.startedAt))}`;
}

export const shortSha = (sha: string): string => `\`${escapeMrkdwn(sha.slice(0, 7))}\``;

export interface HistoryInput {
  service: string;
  environment?: string;
  deploys: Deployment[];
  timeZone: string;
  now: Date;
}

/** `/deploy history`: the last deploys, newest first, each with who, what, when, how long and the outcome. */
export function renderDeployHistory(input: HistoryInput): Message {
  const { service, environment, deploys, timeZone, now } = input;
  const scope = environment ? `${service} → ${environment}` : service;
  const title = `Deploy History: ${scope}`;
  const blocks: Block[] = [header(title)];
  if (deploys.length === 0) {
    blocks.push(section(`No deploys of *${escapeMrkdwn(scope)}* are recorded yet.`));
  } else {
    for (const d of deploys) blocks.push(section(deployLines(d, timeZone, now, !environment)));
  }
  const next = `\`/deploy ${service} ${environment ?? '<env>'}\` to deploy · \`/rollback ${service} ${environment ?? '<env>'}\` to roll back`;
  blocks.push(
    divider(),
    context(
      `Last ${deploys.length} deploy${deploys.length === 1 ? '' : 's'}, newest first · times in ${timeZone} · ${next}`,
    ),
  );
  const last = deploys[0];
  const summary = last
    ? `last: ${statusWord(last)} ${last.sha.slice(0, 7)} to ${last.environment} by <@${last.requestedBy}> at ${formatTime(new Date(last.requestedAt), timeZone)}`
    : 'no deploys yet';
  return message(`${title}: ${deploys.length} deploy${deploys.length === 1 ? '' : 's'}; ${summary}`, blocks);
}

/** The status as a user reads it: a deploy that succeeded and was rolled back later reads "rolled back". */
export const statusWord = (d: Deployment): string => (wasRolledBack(d) ? 'rolled back' : d.status.replace('_', ' '));

/** The label of a deploy's line: a succeeded deploy rolled back later is labelled as rolled back. */
export const statusLabel = (d: Deployment): string =>
  d.status === 'succeeded' && wasRolledBack(d) ? STATUS_LABEL.rolled_back : STATUS_LABEL[d.status];

function deployLines(d: Deployment, timeZone: string, now: Date, showEnvironment: boolean): string {
  const title = d.commitTitle ? ` — ${escapeMrkdwn(truncate(d.commitTitle, 120))}` : '';
  const where = showEnvironment ? ` → *${escapeMrkdwn(d.environment)}*` : '';
  const lines = [
    `${statusLabel(d)}${where} · ${shortSha(d.sha)} (\`${escapeMrkdwn(truncate(d.ref, 60))}\`)${title}`,
    `by <@${d.requestedBy}> · ${formatTime(new Date(d.requestedAt), timeZone)} · ${rolloutDuration(d, now)}`,
  ];
  if (d.approvals.length > 0) lines.push(`approved by ${d.approvals.map((a) => `<@${a.user}>`).join(', ')}`);
  if (d.rejection) lines.push(`rejected by <@${d.rejection.user}>: ${escapeMrkdwn(truncate(d.rejection.reason, 300))}`);
  if (d.forced)
    lines.push(`:rotating_light: break-glass by <@${d.forced.user}>: ${escapeMrkdwn(truncate(d.forced.reason, 300))}`);
  if (d.error && (d.status === 'failed' || d.status === 'rolled_back'))
    lines.push(`why: ${escapeMrkdwn(truncate(d.error.split('\n')[0] ?? '', 300))}`);
  // The live deploy's line stays as it was; one that stopped serving says how, who and when.
  const stopped = d.status === 'rolled_back' ? undefined : stopWords(d, timeZone);
  if (stopped) lines.push(stopped);
  if (d.servingAgain && !d.stoppedServing)
    lines.push(
      `serving again since ${formatTime(new Date(d.servingAgain.at), timeZone)}: a rollback by <@${d.servingAgain.by}> returned to it`,
    );
  return lines.join('\n');
}
