import type { BlockButtonAction } from '@slack/bolt';
import type { Router } from '../../src/app/router.js';
import { renderProblem } from '../../blocks/help.js';
import { CARD_ACTIONS } from '../../blocks/incident-card.js';
import { resolveModal, rolesModal, updateModal } from '../../blocks/incident-modals.js';
import { RETRY_ISSUE_ACTION } from '../../blocks/incident-postmortem.js';
import { incidentLabel } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { ensureAllowed } from '../../src/workflows/incident/authority.js';
import { getIncident } from '../../src/workflows/incident/repository.js';
import { respondSafely } from '../shared/reply.js';
import { attempt } from '../shared/attempt.js';
import type { Reply } from '../shared/reply.js';
import type { IncidentPresenter } from './presenter.js';
import { retryIssue } from './resolve-flow.js';

/** The card's buttons open the same forms as the commands; the postmortem's button retries the GitHub issue. */
export function registerIncidentActions(router: Router, ctx: WorkflowContext, presenter: IncidentPresenter): void {
  const forms = {
    [CARD_ACTIONS.update]: (i: Parameters<typeof updateModal>[0], channel: string) =>
      updateModal(i, channel, ctx.config.incidents.updateCadenceMinutes[i.severity]),
    [CARD_ACTIONS.roles]: rolesModal,
    [CARD_ACTIONS.resolve]: (i: Parameters<typeof resolveModal>[0], channel: string) => resolveModal(i, channel),
  };
  for (const [actionId, form] of Object.entries(forms)) {
    router.action<BlockButtonAction>(actionId, async ({ ack, action, body, client, respond }) => {
      await ack();
      const reply: Reply = (message) => respondSafely(respond, { ...message, response_type: 'ephemeral' }, ctx.log);
      await attempt(ctx, reply, 'open the form', async () => {
        const incident = await getIncident(ctx, action.value ?? '');
        if (!incident.open)
          return reply(renderProblem(`${incidentLabel(incident)} is resolved; it takes no more changes.`));
        if (actionId === CARD_ACTIONS.resolve) await ensureAllowed(ctx, incident, body.user.id, { kind: 'resolve' });
        await client.views.open({
          trigger_id: body.trigger_id,
          view: form(incident, body.channel?.id ?? incident.channelId ?? ''),
        });
      });
    });
  }

  router.action<BlockButtonAction>(RETRY_ISSUE_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    const reply: Reply = (message) => respondSafely(respond, { ...message, response_type: 'ephemeral' }, ctx.log);
    await attempt(ctx, reply, 'open the GitHub issue', async () => {
      const draft = await retryIssue(ctx, presenter, await getIncident(ctx, action.value ?? ''), body.user.id);
      await respond({ ...draft, replace_original: true });
    });
  });
}
