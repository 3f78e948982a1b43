import type { DeploySettings } from '../../config/schema-deploy.js';
import type { RiskLevel } from '../../domain/deployment.js';
import { globMatch } from './glob-match.js';

export interface RiskInput {
  environment: string;
  files: string[];
  aheadBy: number;
  recentFailures: number;
  riskPaths: DeploySettings['riskPaths'];
  /** The diff against what is live could not be read: what it touches is unknown, which is a risk of its own. */
  diffUnknown?: boolean;
  /** This very commit was rolled back in the last 7 days (the checklist says by whom, when and why). */
  rolledBack?: boolean;
}

/** Risk from the environment, the size of the diff, migrations or infra touched, and recent failed deploys. */
export function assessRisk(input: RiskInput): { level: RiskLevel; reasons: string[] } {
  let score = 0;
  const reasons: string[] = [];
  const add = (points: number, reason: string): void => {
    score += points;
    reasons.push(reason);
  };
  if (input.environment === 'prod') add(1, 'production environment');
  const checked = filesToCheck(input.files);
  const migrations = checked.filter((f) => input.riskPaths.migrations.some((g) => globMatch(g, f)));
  const infra = checked.filter((f) => input.riskPaths.infra.some((g) => globMatch(g, f)));
  if (migrations.length > 0) add(2, `touches migrations (${migrations.slice(0, 3).map(shown).join(', ')})`);
  if (infra.length > 0) add(2, `touches infrastructure (${infra.slice(0, 3).map(shown).join(', ')})`);
  // What the unchecked files touch is unknown, which is a risk of its own (as an unreadable diff is).
  if (checked.length < input.files.length)
    add(1, `checked the first ${checked.length} files of ${input.files.length} against deploy.riskPaths`);
  if (input.aheadBy > 20 || input.files.length > 50)
    add(1, `large change (${input.aheadBy} commits, ${input.files.length} files)`);
  if (input.diffUnknown) add(1, 'the changes could not be read from GitHub, so what they touch is unknown');
  if (input.rolledBack) add(2, 'this commit was rolled back in the last 7 days');
  if (input.recentFailures > 0) add(1, `${input.recentFailures} failed deploy(s) of this service in the last 7 days`);
  const level: RiskLevel = score >= 3 ? 'high' : score >= 1 ? 'medium' : 'low';
  return { level, reasons: reasons.length ? reasons : ['small change, non-production'] };
}

/** The files that are matched against riskPaths: at most this many, and this many characters of paths in all. */
export const RISK_CHECK_LIMITS = { files: 1000, characters: 100_000 };

function filesToCheck(files: string[]): string[] {
  let characters = 0;
  const checked = files.findIndex((f) => (characters += f.length) > RISK_CHECK_LIMITS.characters);
  return files.slice(0, Math.min(checked === -1 ? files.length : checked, RISK_CHECK_LIMITS.files));
}

/** A path as a reason shows it: long ones shortened, so one hostile name cannot fill the card. */
const shown = (path: string): string => (path.length > 80 ? `${path.slice(0, 40)}…${path.slice(-39)}` : path);
