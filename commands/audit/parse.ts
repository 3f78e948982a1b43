import { clip } from '../../src/domain/format.js';
import { commandWords } from '../shared/tokenize.js';

export type AuditCommand = { kind: 'help' } | { kind: 'audit'; scope: string } | { kind: 'invalid'; problem: string };

/** `/audit [service | all]`: everything by default. */
export function parseAudit(text: string, services: string[]): AuditCommand {
  const tokens = commandWords(text);
  if (tokens.length > 1) return { kind: 'invalid', problem: 'Name one service, or all.' };
  const word = tokens[0]?.toLowerCase() ?? 'all';
  if (word === 'help') return { kind: 'help' };
  if (word === 'all' || services.includes(word)) return { kind: 'audit', scope: word };
  return {
    kind: 'invalid',
    problem: `There is no service "${clip(word)}" in chatops.yml. Known: ${services.join(', ')}, or all.`,
  };
}
