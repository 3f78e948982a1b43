import type { App } from '@slack/bolt';
import type { WorkflowContext } from '../src/workflows/context.js';
import { registerOps } from './ops/index.js';
import { registerUnavailable } from './unavailable.js';

/** Each feature registers its own commands, actions and views. */
export function registerCommands(app: App, ctx: WorkflowContext): void {
  registerOps(app, ctx);
  registerUnavailable(app);
}
