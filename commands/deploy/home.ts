import type { Router } from '../../src/app/router.js';
import type { HomeView } from '@slack/types';
import { renderDeployHome } from '../../blocks/deploy-home.js';
import { context, header, section } from '../../blocks/kit.js';
import { homeSummary } from '../../src/workflows/app-home.js';
import type { WorkflowContext } from '../../src/workflows/context.js';

/** App Home: on every opening of the Home tab, publish the user's approvals, deploys in flight and locks. */
export function registerHome(router: Router, ctx: WorkflowContext): void {
  router.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    let view: HomeView;
    try {
      view = renderDeployHome(await homeSummary(ctx, event.user), ctx.config.timezone);
    } catch (error) {
      ctx.log.error({ err: error, user: event.user }, 'could not build the App Home');
      view = {
        type: 'home',
        blocks: [
          header('Deploys'),
          section(':warning: The deploys could not be read just now.'),
          context('Reopen this tab to try again; the bot logs say what failed.'),
        ],
      };
    }
    await client.views.publish({ user_id: event.user, view });
  });
}
