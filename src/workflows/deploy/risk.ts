import type { DeploySettings } from '../../config/schema-deploy.js';
import type { RiskLevel } from '../../domain/deployment.js';

export interface RiskInput {
  environment: string;
  files: string[];
  aheadBy: number;
  recentFailures: number;
  riskPaths: DeploySettings['riskPaths'];
  /** The diff against what is live could not be read: what it touches is unknown, which is a risk of its own. */
  diffUnknown?: boolean;
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
  const migrations = input.files.filter((f) => input.riskPaths.migrations.some((g) => globMatch(g, f)));
  const infra = input.files.filter((f) => input.riskPaths.infra.some((g) => globMatch(g, f)));
  if (migrations.length > 0) add(2, `touches migrations (${migrations.slice(0, 3).join(', ')})`);
  if (infra.length > 0) add(2, `touches infrastructure (${infra.slice(0, 3).join(', ')})`);
  if (input.aheadBy > 20 || input.files.length > 50) add(1, `large change (${input.aheadBy} commits, ${input.files.length} files)`);
  if (input.diffUnknown) add(1, 'the changes could not be read from GitHub, so what they touch is unknown');
  if (input.recentFailures > 0) add(1, `${input.recentFailures} failed deploy(s) of this service in the last 7 days`);
  const level: RiskLevel = score >= 3 ? 'high' : score >= 1 ? 'medium' : 'low';
  return { level, reasons: reasons.length ? reasons : ['small change, non-production'] };
}

/** `**` spans folders, `*` stays within one; enough for path patterns in config. */
export function globMatch(glob: string, path: string): boolean {
  const pattern = glob
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replaceAll('*', '[^/]*'))
    .join('.*')
    .replace(/\.\*\//g, '(?:.*/)?');
  return new RegExp(`^${pattern}$`).test(path);
}
