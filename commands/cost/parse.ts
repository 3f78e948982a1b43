import type { CostDimension } from '../../src/domain/cost.js';
import type { PeriodSpec } from '../../src/workflows/cost/periods.js';
import { clip } from '../../src/domain/format.js';
import { commandWords } from '../shared/tokenize.js';

export type CostCommand =
  | { kind: 'help' }
  | { kind: 'report'; period: PeriodSpec; by: CostDimension }
  | { kind: 'invalid'; problem: string };

const DIMENSIONS: CostDimension[] = ['service', 'project', 'sku'];
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** `/cost [week|month|last-month|YYYY-MM-DD..YYYY-MM-DD] [--by service|project|sku]`; the month by service by default. */
export function parseCost(text: string): CostCommand {
  const tokens = commandWords(text);
  let period: PeriodSpec | undefined;
  let by: CostDimension | undefined;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!.toLowerCase();
    if (token === 'help') return { kind: 'help' };
    if (token === '--by' || token.startsWith('--by=')) {
      const value = token === '--by' ? tokens[(i += 1)]?.toLowerCase() : token.slice(5);
      if (!value) return { kind: 'invalid', problem: '--by needs a value: service, project or sku.' };
      if (!DIMENSIONS.includes(value as CostDimension))
        return { kind: 'invalid', problem: `Cannot group by "${clip(value)}": use service, project or sku.` };
      if (by) return { kind: 'invalid', problem: '--by is given twice.' };
      by = value as CostDimension;
      continue;
    }
    if (token.startsWith('-')) return { kind: 'invalid', problem: `Unknown option "${clip(token)}".` };
    if (period) return { kind: 'invalid', problem: `One period at a time: got "${clip(tokens[i]!)}" after another.` };
    const range = RANGE.exec(token);
    if (range) period = { kind: 'range', from: range[1]!, to: range[2]! };
    else if (token === 'week' || token === 'month' || token === 'last-month') period = { kind: token };
    else
      return {
        kind: 'invalid',
        problem: `Unknown period "${clip(tokens[i]!)}": use week, month, last-month or a range YYYY-MM-DD..YYYY-MM-DD.`,
      };
  }
  return { kind: 'report', period: period ?? { kind: 'month' }, by: by ?? 'service' };
}
