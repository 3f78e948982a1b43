import type { SlackMessage } from '../../sandbox/slack/workspace.js';
import { textOf, type Harness } from '../support/harness.js';

export const TOKEN = 'alert-hook-token-0123456789abcdef';

/** A Cloud Monitoring notification, version 1.2, for a Cloud Run revision of `service` (epoch seconds). */
export function notification(
  id: string,
  state: 'open' | 'closed',
  extra: { startedAt?: number; endedAt?: number; service?: string; severity?: string; policy?: string } & Record<
    string,
    unknown
  > = {},
) {
  const {
    startedAt,
    endedAt,
    service = 'api',
    severity = 'Error',
    policy = 'api: 5xx ratio above 2 %',
    ...rest
  } = extra;
  const start = startedAt ?? Math.floor(Date.now() / 1000);
  return {
    version: '1.2',
    incident: {
      incident_id: id,
      scoping_project_id: 'demo-project',
      scoping_project_number: 12345,
      url: `https://console.cloud.google.com/monitoring/alerting/alerts/${id}?project=demo-project`,
      severity,
      started_at: start,
      ended_at: state === 'closed' ? (endedAt ?? start + 23 * 60) : null,
      state,
      summary: `5xx ratio for ${service} is above the threshold of 0.020 with a value of 0.087.`,
      apigee_url: 'https://apigee.com/',
      observed_value: '0.087',
      threshold_value: '0.02',
      resource: {
        type: 'cloud_run_revision',
        labels: { project_id: 'demo-project', service_name: service, location: 'europe-west1' },
      },
      resource_type_display_name: 'Cloud Run Revision',
      resource_name: `projects/demo-project/locations/europe-west1/services/${service}`,
      metric: { type: 'run.googleapis.com/request_count', displayName: 'Request Count', labels: {} },
      metadata: { system_labels: {}, user_labels: {} },
      policy_name: policy,
      policy_user_labels: { team: 'checkout' },
      condition_name: 'Cloud Run Revision - 5xx ratio above 2 %',
      condition: { name: 'projects/demo-project/alertPolicies/1/conditions/2', displayName: 'x' },
      documentation: { content: 'Look at the last deploy first.', mime_type: 'text/markdown', subject: 'ALERT' },
      ...rest,
    },
  };
}

export async function send(
  h: Pick<Harness, 'botUrl'>,
  body: unknown,
  auth: { query?: string; headers?: Record<string, string>; url?: string } = { query: `?auth_token=${TOKEN}` },
): Promise<Response> {
  return fetch(`${auth.url ?? h.botUrl}/hooks/alerts${auth.query ?? ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The alert cards posted in a channel (top-level messages, updated in place). */
export const alertCards = (h: Pick<Harness, 'slack'>, channel: string): SlackMessage[] =>
  h.slack.messagesIn(channel).filter((m) => !m.threadTs && /^Alert (firing|resolved)/.test(m.text));

export const cardText = (h: Pick<Harness, 'slack'>, card: SlackMessage): string =>
  textOf(h.slack.workspace.findMessage(card.channel, card.ts));

type Element = { action_id?: string; value?: string; text?: { text: string }; confirm?: unknown };
/** Every button on a message: accessories and actions blocks. */
export function buttonsOf(m: SlackMessage | undefined): Element[] {
  return ((m?.blocks ?? []) as { accessory?: Element; elements?: Element[] }[]).flatMap((b) => [
    ...(b.accessory?.action_id ? [b.accessory] : []),
    ...(b.elements ?? []).filter((e) => e.action_id),
  ]);
}

/** The JSON answer of the hook. */
export const json = async (r: Response) =>
  (await r.json()) as { ok: boolean; problems: string[]; error: string; first?: boolean } & Record<string, unknown>;
