import type { Router } from '../src/app/router.js';
import type { WorkflowContext } from '../src/workflows/context.js';
import type { CommandSpec } from './catalog.js';

/** A catalog entry, and whether this release has the feature behind it. */
export type CatalogEntry = CommandSpec & { available: boolean };

/** A feature registers its slash command and the actions, views and events that belong to it. */
export interface Feature {
  /** The slash command it answers; must be in catalog.ts and manifest.yml. */
  command: string;
  register(router: Router, ctx: WorkflowContext, catalog: CatalogEntry[]): void;
}
