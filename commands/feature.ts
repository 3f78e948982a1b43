import type { Router } from '../src/app/router.js';
import type { RouteRegistry } from '../src/app/routes.js';
import type { WorkflowContext } from '../src/workflows/context.js';
import type { JobRegistry } from '../src/workflows/jobs.js';
import type { CommandSpec } from './catalog.js';

/** A catalog entry, and whether this release has the feature behind it. */
export type CatalogEntry = CommandSpec & { available: boolean };

/** What a feature registers on: Slack's entries, its background jobs and its own HTTP entries. */
export interface FeatureHost {
  router: Router;
  /** Periodic and cron jobs (src/workflows/jobs.ts), run by the ticker. */
  jobs: JobRegistry;
  /** POST entries on the bot's server, e.g. /jobs/cost-digest (src/app/routes.ts). */
  routes: RouteRegistry;
  catalog: CatalogEntry[];
}

/**
 * A feature registers, in its one `register`, its slash command and the actions, views and events that belong
 * to it, its jobs and its HTTP routes.
 */
export interface Feature {
  /** The slash command it answers; must be in catalog.ts and manifest.yml. */
  command: string;
  register(host: FeatureHost, ctx: WorkflowContext): void;
}
