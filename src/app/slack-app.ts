import type { RequestListener } from 'node:http';
import { App, HTTPReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { SlackMode } from '../config/env.js';
import { boltLogger } from '../logging/bolt-logger.js';
import type { Logger } from '../logging/logger.js';
import { BotIdentity } from './bot-identity.js';
import { InFlight } from './in-flight.js';
import { SocketMode } from './socket-mode.js';
import { guardListeners } from './guard.js';
import { dropRedeliveries } from './redeliveries.js';
import type { DeliveryLedger } from './replays.js';
import { createRouter, type Router } from './router.js';
import { slackEntry } from './slack-entry.js';

export interface SlackApp {
  app: App;
  /** Where features register their commands, buttons, modals and events. */
  router: Router;
  /** HTTP mode: the listener for POST /slack/events. Socket Mode: undefined. */
  listener?: RequestListener;
  /** Work still running after its ack; shutdown waits for it. */
  inFlight: InFlight;
  /** What keeps Slack from being ready (auth.test not yet accepted, or the token refused), for /readyz; cached, never asks Slack. */
  slackFailing(): string | undefined;
  /** Asks Slack who the bot is (a refused SLACK_BOT_TOKEN throws), then connects in Socket Mode. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app for the mode, with the guard in front; features register on it afterwards. HTTP mode needs
 * `deliveries`: where signed requests already taken are remembered (slack-entry.ts).
 */
export function createSlackApp(
  mode: Exclude<SlackMode, { kind: 'sandbox' }>,
  slackApiUrl: string | undefined,
  log: Logger,
  deliveries?: DeliveryLedger,
): SlackApp {
  const logger = boltLogger(log);
  const clientOptions = {
    slackApiUrl,
    logger,
    timeout: 10_000,
    // Bolt's default retries for ~30 minutes; a chat bot should give up in seconds and say so.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000, randomize: true },
  };
  const inFlight = new InFlight();

  const client = new WebClient(mode.botToken, clientOptions);
  // auth.test once per call (rate limits reported, not waited out): BotIdentity retries in the background itself.
  const identity = new BotIdentity(
    new WebClient(mode.botToken, {
      ...clientOptions,
      timeout: 5000,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    }),
    mode.botToken,
    log,
  );
  const authorize = identity.authorize;

  let app: App;
  let listener: RequestListener | undefined;
  let socket: SocketMode | undefined;
  if (mode.kind === 'socket') {
    socket = new SocketMode(mode.appToken, slackApiUrl, logger);
    app = new App({ authorize, receiver: socket.receiver, logger, clientOptions, convoStore: false });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: mode.signingSecret,
      logger,
      processBeforeResponse: false,
      unhandledRequestTimeoutMillis: 2800,
    });
    app = new App({ authorize, receiver, logger, clientOptions, convoStore: false }); // no feature keeps conversation state
    if (!deliveries) throw new Error('HTTP mode needs a delivery ledger: every signed request is acted on once');
    listener = slackEntry(receiver.requestListener, { signingSecret: mode.signingSecret, deliveries, log });
  }
  app.client = client; // with `authorize` Bolt's own client has no token; ports (chat) use this one
  guardListeners(app, log, inFlight);
  dropRedeliveries(app, log);
  const router = createRouter(app, client, log); // last: the middleware before it run first
  const slackFailing = () => identity.failing();
  if (socket) {
    const startSocket = async () => {
      await identity.verifyAtStart();
      await socket
        .start(() => app.start())
        .catch((error: unknown) => {
          identity.stop();
          throw error;
        });
    };
    return {
      app,
      router,
      inFlight,
      slackFailing,
      start: startSocket,
      stop: async () => {
        identity.stop();
        await socket.stop();
      },
    };
  }
  // HTTP mode: our own server calls `listener`; Bolt's receiver never opens a port of its own.
  return {
    app,
    router,
    inFlight,
    listener,
    slackFailing,
    start: () => identity.verifyAtStart(),
    stop: async () => identity.stop(),
  };
}
