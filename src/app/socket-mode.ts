import { SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import { ConfigError } from '../config/issues.js';
import { REFUSED_TOKEN } from './bot-identity.js';

/** At start-up a few quick tries, then the bot stops and says why; once connected, reconnects try for as long as it takes. */
const START_RETRIES: RetryOptions = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000, randomize: true };
const RECONNECT_RETRIES: RetryOptions = {
  retries: 12,
  forever: true,
  factor: 1.5,
  minTimeout: 500,
  maxTimeout: 30_000,
  randomize: true,
};

/**
 * Socket Mode's receiver, with Web API options of its own for apps.connections.open: SLACK_API_URL (a
 * stand-in, GovSlack) and its own retries. Sharing the app's client options (two retries) meant that a
 * reconnect during a second of Slack 5xx failed for good: @slack/socket-mode never retries a failed
 * reconnect, and the bot went deaf while /healthz said ok.
 */
export class SocketMode {
  readonly receiver: SocketModeReceiver;
  /** The socket client's WebClient keeps this object and reads it on every call (p-retry options). */
  private readonly retry: RetryOptions = { ...START_RETRIES };

  constructor(appToken: string, slackApiUrl: string | undefined, logger: BoltLogger) {
    this.receiver = new SocketModeReceiver({
      appToken,
      logger,
      installerOptions: { clientOptions: { slackApiUrl, timeout: 10_000, retryConfig: this.retry } },
    });
  }

  /** Connects; a refused app token stops the start with a line naming SLACK_APP_TOKEN (never its value), not a stack trace. */
  async start(start: () => Promise<unknown>): Promise<void> {
    try {
      await start();
    } catch (error) {
      await this.stop();
      const code = (error as { data?: { error?: unknown } }).data?.error;
      if (typeof code === 'string' && REFUSED_TOKEN.has(code)) {
        throw new ConfigError('The environment', [
          `SLACK_APP_TOKEN: Slack refused it for Socket Mode (${code}); use the app-level token (xapp-…) with the connections:write scope, from the app's Basic Information page`,
        ]);
      }
      throw new Error(
        `Socket Mode: could not connect to Slack (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    Object.assign(this.retry, RECONNECT_RETRIES);
  }

  /** Closes the socket (close handshake), waiting at most `timeoutMs`: Slack may leave the TCP connection open. */
  async stop(timeoutMs = 1000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.receiver.client.disconnect().catch(() => undefined), timeout]);
    clearTimeout(timer);
  }
}
