import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import type { AlertLoopback } from '../ports/alert-loopback.js';
import type { Chat } from '../ports/chat.js';
import type { Clock } from '../ports/clock.js';
import type { CostPublisher, CostSource } from '../ports/cost-source.js';
import type { ChartPoster } from '../ports/chart-poster.js';
import type { FirestoreBackups } from '../ports/firestore-backups.js';
import type { HealthProbe } from '../ports/health-probe.js';
import type { JobRunner } from '../ports/job-runner.js';
import type { MetricsSource } from '../ports/metrics.js';
import type { RuntimePlatform } from '../ports/runtime-platform.js';
import type { SecuritySources, AuditPublisher } from '../ports/security.js';
import type { SourceControl } from '../ports/source-control.js';
import type { Store } from '../ports/store.js';
import type { EventBus } from './events.js';
import type { RunWakeups } from './deploy/run-wakeups.js';
import type { Drivers } from './lease-drivers.js';

/** What every workflow may use: the validated config and the ports. Built once in main. */
export interface WorkflowContext {
  config: Config;
  store: Store;
  runtime: RuntimePlatform;
  sourceControl: SourceControl;
  chat: Chat;
  /** Billing data (BigQuery export or CSV), and where cost reports, charts and budget alerts are posted. */
  costSource: CostSource;
  costPublisher: CostPublisher;
  probe: HealthProbe;
  /** This process, for leases: which instance drives a record (src/workflows/lease.ts). */
  instanceId: string;
  /** The work this instance drives under leases, and its hand-over when the instance shuts down. */
  drivers: Drivers;
  events: EventBus;
  /** The GitHub Actions rollouts of this process waiting for their run, which the webhook's event wakes. */
  runWakeups: RunWakeups;
  clock: Clock;
  log: Logger;
  /** Cloud Run Jobs: the pre-deploy jobs a rollout runs before traffic moves. */
  jobs: JobRunner;
  /** The bot's own POST /hooks/alerts, for the sandbox's demo alert; absent in production. */
  alertLoopback?: AlertLoopback;
  /** Firestore backups, restores and the reads a drill makes (/backup). */
  backups: FirestoreBackups;
  /** The security audit's sources (Rules API, emulator, Cloud Run IAM, Secret Manager) and where its digest goes. */
  security: SecuritySources;
  auditPublisher: AuditPublisher;
  /** Per-revision request metrics (Cloud Monitoring), for the canary analysis. */
  metrics: MetricsSource;
  /** Charts (SVG, drawn by blocks/) posted as images in a thread: the canary analysis's final chart. */
  charts: ChartPoster;
}
