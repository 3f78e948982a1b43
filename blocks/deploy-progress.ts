import type { DeployProgress } from '../src/domain/deploy-progress.js';
import { formatDuration } from './kit.js';

/** A rollout's progress as the reply in its plan's thread says it. */
export function progressText(p: DeployProgress): string {
  switch (p.kind) {
    case 'step-done':
      return `:white_check_mark: ${p.step}${p.detail ? ` — ${p.detail}` : ''} (${p.ms === undefined ? '' : formatDuration(p.ms)})`;
    case 'step-failed':
      return `:x: ${p.step} failed — ${p.detail}`;
    case 'following-run':
      return `:mag: Following <${p.url}|run ${p.runId}>`;
    case 'rolled-back':
      return `:rewind: Rolled back automatically: 100% of traffic is on \`${p.to}\` again (verified on Cloud Run). \`${p.revision}\` serves nothing.`;
    case 'resuming':
      return `:arrows_counterclockwise: Resuming after a restart of the bot${p.at ? `, from ${p.at}` : ''}.`;
    case 'pausing':
      return `:pause_button: The bot is restarting: this deploy pauses${p.at ? ` at ${p.at}` : ''} and resumes as soon as the bot is back.`;
  }
}
