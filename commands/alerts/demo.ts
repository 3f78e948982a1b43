import { randomBytes } from 'node:crypto';
import { renderProblem } from '../../blocks/help.js';
import { message, section } from '../../blocks/kit.js';
import { alertId } from '../../src/domain/alert.js';
import { getAlert } from '../../src/workflows/alerts/actions.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { routeAlert } from '../../src/workflows/alerts/route.js';

/** The demo alert's service; the sandbox's api, where a deploy's card shows the Roll back button. */
const DEMO_SERVICE = 'api';

export type DemoAlertRequest = { state: 'open' } | { state: 'closed'; id: string };

/**
 * A Cloud Monitoring notification (version 1.2) as its webhook_tokenauth channel sends it for a Cloud Run 5xx
 * policy on api, sent to the bot's own POST /hooks/alerts with the webhook token: the whole path a real alert takes.
 */
export function demoNotification(
  ctx: WorkflowContext,
  request: DemoAlertRequest,
  id: string,
  startedAt = ctx.clock.now().getTime() - 120_000,
): unknown {
  const now = ctx.clock.now().getTime();
  const location = ctx.config.services[DEMO_SERVICE]?.cloudRun;
  const project = location?.project ?? 'demo-project';
  const open = request.state === 'open';
  return {
    version: '1.2',
    incident: {
      incident_id: id,
      scoping_project_id: project,
      url: `https://console.cloud.google.com/monitoring/alerting/alerts/${id}?project=${project}`,
      severity: 'Error',
      started_at: Math.floor(startedAt / 1000),
      ended_at: open ? null : Math.floor(now / 1000),
      state: request.state,
      summary: open
        ? '5xx ratio for api is above the threshold of 0.020 with a value of 0.087.'
        : '5xx ratio for api returned to normal with a value of 0.004.',
      observed_value: open ? '0.087' : '0.004',
      threshold_value: '0.02',
      resource: {
        type: 'cloud_run_revision',
        labels: {
          project_id: project,
          service_name: location?.service ?? DEMO_SERVICE,
          location: location?.region ?? 'europe-west1',
        },
      },
      resource_type_display_name: 'Cloud Run Revision',
      metric: { type: 'run.googleapis.com/request_count', displayName: 'Request Count' },
      policy_name: 'api: 5xx ratio above 2 %',
      policy_user_labels: { service: DEMO_SERVICE, team: 'checkout' },
      condition_name: 'Cloud Run Revision - 5xx ratio above 2 % for 1 min',
      documentation: {
        content: 'Check the last deploy of api first: roll it back from the card if it lines up.',
        mime_type: 'text/markdown',
      },
    },
  };
}

/** `/ops demo alert` (and `… resolve <id>`): fires the notification, and says where the card went. */
export async function fireDemoAlert(ctx: WorkflowContext, request: DemoAlertRequest) {
  if (!ctx.alertLoopback)
    return renderProblem(
      '`/ops demo alert` runs in the sandbox only (`npm start`); real alerts come from Cloud Monitoring.',
    );
  const id = request.state === 'closed' ? request.id : `demo-${randomBytes(4).toString('hex')}`;
  // Cloud Monitoring's close repeats the open's start: read it from the record when there is one.
  const opened = await getAlert(ctx, alertId('monitoring', id)).catch(() => undefined);
  const start = opened ? Date.parse(opened.startedAt) : undefined;
  const answer = await ctx.alertLoopback.send(demoNotification(ctx, request, id, start));
  if (answer.status !== 200)
    return renderProblem(`POST /hooks/alerts answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const signal = {
    source: 'monitoring' as const,
    key: id,
    state: request.state,
    policy: '',
    startedAt: '',
    labels: { service: DEMO_SERVICE },
  };
  const { channel } = routeAlert(ctx.config, signal);
  const text =
    request.state === 'open'
      ? `:rotating_light: Fired a demo Cloud Monitoring alert \`${id}\` at POST /hooks/alerts (answered 200). Its card is in ${channel}: declare an incident from it, then \`/ops demo alert resolve ${id}\` to see it resolve.`
      : `:white_check_mark: Sent the close of \`${id}\` (answered 200): its card, and its incident if you declared one, say it resolved.`;
  return message(text, [section(text)]);
}
