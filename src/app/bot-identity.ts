import type { Authorize } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { ConfigError } from '../config/issues.js';
import type { Logger } from '../logging/logger.js';

/** Slack's answers to a token that no retry fixes: it is wrong, revoked or of the wrong kind. */
export const REFUSED_TOKEN = new Set([
  'not_authed',
  'invalid_auth',
  'not_allowed_token_type',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'user_removed_from_team',
]);

interface Identity {
  botId?: string;
  botUserId?: string;
}

export interface IdentityTiming {
  /** How long the start waits for Slack's first answer before it goes on and keeps asking in the background. */
  startWaitMs: number;
  /** Background retries: the first after `firstRetryMs`, doubling up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
}

const TIMING: IdentityTiming = { startWaitMs: 5000, firstRetryMs: 1000, maxRetryMs: 30_000 };

/**
 * Who the bot is (Slack's auth.test), asked at start in both modes and remembered once Slack has answered.
 * A refused token stops the start with a line naming SLACK_BOT_TOKEN. A Slack outage does not: the bot
 * serves, asks again in the background with backoff, and `failing` (read by /readyz, never calling Slack)
 * says why until Slack accepts the token. Bolt's own single-token mode asked once and kept a failure for
 * good (401 on every request until a restart); here a failure is forgotten, so a request asks again.
 * `client` makes one attempt per call (no retries of its own): the retries are ours.
 */
export class BotIdentity {
  private identity: Promise<Identity> | undefined;
  private problem = 'auth.test not yet answered';
  private refused: string | undefined;
  private accepted = false;
  /** auth.test attempts that failed or went unanswered since the start warned; 0 while nothing was reported. */
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Past the start: a refusal from now on is logged, not thrown. */
  private started = false;

  constructor(
    private readonly client: WebClient,
    private readonly botToken: string,
    private readonly log: Logger,
    private readonly timing: IdentityTiming = TIMING,
  ) {}

  readonly authorize: Authorize<boolean> = async () => ({ botToken: this.botToken, ...(await this.ask()) });

  /** What keeps Slack from being ready, for /readyz; undefined once Slack has accepted the token. */
  failing(): string | undefined {
    if (this.accepted) return undefined;
    return this.refused
      ? `slack: Slack refused SLACK_BOT_TOKEN (${this.refused})`
      : `slack: auth.test not yet accepted (${this.problem})`;
  }

  /** Throws a ConfigError naming SLACK_BOT_TOKEN when Slack refuses it; returns once Slack accepted it, or when it could not say. */
  async verifyAtStart(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>(
      (resolve) => (timer = setTimeout(() => resolve('waited'), this.timing.startWaitMs)),
    );
    const outcome = await Promise.race([
      this.ask().then(
        () => 'accepted' as const,
        () => 'failed' as const,
      ),
      waited,
    ]);
    clearTimeout(timer);
    if (this.refused) throw new ConfigError('The environment', [refusedLine(this.refused)]);
    this.started = true;
    if (outcome === 'accepted') return;
    if (outcome === 'waited') this.problem = `no answer from Slack within ${this.timing.startWaitMs / 1000} s`;
    this.failures = 1;
    this.log.warn(
      { problem: this.problem },
      `Slack did not accept the bot token at start (${this.problem}); serving anyway and retrying in the background; /readyz answers 503 until it does`,
    );
    this.retryLater(this.timing.firstRetryMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private ask(): Promise<Identity> {
    // A refused token stays refused until a restart with another one: no request asks Slack again meanwhile.
    if (this.refused) return Promise.reject(new Error(`Slack refused SLACK_BOT_TOKEN (${this.refused})`));
    this.identity ??= this.client.auth.test().then(
      (result) => {
        this.accepted = true;
        if (this.failures > 0) this.log.info({ failures: this.failures }, 'Slack accepted the bot token; ready');
        return { botId: result.bot_id, botUserId: result.user_id };
      },
      (error: unknown) => {
        this.identity = undefined;
        const code = platformError(error);
        if (code && REFUSED_TOKEN.has(code) && !this.refused) {
          this.refused = code;
          if (this.started)
            this.log.error(
              { code },
              `${refusedLine(code)}. Slack requests fail and /readyz answers 503 until the bot restarts with a working token`,
            );
        }
        this.problem = whyFailed(error);
        throw error;
      },
    );
    return this.identity;
  }

  private retryLater(delayMs: number): void {
    if (this.stopped || this.accepted || this.refused) return;
    this.timer = setTimeout(() => {
      this.ask().catch((error: unknown) => {
        if (this.refused) return;
        this.failures += 1;
        const next = Math.max(Math.min(delayMs * 2, this.timing.maxRetryMs), retryAfterMs(error));
        this.log.warn(
          { problem: this.problem, failures: this.failures, nextRetryMs: next },
          `Slack still does not accept the bot token (${this.problem}); retrying in ${Math.round(next / 1000)} s`,
        );
        this.retryLater(next);
      });
    }, delayMs);
    this.timer.unref();
  }
}

const refusedLine = (code: string): string =>
  `SLACK_BOT_TOKEN: Slack refused it (${code}); set the app's Bot User OAuth Token (xoxb-…) from its OAuth & Permissions page, reinstalling the app if the token was revoked`;

function platformError(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } }).data?.error;
  return typeof code === 'string' ? code : undefined;
}

/** Why auth.test failed, in words for a log line and /readyz: never the token, the URL or the response body. */
function whyFailed(error: unknown): string {
  const e = error as {
    code?: string;
    statusCode?: number;
    retryAfter?: number;
    original?: Error & { cause?: { code?: string } };
  };
  const platform = platformError(error);
  if (platform) return `Slack answered ${platform}`;
  if (e.code === 'slack_webapi_http_error' && e.statusCode) return `Slack answered ${e.statusCode}`;
  if (e.code === 'slack_webapi_rate_limited_error') return `Slack rate-limited it for ${e.retryAfter ?? '?'} s`;
  const cause = e.original?.cause?.code ?? e.original?.name;
  return `no answer from Slack${cause ? ` (${cause === 'TimeoutError' ? 'timed out' : cause})` : ''}`;
}

function retryAfterMs(error: unknown): number {
  const seconds = (error as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === 'number' ? seconds * 1000 : 0;
}
