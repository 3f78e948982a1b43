import { z } from 'zod';
import { apiEndpoint, hostPort, userInfoProblems } from './env-fields.js';
import { ConfigError, describeIssues } from './issues.js';
import { type JobCallers, type JobEndpointAuth, jobAudiencesByPath, jobEndpoint, list } from './env-jobs.js';
import { type SlackMode, slackMode } from './env-slack.js';
import { type AuditEnv, auditEnv, auditEnvSchema, auditUrls } from './env-audit.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Every environment variable the bot reads. Secrets and endpoints come only from here. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000), // 0 picks a free port
  HOST: z
    .string()
    .regex(/^[^\s/]+$/, 'expected a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0')
    .optional(),
  CHATOPS_CONFIG: z.string().min(1).optional(),
  CHATOPS_DATA_DIR: z.string().min(1).default('.chatops'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  SLACK_API_URL: httpUrl.optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_API_URL: httpUrl.optional(),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  GOOGLE_CLOUD_PROJECT: z.string().min(1).optional(),
  CLOUD_RUN_API_ENDPOINT: apiEndpoint,
  MONITORING_API_ENDPOINT: apiEndpoint,
  STORE: z.enum(['sqlite', 'firestore']).default('sqlite'),
  FIRESTORE_EMULATOR_HOST: hostPort,
  // Cost: the BigQuery stand-in, the sandbox's CSV, and who may call /jobs/cost-digest and /hooks/budget.
  BIGQUERY_API_ENDPOINT: apiEndpoint,
  COST_CSV_PATH: z.string().min(1).optional(),
  COST_JOB_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
  COST_JOB_AUDIENCE: z.string().min(1).optional(), // kept for existing set-ups: URLs only, each given to the endpoint of its path
  COST_DIGEST_JOB_AUDIENCE: z.string().min(1).optional(),
  BUDGET_HOOK_AUDIENCE: z.string().min(1).optional(),
  COST_JOB_INVOKERS: z.string().min(1).optional(),
  // Backups: the Firestore Admin API stand-in, and the audience of POST /jobs/backup-drill.
  FIRESTORE_ADMIN_API_ENDPOINT: apiEndpoint,
  BACKUP_DRILL_JOB_AUDIENCE: z.string().min(1).optional(),
  GOOGLE_OIDC_CERTS_URL: httpUrl.optional(),
  // Alerts: Cloud Monitoring's webhook token for POST /hooks/alerts, and the Pub/Sub push audience.
  ALERT_WEBHOOK_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  ALERT_HOOK_AUDIENCE: z.string().min(1).optional(),
  ...auditEnvSchema,
  LOG_LEVEL: z.enum(logLevels).default('info'),
});

type Env = z.output<typeof envSchema>;

export type { SlackMode } from './env-slack.js';

export interface Settings {
  port: number;
  /** The address the HTTP server binds to: HOST, else 127.0.0.1 for the sandbox (its page must not be reachable from the network), else every interface. */
  host?: string;
  configPath?: string;
  dataDir: string;
  slack: SlackMode;
  slackApiUrl?: string;
  github: { token?: string; apiUrl?: string; webhookSecret?: string };
  cloudRun: { endpoint?: string };
  /** Cloud Monitoring, read by the canary analysis: a stand-in's URL, or unset for Google's. */
  monitoring: { endpoint?: string };
  cost: CostEnv;
  /** POST /hooks/alerts: its token and its Pub/Sub audience (the invokers are the cost jobs' COST_JOB_INVOKERS). */
  alerts: {
    hook: JobEndpointAuth /** The sandbox sets it: `/ops demo alert` fires at the bot's own entry. */;
    demo?: boolean;
  };
  /** /backup: where the Firestore Admin and data clients go, and who may call POST /jobs/backup-drill (the cost jobs' callers). */
  backup: { adminEndpoint?: string; drillJob: JobEndpointAuth };
  audit: AuditEnv;
  googleCloudProject?: string;
  store: { kind: 'sqlite' } | { kind: 'firestore'; projectId: string; emulatorHost?: string };
  logLevel: (typeof logLevels)[number];
  /** Values that must never appear in a log line or a Slack message. */
  secrets: string[];
}

/** The cost feature's endpoints and the credentials its HTTP entries accept. */
export type { JobCallers, JobEndpointAuth } from './env-jobs.js';
export type { AuditEnv } from './env-audit.js';

export interface CostEnv {
  /** Overrides cost.source.csv.path (the sandbox points it at its demo file). */
  csvPath?: string;
  bigqueryEndpoint?: string;
  jobs: JobCallers & {
    /** Where Google's public keys for ID tokens are fetched; Google's by default. */
    certsUrl?: string;
    digest: JobEndpointAuth;
    budget: JobEndpointAuth;
  };
}

/** CHATOPS_CONFIG alone, for `--check`, which validates that file and needs no other setting. */
export function configPathFromEnv(env: Record<string, string | undefined> = process.env): string | undefined {
  return env.CHATOPS_CONFIG || undefined;
}

/** Reads and validates the environment once. The only place in the bot that looks at process.env. */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(blanksRemoved, { reportInput: true });
  if (!result.success)
    throw new ConfigError('The environment', describeIssues(result.error.issues, { showValues: false }));
  const e = result.data;
  const problems: string[] = [];
  const slack = slackMode(e, problems);
  if (e.STORE === 'firestore' && !e.GOOGLE_CLOUD_PROJECT)
    problems.push('GOOGLE_CLOUD_PROJECT: required when STORE=firestore');
  const legacyAudiences = jobAudiencesByPath(e.COST_JOB_AUDIENCE, problems);
  const audienceVariables = (
    [
      'COST_JOB_AUDIENCE',
      'COST_DIGEST_JOB_AUDIENCE',
      'BUDGET_HOOK_AUDIENCE',
      'ALERT_HOOK_AUDIENCE',
      'BACKUP_DRILL_JOB_AUDIENCE',
      'SECURITY_AUDIT_JOB_AUDIENCE',
    ] as const
  ).filter((name) => e[name]);
  if (audienceVariables.length > 0 && !e.COST_JOB_INVOKERS)
    problems.push(
      `COST_JOB_INVOKERS: required with ${audienceVariables.join(' and ')} (the service accounts allowed to call: any Google account can get a token for any audience)`,
    );
  problems.push(...userInfoProblems(endpointUrls(e)));
  if (problems.length > 0) throw new ConfigError('The environment', problems);

  return {
    port: e.PORT,
    host: e.HOST ?? (slack.kind === 'sandbox' ? '127.0.0.1' : undefined),
    configPath: e.CHATOPS_CONFIG,
    dataDir: e.CHATOPS_DATA_DIR,
    slack,
    slackApiUrl: e.SLACK_API_URL,
    github: { token: e.GITHUB_TOKEN, apiUrl: e.GITHUB_API_URL, webhookSecret: e.GITHUB_WEBHOOK_SECRET },
    cloudRun: { endpoint: e.CLOUD_RUN_API_ENDPOINT },
    monitoring: { endpoint: e.MONITORING_API_ENDPOINT },
    cost: {
      csvPath: e.COST_CSV_PATH,
      bigqueryEndpoint: e.BIGQUERY_API_ENDPOINT,
      jobs: {
        secret: e.COST_JOB_SECRET,
        invokers: list(e.COST_JOB_INVOKERS),
        certsUrl: e.GOOGLE_OIDC_CERTS_URL,
        digest: jobEndpoint(
          '/jobs/cost-digest',
          'COST_DIGEST_JOB_AUDIENCE',
          e.COST_DIGEST_JOB_AUDIENCE,
          legacyAudiences,
        ),
        budget: jobEndpoint('/hooks/budget', 'BUDGET_HOOK_AUDIENCE', e.BUDGET_HOOK_AUDIENCE, legacyAudiences),
      },
    },
    alerts: {
      hook: {
        ...jobEndpoint('/hooks/alerts', 'ALERT_HOOK_AUDIENCE', e.ALERT_HOOK_AUDIENCE, legacyAudiences),
        token: { value: e.ALERT_WEBHOOK_TOKEN, variable: 'ALERT_WEBHOOK_TOKEN' },
      },
    },
    backup: {
      adminEndpoint: e.FIRESTORE_ADMIN_API_ENDPOINT,
      drillJob: jobEndpoint('/jobs/backup-drill', 'BACKUP_DRILL_JOB_AUDIENCE', e.BACKUP_DRILL_JOB_AUDIENCE, new Map()),
    },
    audit: auditEnv(e),
    googleCloudProject: e.GOOGLE_CLOUD_PROJECT,
    store:
      e.STORE === 'firestore'
        ? { kind: 'firestore', projectId: e.GOOGLE_CLOUD_PROJECT ?? '', emulatorHost: e.FIRESTORE_EMULATOR_HOST }
        : { kind: 'sqlite' },
    logLevel: e.LOG_LEVEL,
    secrets: [
      e.SLACK_BOT_TOKEN,
      e.SLACK_SIGNING_SECRET,
      e.SLACK_APP_TOKEN,
      e.GITHUB_TOKEN,
      e.GITHUB_WEBHOOK_SECRET,
      e.COST_JOB_SECRET,
      e.ALERT_WEBHOOK_TOKEN,
    ].filter((s): s is string => !!s),
  };
}

/** The endpoint variables whose URLs must carry no user name or password. */
const endpointUrls = (e: Env): Record<string, string | undefined> => ({
  SLACK_API_URL: e.SLACK_API_URL,
  GITHUB_API_URL: e.GITHUB_API_URL,
  CLOUD_RUN_API_ENDPOINT: e.CLOUD_RUN_API_ENDPOINT,
  MONITORING_API_ENDPOINT: e.MONITORING_API_ENDPOINT,
  BIGQUERY_API_ENDPOINT: e.BIGQUERY_API_ENDPOINT,
  FIRESTORE_ADMIN_API_ENDPOINT: e.FIRESTORE_ADMIN_API_ENDPOINT,
  GOOGLE_OIDC_CERTS_URL: e.GOOGLE_OIDC_CERTS_URL,
  ...auditUrls(e),
});
