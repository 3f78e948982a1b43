import { describeDrift } from '../src/domain/live.js';
import type { ServiceStatus } from '../src/domain/service-status.js';
import { servingLine } from './deploy-serving.js';
import type { ServiceCondition, TrafficStatus } from '../src/ports/runtime-platform.js';
import {
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatTime,
  header,
  link,
  message,
  section,
  truncate,
  type Block,
  type Message,
} from './kit.js';

const STATE_ICON: Record<ServiceCondition['state'], string> = {
  succeeded: ':white_check_mark:',
  failed: ':x:',
  reconciling: ':hourglass_flowing_sand:',
  unknown: ':grey_question:',
};

/** What a user can do about each kind of backend failure. */
const NEXT_STEP: Record<string, string> = {
  not_found: 'Check `cloudRun.project`, `region` and `service` for this service in chatops.yml.',
  permission_denied: "Grant the bot's service account roles/run.viewer on the project.",
  unauthenticated:
    "Check the bot's Google credentials (the Cloud Run service account, or GOOGLE_APPLICATION_CREDENTIALS).",
  rate_limited: 'Cloud Run is rate limiting the bot; try again in a minute.',
  timeout: 'Cloud Run did not answer in time; try again, and check https://status.cloud.google.com if it persists.',
  unavailable: 'Cloud Run is unavailable right now; try again in a minute.',
};

export function renderServiceStatus(statuses: ServiceStatus[], timeZone: string): Message {
  const title = statuses.length === 1 ? `Service Status: ${statuses[0]!.service}` : 'Service Status';
  const blocks: Block[] = [header(title)];
  for (const status of statuses) blocks.push(...serviceBlocks(status, timeZone), divider());
  const checkedAt = statuses[0]?.checkedAt ?? new Date();
  const next =
    statuses.length === 1
      ? `\`/deploy ${statuses[0]!.service} <env>\` to deploy · \`/rollback ${statuses[0]!.service} <env>\` to roll back`
      : '`/ops status <service>` for one service';
  blocks.push(context(`Checked ${formatTime(checkedAt, timeZone)} · ${next}`));
  return message(`${title}: ${statuses.map(summary).join('; ')}`, blocks);
}

function summary(status: ServiceStatus): string {
  if (status.runtimeError) return `${status.service} unknown (${status.runtimeError.message})`;
  const ready = status.runtime?.conditions[0];
  return `${status.service} ${ready?.state === 'succeeded' ? 'ready' : (ready?.state ?? 'unknown')}`;
}

function serviceBlocks(status: ServiceStatus, timeZone: string): Block[] {
  const where = `${status.location.project} / ${status.location.region} / ${status.location.service}`;
  const title = `*${escapeMrkdwn(status.service)}* · ${status.environments.join(', ')} · \`${escapeMrkdwn(where)}\``;
  if (!status.runtime) {
    const error = status.runtimeError ?? { code: 'internal', message: 'no data' };
    return [
      section(
        `${title}\n:x: *Cloud Run:* ${escapeMrkdwn(error.message)}\n*What to do:* ${NEXT_STEP[error.code] ?? 'See the bot logs for details.'}`,
      ),
      ...fields([['Last deploy', lastDeploy(status, timeZone)]]),
    ];
  }
  const runtime = status.runtime;
  const ready = runtime.conditions[0];
  const headline = ready
    ? `${STATE_ICON[ready.state]} ${ready.state === 'succeeded' ? 'Ready' : `Not ready: ${escapeMrkdwn(truncate(ready.message ?? ready.state, 1200))}`}`
    : ':grey_question: No Ready condition';
  return [
    section(`${title}\n${headline}`),
    ...fields([
      ['URL', runtime.uri ? link(runtime.uri, runtime.uri) : '—'],
      ['Latest ready revision', runtime.latestReadyRevision ? `\`${runtime.latestReadyRevision}\`` : '—'],
      [
        'Traffic',
        runtime.traffic.length
          ? runtime.traffic.map((t) => traffic(t, runtime.latestReadyRevision)).join('\n')
          : 'no traffic',
      ],
      ['Conditions', runtime.conditions.length ? runtime.conditions.map(condition).join('\n') : '—'],
      ['Last deploy', lastDeploy(status, timeZone)],
      ['Image', runtime.image ? `\`${escapeMrkdwn(runtime.image)}\`` : '—'],
    ]),
    ...(status.live?.drift
      ? [section(`:warning: *Traffic differs from the bot's records:* ${describeDrift(status.live.drift)}`)]
      : []),
  ];
}

function traffic(t: TrafficStatus, latestReady: string | null): string {
  const revision = t.revision ?? `${latestReady ?? 'latest'} (latest)`;
  const tag = t.tag ? ` · tag ${t.uri ? link(t.uri, t.tag) : `\`${escapeMrkdwn(t.tag)}\``}` : '';
  return `${t.percent}% \`${escapeMrkdwn(revision)}\`${tag}`;
}

/** The Ready condition's message is shown in full above; the field lists each condition with its first sentence. */
function condition(c: ServiceCondition): string {
  const detail = c.message && c.state !== 'succeeded' ? `: ${escapeMrkdwn(firstSentence(c.message))}` : '';
  return `${STATE_ICON[c.state]} ${escapeMrkdwn(c.type)}${detail}`;
}

function firstSentence(text: string): string {
  const sentence = /^[^\n]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text.split('\n')[0] ?? text;
  return truncate(sentence, 160);
}

/** The newest deploy that reached traffic, and whether it still serves. */
function lastDeploy(status: ServiceStatus, timeZone: string): string {
  const d = status.lastDeploy;
  if (!d) return 'none that reached traffic';
  const serving = servingLine(d, timeZone, status.live?.live?.id === d.id);
  return `\`${escapeMrkdwn(d.sha.slice(0, 7))}\` to ${d.environment} by <@${d.requestedBy}> · ${d.status.replace('_', ' ')}\n${formatTime(new Date(d.requestedAt), timeZone)}${serving ? `\n${serving}` : ''}`;
}
