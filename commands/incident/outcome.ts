import { renderProblem } from '../../blocks/help.js';
import { renderDeclared } from '../../blocks/incident-messages.js';
import { refusalText } from '../../blocks/incident-refusals.js';
import type { Message } from '../../blocks/kit.js';
import { isPortError } from '../../src/domain/errors.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import type { IncidentProblem } from '../../src/domain/incident-facts.js';
import type { Incident } from '../../src/domain/incident.js';
import { declareIncident, type DeclareInput } from '../../src/workflows/incident/declare.js';
import { completeSetup } from '../../src/workflows/incident/setup.js';
import { IncidentRefused } from '../../src/workflows/incident/refusals.js';
import { IncidentNotFound } from '../../src/workflows/incident/repository.js';
import { Refusal } from '../../src/workflows/records.js';
import { describeSlackFailure } from '../shared/slack-failure.js';
import type { IncidentPresenter } from './presenter.js';

export type Reply = (body: Message) => Promise<void>;

/** What went wrong, in words a user can act on: a refusal as it is, a backend error with what to do, else a short apology. */
export function problemMessage(ctx: WorkflowContext, error: unknown, doing: string): Message {
  if (error instanceof IncidentRefused) return renderProblem(refusalText(error.refusal));
  if (error instanceof Refusal) return renderProblem(error.message);
  if (error instanceof IncidentNotFound)
    return renderProblem(`There is no incident ${error.incidentId}. \`/incident list\` shows the open ones.`);
  if (isPortError(error)) {
    ctx.log.warn({ err: error }, `${doing} failed`);
    return renderProblem(`Could not ${doing}: ${error.message}`);
  }
  ctx.log.error({ err: error }, `${doing} failed unexpectedly`);
  return renderProblem(`Could not ${doing} because of an unexpected error; the bot logs have the details. Try again.`);
}

/** Runs a piece of work after the ack; a failure is told to the user through `reply`, never thrown at Slack. */
export async function attempt(
  ctx: WorkflowContext,
  reply: Reply,
  doing: string,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    await reply(problemMessage(ctx, error, doing)).catch((e: unknown) =>
      ctx.log.error({ err: e }, 'could not tell the user about a failure'),
    );
  }
}

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
