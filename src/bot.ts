import { createPorts } from './compose-ports.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openStore } from './adapters/open-store.js';
import { createAlertLoopback } from './adapters/http/alert-loopback.js';
import { createIdTokenVerifier } from './adapters/oidc/google-id-token.js';
import { registerFeatures } from '../commands/index.js';
import { startHttpServer } from './app/http-server.js';
import { readiness } from './app/readiness.js';
import { createSlackApp } from './app/slack-app.js';
import { githubWebhook } from './app/github-webhook.js';
import { DeliveryLedger } from './app/replays.js';
import { RouteTable, type RouteHandler } from './app/routes.js';
import type { Settings, SlackMode } from './config/env.js';
import type { Config } from './config/schema.js';
import type { Logger } from './logging/logger.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { Store } from './ports/store.js';
import type { WorkflowContext } from './workflows/context.js';
import { EventBus } from './workflows/events.js';
import { RunWakeups } from './workflows/deploy/run-wakeups.js';
import { Drivers } from './workflows/lease-drivers.js';
import { Ticker } from './scheduler/ticker.js';
import { VendorClients, type WarmUpReport } from './adapters/shared/vendor-clients.js';

export interface BotOptions {
  settings: Settings & { slack: Exclude<SlackMode, { kind: 'sandbox' }> };
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Where to listen; every interface by default (Cloud Run), 127.0.0.1 in tests. */
  host?: string;
  /** What /healthz calls the mode; the sandbox runs HTTP mode against the stand-ins but says "sandbox". */
  modeLabel?: string;
  /** Extra routes on the same port: the sandbox page. */
  fallback?: RouteHandler;
}

export interface RunningBot {
  port: number;
  store: Store;
  /** Tests run scheduled jobs at a chosen time with `ticker.runOnce(now)`. */
  ticker: Ticker;
  /** Settles when the vendor clients are loaded (`/readyz` waits for it too): tests start sending after it. */
  vendorClientsLoaded: Promise<void>;
  /** Graceful: stop taking requests, let work in flight finish (up to `graceMs`), close the store. */
  close(graceMs?: number): Promise<void>;
}

/** Composition root shared by main and the tests: adapters → workflow context → Slack app → HTTP server. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { settings, config, log } = options;
  const store = await openStore(settings.store, join(settings.dataDir, 'chatops.sqlite'));
  const vendorClients = new VendorClients(); // warmed after listen, before /readyz says ready
  const deliveries = new DeliveryLedger(store, log);
  const slack = createSlackApp(settings.slack, settings.slackApiUrl, log, deliveries);
  const clock = options.clock ?? systemClock;
  const ticker = new Ticker(clock, log);
  if (settings.slack.kind === 'http')
    ticker.every({ name: 'slack-request-keys', run: async (now) => void (await deliveries.forgetExpired(now)) });
  const events = new EventBus(log);
  const { jobs: jobCallers } = settings.cost;
  const jobEndpoints = [
    jobCallers.digest,
    jobCallers.budget,
    settings.alerts.hook,
    settings.backup.drillJob,
    settings.audit.job,
  ];
  const ports = createPorts(settings, config, slack.app.client, vendorClients, jobEndpoints);
  const ctx: WorkflowContext = {
    ...ports,
    config,
    store,
    instanceId: randomUUID(),
    drivers: new Drivers(),
    events,
    runWakeups: new RunWakeups().listenTo(events),
    clock,
    log,
  };
  let listening = 0;
  const alertToken = settings.alerts.hook.token?.value;
  if (settings.alerts.demo && alertToken)
    ctx.alertLoopback = createAlertLoopback(() => listening, { alertToken, jobSecret: settings.cost.jobs.secret });
  const routes = new RouteTable(
    {
      callers: jobCallers,
      endpoints: jobEndpoints,
      verify: createIdTokenVerifier(jobCallers.certsUrl),
    },
    log,
  );
  const webhookSecret = settings.github.webhookSecret;
  if (webhookSecret) routes.post('/github/webhook', githubWebhook(webhookSecret, log, events));
  registerFeatures({ router: slack.router, jobs: ticker, routes }, ctx);
  const http = await startHttpServer(
    {
      slack: slack.listener,
      fallback: options.fallback,
      entries: routes.serve,
      health: () => ({
        mode: options.modeLabel ?? settings.slack.kind,
        store: store.kind,
        inFlight: slack.inFlight.size,
      }),
      ready: readiness(store, slack.slackFailing, () => vendorClients.loading()),
    },
    settings.port,
    options.host,
    log,
    settings.googleCloudProject,
  );
  const warmed = vendorClients.warmAll(warmUpReport(log));
  listening = http.port;
  try {
    if (settings.slack.kind === 'socket') await warmed; // Socket Mode has no probe to hold events back
    await slack.start();
  } catch (error) {
    // e.g. Socket Mode refused the app token: leave nothing open behind the error (tests start bots in-process)
    await http.close();
    await Promise.all([store.close(), ports.close()]);
    throw error;
  }
  ticker.start();

  return {
    port: http.port,
    store,
    ticker,
    vendorClientsLoaded: warmed,
    close: async (graceMs = 8000) => {
      // One budget for the whole shutdown: the work in flight gets it less what the last steps below take (up
      // to 0.5 s, then the store), so the process is gone inside `graceMs`, not after it. Cloud Run kills at 10 s;
      // the 2 s left are for a machine under load (a CPU-starved instance took 2.6 s more than its own clock said).
      const workMs = graceMs - Math.min(1000, graceMs / 4);
      const deadline = Date.now() + workMs;
      const closed = http.close();
      const handedOver = ctx.drivers.handOver(workMs, log); // leased work stops at its next safe point and releases its lease
      await untilDeadline(ticker.stop(), deadline); // a job inside a hung call must not hold the exit
      await slack.stop();
      const drained = await slack.inFlight.drain(Math.max(0, deadline - Date.now()));
      if (!drained) log.warn({ inFlight: slack.inFlight.size }, 'shutting down with work still in flight');
      await handedOver;
      // the last progress messages (a rollout handed over, a report) go out while the store is still open
      await Promise.all([
        ctx.events.settle(500),
        Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]),
      ]);
      http.server.closeAllConnections();
      await Promise.all([store.close(), ports.close()]);
    },
  };
}

/** Waits for `work`, but not past `deadline` (epoch ms). */
async function untilDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
  await Promise.race([work, late]);
  clearTimeout(timer);
}

function warmUpReport(log: Logger): WarmUpReport {
  return {
    failed: (client, reason) => log.warn({ client, reason }, 'vendor client did not load; it loads on first use'),
    done: (clients, ms) => log.info({ clients, ms }, 'vendor clients loaded'),
  };
}
