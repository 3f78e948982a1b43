import { renderDeclared } from '../../blocks/incident-messages.js';
import { isPortError } from '../../src/domain/errors.js';
import type { IncidentProblem } from '../../src/domain/incident-facts.js';
import type { Incident } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { type DeclareInput, declareIncident } from '../../src/workflows/incident/declare.js';
import { completeSetup } from '../../src/workflows/incident/setup.js';
import { attempt } from '../shared/attempt.js';
import type { Reply } from '../shared/reply.js';
import { describeSlackFailure } from '../shared/slack-failure.js';
import type { IncidentPresenter } from './presenter.js';

/** Declares, posts and pins the card, announces; then tells the declarer where the incident lives. */
export async function runDeclare(
  ctx: WorkflowContext,
  presenter: IncidentPresenter,
  input: DeclareInput,
  reply: Reply,
): Promise<void> {
  await attempt(ctx, reply, 'declare the incident', async () => {
    const declared = await declareIncident(ctx, input);
    await reply(
      renderDeclared(await publishOrLater(ctx, presenter, declared.incident, declared.problems), declared.problems),
    );
  });
}

/** Posts the card and the announcement; when Slack fails there, the incident stands and the setup job finishes the posting later. */
export async function publishOrLater(
  ctx: WorkflowContext,
  presenter: IncidentPresenter,
  incident: Incident,
  problems: IncidentProblem[],
): Promise<Incident> {
  try {
    const published = await presenter.publish(incident);
    await completeSetup(ctx, incident.id);
    if (!published.announcement)
      problems.push(
        `It could not be announced in ${ctx.config.channels.incidents} (is \`channels.incidents\` in chatops.yml right, and the bot allowed to post there?).`,
      );
    return published;
  } catch (error) {
    ctx.log.warn({ err: error, incident: incident.id }, 'could not post the incident card yet; the setup job retries');
    problems.push(
      `The card could not be posted yet (${isPortError(error) ? error.message : describeSlackFailure(error)}); the bot tries again within a few minutes.`,
    );
    return incident;
  }
}
