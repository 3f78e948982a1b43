import type { Message } from '../../blocks/kit.js';
import { renderUsage } from '../../blocks/help.js';
import { COMMANDS } from '../catalog.js';

/** The short, ephemeral "what is wrong and what to type instead" answer. */
export function usageMessage(command: string, problem: string): Message {
  const spec = COMMANDS.find((c) => c.command === command);
  return renderUsage(problem, spec?.usage ?? []);
}
