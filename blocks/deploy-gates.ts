import { executionShortName, type MigrationNote } from '../src/domain/deploy-gates.js';
import type { Deployment } from '../src/domain/deployment.js';
import { escapeMrkdwn, formatTime, link, section, type Block } from './kit.js';

/** The plan's image line, its Monitoring section, the report's pre-deploy jobs, and the rollback card's warning. */

const MARK = {
  starting: ':hourglass_flowing_sand:',
  running: ':hourglass_flowing_sand:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
} as const;

/** What the deploy runs when it is pinned: the digest (or, where Cloud Run reports none, the tag) and where it came from. */
export function artifactSection(d: Deployment): Block[] {
  const a = d.artifact;
  if (!a) return [];
  const from = a.from
    ? ` from ${escapeMrkdwn(a.from.environment)} (\`${escapeMrkdwn(a.from.revision)}\`${a.from.deployId ? `, deploy ${a.from.deployId}` : ''})`
    : '';
  const how = a.digest
    ? `the same artifact by digest${from}`
    : `by tag${from}: Cloud Run reported no digest for it, so the tag must not have moved`;
  return [section(`*Image:* \`${escapeMrkdwn(a.image.slice(0, 300))}\` — ${how}`)];
}

/** Where to watch the new revision: Cloud Logging filtered to it, and the service's metrics page. */
export function monitoringSection(d: Deployment): Block[] {
  const m = d.plan?.monitoring;
  if (!m) return [];
  return [
    section(
      `*Monitoring*\n• ${link(m.logs, `Logs of ${m.revision}`)} (Cloud Logging, filtered to the new revision)\n• ${link(m.metrics, `Metrics of ${d.service}`)} (requests, errors, latency per revision)`,
    ),
  ];
}

/** Each pre-deploy job's execution, with a link to its logs. */
export function preDeploySection(d: Deployment): Block[] {
  const runs = d.preDeploy ?? [];
  if (runs.length === 0) return [];
  const lines = runs.map((r) => {
    const what = r.detail ?? (r.execution ? `execution \`${executionShortName(r.execution)}\` ${r.state}` : r.state);
    return `${MARK[r.state]} ${escapeMrkdwn(r.job)} — ${escapeMrkdwn(what)}${r.logUri ? ` · ${link(r.logUri, 'logs')}` : ''}`;
  });
  return [section(`*Pre-deploy jobs*\n${lines.join('\n')}`)];
}

/** A rollback to a revision older than a migration: the schema may be newer than its code. */
export function migrationWarning(migrations: MigrationNote[] | undefined, to: string, timeZone: string): Block[] {
  if (!migrations?.length) return [];
  const lines = migrations
    .slice(0, 5)
    .map(
      (m) =>
        `• job \`${escapeMrkdwn(m.job)}\` ran for deploy \`${m.deployId}\` (\`${m.sha.slice(0, 7)}\`) at ${formatTime(new Date(m.at), timeZone)}`,
    );
  return [
    section(
      `:warning: *\`${escapeMrkdwn(to.slice(0, 60))}\` predates a migration.* Its code may not work with what these changed; check they are backward compatible, or roll forward instead:\n${lines.join('\n')}`,
    ),
  ];
}
