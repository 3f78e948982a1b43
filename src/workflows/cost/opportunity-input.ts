import type { CostRow, DayRange, Opportunity } from '../../domain/cost.js';
import { sum } from './table.js';

/** What the opportunity rules (opportunities.ts) share: the billing rows' matchers and the windows' sums. */

export const MONTH = 30.4;
export const is = (pattern: RegExp) => (text: string) => pattern.test(text);

export const cloudRun = is(/^cloud run\b/i);
export const cloudSql = is(/^cloud sql\b/i);
export const firestore = is(/firestore|datastore/i);
export const compute = is(
  /^(cloud run|compute engine|kubernetes engine|app engine|cloud run functions|cloud functions)\b/i,
);
export const nonProd = is(/(^|[-_])(dev|develop|test|testing|qa|stage|staging|sandbox|preview)([-_]|$)/i);
export const sqlInstanceSku = is(/vcpu|\bcpu\b|ram|memory|db-(custom|n1|g1|f1|perf)/i);

export interface Input {
  rows: CostRow[];
  currency: string;
  recent: DayRange;
  last14: DayRange;
  previous14: DayRange;
}

export type Where = (row: CostRow) => boolean;
export type Rule = (input: Input) => Opportunity[];

export const monthly = (i: Input, where: Where): number => (sum(i.rows, i.recent, where) * MONTH) / 28;
export const projectsOf = (i: Input, where: Where): string[] =>
  [
    ...new Set(
      i.rows
        .filter((r) => r.day >= i.recent.from && r.day <= i.recent.to && where(r) && r.cost > 0)
        .map((r) => r.project || '(no project)'),
    ),
  ].sort();
export const inProjects = (projects: string[]): string =>
  projects.length === 1 ? `project ${projects[0]}` : `projects ${projects.join(', ')}`;
