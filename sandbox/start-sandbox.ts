import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { COMMANDS } from '../commands/catalog.js';
import type { Settings, SlackMode } from '../src/config/env.js';
import type { BigQueryStandin } from './bigquery-standin.js';
import { startBillingSandbox } from './bigquery/demo-setup.js';
import { CloudRunStandin } from './cloud-run-standin.js';
import { DEMO_CLOUD_RUN_SERVICES } from './demo-cloud.js';
import { applyDemoLoad } from './demo-canaries.js';
import { MonitoringStandin } from './monitoring-standin.js';
import { DEMO_REPOSITORIES } from './demo-github.js';
import { DEMO_JOBS } from './demo-gates.js';
import { type SecurityStandins, startSecuritySandbox } from './demo-security.js';
import { GitHubStandin } from './github-standin.js';
import { seedDemoFirestore } from './firestore-admin/demo.js';
import { FirestoreAdminStandin } from './firestore-admin/standin.js';
import { SlackStandin } from './slack/standin.js';

export interface Sandbox {
  /** The settings the bot runs with: real HTTP mode (Socket Mode when `base` asks for it), pointed at the stand-ins, with throwaway secrets. */
  settings: Settings & { slack: Exclude<SlackMode, { kind: 'sandbox' }> };
  slack: SlackStandin;
  cloudRun: CloudRunStandin;
  /** Cloud Monitoring, reporting the request traffic of the Cloud Run stand-in's revisions. */
  monitoring: MonitoringStandin;
  /** BigQuery with the demo billing export (the CSV with the same data is the default cost source). */
  bigquery: BigQueryStandin;
  github: GitHubStandin;
  /** Firestore (Admin API and the drill's reads) with the demo databases and backups. */
  firestore: FirestoreAdminStandin;
  /** The Rules API and Secret Manager stand-ins with the security audit's demo project. */
  security: SecurityStandins;
  /** Serves the sandbox page on the bot's own port. */
  servePage(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Tells the Slack stand-in where the bot listens, once it does. */
  connect(port: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the local Slack, GitHub and Cloud Run stand-ins with demo data, and returns settings that make
 * the bot talk to them exactly as it talks to the real services. Used by `npm start` (with the welcome
 * message of demo-tour.ts in #general) and by the tests.
 */
export async function startSandbox(
  base: Settings,
  options: { welcome?: string; metricsClock?: () => Date } = {},
): Promise<Sandbox> {
  const signingSecret = randomBytes(24).toString('hex');
  // Tests ask for Socket Mode with SLACK_BOT_TOKEN + SLACK_APP_TOKEN; the stand-in then accepts those two.
  const socket = base.slack.kind === 'socket' ? base.slack : undefined;
  const botToken = socket?.botToken ?? `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const githubToken = `ghs_sandbox${randomBytes(12).toString('hex')}`;
  // The demo alert (`/ops demo alert`) calls the bot's own POST /hooks/alerts with Cloud Monitoring's token.
  const alertToken = base.alerts.hook.token?.value ?? `alert-sandbox-${randomBytes(12).toString('hex')}`;
  const slack = new SlackStandin({
    signingSecret,
    botToken,
    appToken: socket?.appToken,
    pageHosts: base.host ? [base.host.toLowerCase()] : [],
  });
  if (options.welcome) slack.postWelcome(options.welcome);
  slack.commands = COMMANDS.map((c) => ({
    command: c.command,
    usage: c.usage.join(' · '),
    description: c.description,
  }));
  const cloudRun = new CloudRunStandin();
  cloudRun.seed(DEMO_CLOUD_RUN_SERVICES);
  cloudRun.jobs.seed(DEMO_JOBS);
  applyDemoLoad(cloudRun);
  // Traffic is counted on the clock the bot judges it by (a test's clock may run ahead of the wall clock).
  if (options.metricsClock) cloudRun.load.now = options.metricsClock;
  const monitoring = new MonitoringStandin({
    cloudRun,
    ...(options.metricsClock ? { now: options.metricsClock } : {}),
  });
  const github = new GitHubStandin({ token: githubToken });
  github.seed(DEMO_REPOSITORIES);
  const firestore = seedDemoFirestore(new FirestoreAdminStandin(), new Date());
  const [billing] = await Promise.all([
    startBillingSandbox(base),
    slack.start(),
    cloudRun.start(),
    github.start(),
    firestore.start(),
    monitoring.start(),
  ]);
  const security = await startSecuritySandbox(base, cloudRun);

  return {
    settings: {
      ...base,
      slack: socket
        ? { kind: 'socket', botToken, appToken: socket.appToken }
        : { kind: 'http', botToken, signingSecret },
      slackApiUrl: slack.apiUrl,
      github: { ...base.github, token: githubToken, apiUrl: github.url },
      cloudRun: { endpoint: cloudRun.url },
      monitoring: { endpoint: monitoring.url },
      cost: billing.cost,
      alerts: {
        hook: { ...base.alerts.hook, token: { variable: 'ALERT_WEBHOOK_TOKEN', value: alertToken } },
        demo: true,
      },
      backup: { ...base.backup, adminEndpoint: firestore.url },
      audit: security.audit,
      secrets: [...new Set([...base.secrets, signingSecret, botToken, githubToken, alertToken])],
    },
    slack,
    cloudRun,
    monitoring,
    bigquery: billing.bigquery,
    github,
    firestore,
    security,
    servePage: async (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path !== '/' && !path.startsWith('/page/') && !path.startsWith('/sandbox/')) return false;
      await slack.handle(req, res);
      return true;
    },
    connect: async (port) => {
      slack.appUrl = `http://127.0.0.1:${port}/slack/events`;
    },
    close: async () => {
      await Promise.all([
        slack.close(),
        cloudRun.close(),
        github.close(),
        billing.bigquery.close(),
        firestore.close(),
        security.rules.close(),
        security.secretManager.close(),
        monitoring.close(),
      ]);
    },
  };
}
