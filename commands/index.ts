import type { WorkflowContext } from '../src/workflows/context.js';
import { COMMANDS } from './catalog.js';
import type { Feature, FeatureHost } from './feature.js';
import { alertsFeature } from './alerts/index.js';
import { backupFeature } from './backup/index.js';
import { auditFeature } from './audit/index.js';
import { costFeature } from './cost/index.js';
import { deployFeature } from './deploy/index.js';
import { incidentFeature } from './incident/index.js';
import { opsFeature } from './ops/index.js';
import { rollbackFeature } from './rollback/index.js';
import { registerUnavailable } from './unavailable.js';

/** Every feature of this release. A command of the catalog without a feature here says it is not available yet. */
export const FEATURES: Feature[] = [
  opsFeature,
  deployFeature,
  rollbackFeature,
  incidentFeature,
  costFeature,
  alertsFeature,
  backupFeature,
  auditFeature,
];

export function registerFeatures(host: Omit<FeatureHost, 'catalog'>, ctx: WorkflowContext): void {
  const implemented = new Set(FEATURES.map((f) => f.command));
  const catalog = COMMANDS.map((spec) => ({ ...spec, available: implemented.has(spec.command) }));
  for (const feature of FEATURES) feature.register({ ...host, catalog }, ctx);
  registerUnavailable(host.router, implemented);
}
