import type { ViewOutput } from '@slack/bolt';
import type { Router } from '../../src/app/router.js';
import { z } from 'zod';
import { renderRoleChange, renderStatusUpdate } from '../../blocks/incident-messages.js';
import { resolveModal, VIEW_IDS } from '../../blocks/incident-modals.js';
import { renderProblem } from '../../blocks/help.js';
import { refusalText } from '../../blocks/incident-refusals.js';
import { incidentLabel, ROLES, STATUSES, type Incident } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { postUpdate, setRole } from '../../src/workflows/incident/changes.js';
import { ensureAllowed, NotAllowed } from '../../src/workflows/incident/authority.js';
import { getIncident } from '../../src/workflows/incident/repository.js';
import { attempt } from '../shared/attempt.js';
import type { Reply } from '../shared/reply.js';
import { runDeclare } from './declare-flow.js';
import { field, optionOf, readDeclareForm, textOf } from './form-values.js';
import type { IncidentPresenter } from './presenter.js';
import { finishResolve } from './resolve-flow.js';
import { parseActionItems } from './users.js';

/** What the modal carries from where it was opened: the channel (for the answer) and the incident. */
const metadata = z
  .object({ channel: z.string().default(''), incidentId: z.string().optional() })
  .catch({ channel: '' });
function meta(view: ViewOutput): z.output<typeof metadata> {
  try {
    return metadata.parse(JSON.parse(view.private_metadata || '{}'));
  } catch {
    return { channel: '' };
  }
}

/** The audited refusal when `user` may not resolve the incident, else null. */
async function refusedToResolve(ctx: WorkflowContext, incident: Incident, user: string): Promise<NotAllowed | null> {
  try {
    await ensureAllowed(ctx, incident, user, { kind: 'resolve' });
    return null;
  } catch (error) {
    if (error instanceof NotAllowed) return error;
    throw error;
  }
}

/** Modal submissions. Bad values are answered in the ack (Slack shows them under the field); the work runs after the modal closed. */
export function registerIncidentViews(router: Router, ctx: WorkflowContext, presenter: IncidentPresenter): void {
  const replyTo =
    (channel: string, user: string): Reply =>
    (body) =>
      channel ? presenter.ephemeral(channel, user, body) : Promise.resolve();

  router.view(VIEW_IDS.declare, async ({ ack, view, body }) => {
    const form = readDeclareForm(view.state.values, body.user.id);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const { channel } = meta(view);
    await runDeclare(ctx, presenter, { ...form, declaredBy: body.user.id }, replyTo(channel, body.user.id));
  });

  router.view(VIEW_IDS.update, async ({ ack, view, body }) => {
    const values = view.state.values;
    const { channel, incidentId = '' } = meta(view);
    const status = STATUSES.find((s) => s === optionOf(values, 'status'));
    const summary = textOf(values, 'summary');
    const minutes = textOf(values, 'minutes');
    if (!status) return ack({ response_action: 'errors', errors: { status: 'Pick a status.' } });
    if (status === 'resolved') {
      // Resolving asks for a root cause and follow-ups: the resolve form takes over, with the summary carried along.
      const incident = await getIncident(ctx, incidentId);
      const refused = await refusedToResolve(ctx, incident, body.user.id);
      if (refused) {
        await ack({
          response_action: 'errors',
          errors: {
            status: `Only the commander or a break-glass user can resolve ${incidentLabel(incident)}. Pick another status.`,
          },
        });
        return replyTo(channel, body.user.id)(renderProblem(refusalText(refused.refusal)));
      }
      return ack({ response_action: 'update', view: resolveModal(incident, channel, { summary }) });
    }
    if (!summary)
      return ack({ response_action: 'errors', errors: { summary: 'Say what changed since the last update.' } });
    if (minutes && !/^\d{1,4}$/.test(minutes))
      return ack({ response_action: 'errors', errors: { minutes: 'Minutes as a whole number, 1 to 1440.' } });
    await ack();
    const reply = replyTo(channel, body.user.id);
    await attempt(ctx, reply, 'post the update', async () => {
      const changed = await postUpdate(ctx, {
        incidentId,
        by: body.user.id,
        status,
        summary,
        next: textOf(values, 'next'),
        ...(minutes ? { nextUpdateMinutes: Math.min(1440, Math.max(1, Number(minutes))) } : {}),
      });
      const tz = ctx.config.timezone;
      await presenter.postInIncident(
        changed.incident,
        renderStatusUpdate(changed.incident, changed.before.status, tz, false),
        changed.entry,
      );
      await presenter.broadcast(renderStatusUpdate(changed.incident, changed.before.status, tz, true));
    });
  });

  router.view(VIEW_IDS.resolve, async ({ ack, view, body }) => {
    const values = view.state.values;
    const { channel, incidentId = '' } = meta(view);
    const summary = textOf(values, 'summary');
    const rootCause = textOf(values, 'rootCause');
    if (!summary || !rootCause)
      return ack({
        response_action: 'errors',
        errors: {
          ...(summary ? {} : { summary: 'Say what fixed it.' }),
          ...(rootCause ? {} : { rootCause: 'Name the root cause, or write "unknown".' }),
        },
      });
    await ack();
    const reply = replyTo(channel, body.user.id);
    await attempt(ctx, reply, 'resolve the incident', async () => {
      const actions = await parseActionItems(presenter.client, textOf(values, 'actions'));
      await finishResolve(ctx, presenter, {
        incidentId,
        by: body.user.id,
        summary,
        rootCause,
        preventive: textOf(values, 'preventive'),
        actions,
      });
    });
  });

  router.view(VIEW_IDS.roles, async ({ ack, view, body }) => {
    const values = view.state.values;
    const { channel, incidentId = '' } = meta(view);
    if (!field(values, 'commander')?.selected_user)
      return ack({ response_action: 'errors', errors: { commander: 'An incident always has a commander.' } });
    await ack();
    await attempt(ctx, replyTo(channel, body.user.id), 'assign the roles', async () => {
      for (const role of ROLES) {
        const holder = field(values, role)?.selected_user;
        if (!holder) continue;
        const changed = await setRole(ctx, { incidentId, role, user: holder, by: body.user.id });
        if (changed.entry)
          await presenter.postInIncident(
            changed.incident,
            renderRoleChange(changed.incident, role, holder, body.user.id),
            changed.entry,
          );
      }
    });
  });
}
