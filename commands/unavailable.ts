import type { Router } from '../src/app/router.js';
import { section, message } from '../blocks/kit.js';
import { COMMANDS } from './catalog.js';

/**
 * The manifest declares every workflow's command. Until a workflow ships, its command answers plainly that
 * it is not in this release, instead of Slack's "dispatch_failed".
 */
export function registerUnavailable(router: Router, implemented: Set<string>): void {
  for (const spec of COMMANDS.filter((c) => !implemented.has(c.command))) {
    router.command(spec.command, async ({ ack }) => {
      await ack({
        response_type: 'ephemeral',
        ...message(`${spec.command} is not in this release yet.`, [
          section(
            `:construction: \`${spec.command}\` (${spec.description.toLowerCase()}) is not in this release yet. \`/ops help\` lists what works today.`,
          ),
        ]),
      });
    });
  }
}
