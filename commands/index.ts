import type { App } from '@slack/bolt';
import type { WorkflowContext } from '../src/workflows/context.js';
import { COMMANDS } from './catalog.js';
import type { Feature } from './feature.js';
import { opsFeature } from './ops/index.js';
import { registerUnavailable } from './unavailable.js';

/** Every feature of this release. A command of the catalog without a feature here says it is not available yet. */
export const FEATURES: Feature[] = [opsFeature];

export function registerCommands(app: App, ctx: WorkflowContext): void {
  const implemented = new Set(FEATURES.map((f) => f.command));
  const catalog = COMMANDS.map((spec) => ({ ...spec, available: implemented.has(spec.command) }));
  for (const feature of FEATURES) feature.register(app, ctx, catalog);
  registerUnavailable(app, implemented);
}
