import type { WorkflowContext } from '../../src/workflows/context.js';
import type { Feature, FeatureHost } from '../feature.js';
import { registerIncidentActions } from './actions.js';
import { registerIncidentCommand } from './command.js';
import { incidentJobs, registerIncidentListeners } from './listeners.js';
import { IncidentPresenter } from './presenter.js';
import { registerIncidentViews } from './views.js';

export const incidentFeature: Feature = { command: '/incident', register: registerIncident };

/** /incident: the command, the card's buttons, the modals, 📌 reactions, deploy events and the reminder jobs. */
function registerIncident({ router, jobs }: FeatureHost, ctx: WorkflowContext): void {
  const unknown = Object.keys(ctx.config.incidents.responders.byService).filter((s) => !ctx.config.services[s]);
  if (unknown.length)
    ctx.log.warn(
      { services: unknown },
      'incidents.responders.byService names services that are not configured; they are ignored',
    );
  const presenter = new IncidentPresenter(router.client, ctx);
  registerIncidentCommand(router, ctx, presenter);
  registerIncidentViews(router, ctx, presenter);
  registerIncidentActions(router, ctx, presenter);
  registerIncidentListeners(router, ctx, presenter);
  jobs.every(...incidentJobs(ctx, presenter));
}
