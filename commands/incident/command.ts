import type { RespondFn } from '@slack/bolt';
import type { Router } from '../../src/app/router.js';
import { renderProblem, renderUsage } from '../../blocks/help.js';
import {
  renderIncidentHelp,
  renderIncidentList,
  renderNotInIncident,
  renderRoleChange,
  renderSeverityChange,
} from '../../blocks/incident-messages.js';
import { clip, escapeMrkdwn } from '../../blocks/kit.js';
import { declareModal, resolveModal, rolesModal, updateModal } from '../../blocks/incident-modals.js';
import { renderTimeline } from '../../blocks/incident-timeline.js';
import { incidentLabel, type Incident } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { ensureAllowed } from '../../src/workflows/incident/authority.js';
import { setRole, setSeverity } from '../../src/workflows/incident/changes.js';
import {
  findByChannel,
  getIncident,
  listOpen,
  listTimeline,
  parseIncidentRef,
} from '../../src/workflows/incident/repository.js';
import { respondSafely } from '../shared/reply.js';
import { attempt } from '../shared/attempt.js';
import type { Reply } from '../shared/reply.js';
import { runDeclare } from './declare-flow.js';
import { CHANNEL_BOUND, parseIncident, USAGE, type IncidentRequest } from './parse.js';
import type { IncidentPresenter } from './presenter.js';
import { resolveUser } from './users.js';

type ChannelRequest = Extract<IncidentRequest, { kind: 'update' | 'resolve' | 'roles-form' | 'role' | 'severity' }>;

/** `/incident …`: usage errors and misplaced subcommands are answered in the ack; the rest acks first and works after. */
export function registerIncidentCommand(router: Router, ctx: WorkflowContext, presenter: IncidentPresenter): void {
  router.command('/incident', async ({ command, ack, respond, client }) => {
    const request = parseIncident(command.text, ctx.config.services);
    const reply: Reply = (body) => respondSafely(respond, body, ctx.log);
    const user = command.user_id;
    switch (request.kind) {
      case 'help':
        return ack({ response_type: 'ephemeral', ...renderIncidentHelp(USAGE) });
      case 'invalid':
        return ack({ response_type: 'ephemeral', ...renderUsage(request.problem, USAGE) });
      case 'declare-form':
        await ack();
        return attempt(ctx, reply, 'open the declare form', async () => {
          await client.views.open({
            trigger_id: command.trigger_id,
            view: declareModal({
              declarer: user,
              services: Object.keys(ctx.config.services),
              channel: command.channel_id,
            }),
          });
        });
      case 'declare':
        await ack({
          response_type: 'ephemeral',
          text: `:hourglass_flowing_sand: Declaring ${request.severity}: ${escapeMrkdwn(request.title)}…`,
        });
        return runDeclare(
          ctx,
          presenter,
          { title: request.title, severity: request.severity, services: request.services, declaredBy: user },
          reply,
        );
      case 'list':
        await ack();
        return attempt(ctx, reply, 'list the incidents', async () =>
          reply(renderIncidentList(await listOpen(ctx), ctx.config.timezone)),
        );
      case 'timeline':
        await ack();
        return attempt(ctx, reply, 'show the timeline', async () => {
          const id = request.ref ? parseIncidentRef(request.ref) : undefined;
          if (request.ref && !id)
            return reply(renderUsage(`"${clip(request.ref)}" is not an incident number such as INC-7.`, USAGE));
          const incident = id ? await getIncident(ctx, id) : await findByChannel(ctx, command.channel_id);
          if (!incident) return reply(renderNotInIncident('timeline', await listOpen(ctx)));
          await reply(renderTimeline(incident, await listTimeline(ctx, incident.id), ctx.config.timezone));
        });
    }
    if (!CHANNEL_BOUND.has(request.kind)) return ack();
    // Update, resolve, role and severity act on the channel's incident: say so in the ack when this is not one.
    const incident = await findByChannel(ctx, command.channel_id);
    if (!incident)
      return ack({
        response_type: 'ephemeral',
        ...renderNotInIncident(command.text.trim().split(/\s+/)[0] ?? 'update', await listOpen(ctx)),
      });
    if (!incident.open)
      return ack({
        response_type: 'ephemeral',
        text: `${incidentLabel(incident)} is resolved; this channel keeps its history but takes no more changes. \`/incident declare\` starts a new incident.`,
      });
    await ack();
    await channelRequest(ctx, presenter, request as ChannelRequest, incident, {
      user,
      channel: command.channel_id,
      triggerId: command.trigger_id,
      respond,
    });
  });
}

async function channelRequest(
  ctx: WorkflowContext,
  presenter: IncidentPresenter,
  request: ChannelRequest,
  incident: Incident,
  from: { user: string; channel: string; triggerId: string; respond: RespondFn },
): Promise<void> {
  const reply: Reply = (body) => respondSafely(from.respond, body, ctx.log);
  const open = (view: Parameters<IncidentPresenter['client']['views']['open']>[0]['view']) =>
    presenter.client.views.open({ trigger_id: from.triggerId, view });
  switch (request.kind) {
    case 'update':
      return attempt(
        ctx,
        reply,
        'open the update form',
        async () =>
          void (await open(
            updateModal(incident, from.channel, ctx.config.incidents.updateCadenceMinutes[incident.severity]),
          )),
      );
    case 'resolve':
      return attempt(ctx, reply, 'open the resolve form', async () => {
        await ensureAllowed(ctx, incident, from.user, { kind: 'resolve' });
        await open(resolveModal(incident, from.channel));
      });
    case 'roles-form':
      return attempt(
        ctx,
        reply,
        'open the roles form',
        async () => void (await open(rolesModal(incident, from.channel))),
      );
    case 'role':
      return attempt(ctx, reply, 'assign the role', async () => {
        const holder = await resolveUser(presenter.client, request.user);
        if (!holder)
          return reply(
            renderUsage(
              `Nobody called "${clip(request.user)}" in this workspace. Mention them: /incident role ${request.role} @name`,
              USAGE,
            ),
          );
        const changed = await setRole(ctx, {
          incidentId: incident.id,
          role: request.role,
          user: holder,
          by: from.user,
        });
        if (changed.entry)
          await presenter.postInIncident(
            changed.incident,
            renderRoleChange(changed.incident, request.role, holder, from.user),
            changed.entry,
          );
        else await reply(renderProblem(`<@${holder}> already has that role.`));
      });
    case 'severity':
      return attempt(ctx, reply, 'change the severity', async () => {
        const changed = await setSeverity(ctx, { incidentId: incident.id, severity: request.severity, by: from.user });
        if (!changed.entry) return reply(renderProblem(`${incidentLabel(incident)} is ${request.severity} already.`));
        const notice = renderSeverityChange(changed.incident, changed.before.severity, from.user, changed.locks);
        await presenter.postInIncident(changed.incident, notice, changed.entry);
        await presenter.broadcast(notice);
      });
  }
}
