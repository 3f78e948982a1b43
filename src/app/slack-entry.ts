import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';
import { clientHungUp, readLimitedBody } from './read-body.js';
import { WINDOW_SECONDS, type DeliveryLedger } from './replays.js';
import { readSlackBody } from './slack-payload.js';
import { signedHmac } from './slack-signature.js';

/** Bolt's own limit; a larger body is refused before it is read to the end. */
const MAX_BODY = 4 * 1024 * 1024;

export interface SlackEntryOptions {
  signingSecret: string;
  deliveries: DeliveryLedger;
  log: Logger;
  /** Seconds since the epoch; the same clock Bolt's verifier reads. */
  nowSeconds?: () => number;
}

/**
 * What POST /slack/events checks before Bolt sees a request (Bolt checks the signature again):
 * - a timestamp more than 5 minutes off, either way, is refused (401); Bolt refuses only old ones;
 * - a signed body Bolt could not handle (not an object, a click without a user…) gets 400 and one warning;
 * - a signed request seen before (a replay) gets an empty 200 and does nothing.
 * Unsigned requests go to Bolt unchanged: it refuses them with 401, and answers Slack's unsigned SSL check.
 */
export function slackEntry(bolt: RequestListener, options: SlackEntryOptions): RequestListener {
  const { log } = options;
  return (req, res) => {
    admit(bolt, options, req, res).catch((error: unknown) => {
      if (clientHungUp(req, error))
        return void log.warn('the client hung up before its Slack request was complete; nothing done');
      log.error({ err: error }, 'Slack request failed before it reached Bolt');
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

async function admit(
  bolt: RequestListener,
  options: SlackEntryOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { log } = options;
  const timestampHeader = header(req, 'x-slack-request-timestamp');
  const timestamp = Number(timestampHeader); // as Bolt reads it
  const skew = timestamp - (options.nowSeconds?.() ?? Date.now() / 1000);
  if (timestampHeader !== undefined && Math.abs(skew) > WINDOW_SECONDS) {
    log.warn(
      { skewSeconds: Math.round(skew) },
      `Slack request refused: its timestamp is ${Math.round(Math.abs(skew))} s in the ${skew > 0 ? 'future' : 'past'} (more than 5 minutes off)`,
    );
    return void res.writeHead(401).end();
  }
  const body = await readLimitedBody(req, MAX_BODY);
  if (body === undefined) {
    log.warn('Slack request refused: the body is larger than 4 MB');
    return void res.writeHead(413, { connection: 'close' }).end();
  }
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body; // Bolt reads the body from here instead of the stream
  const hmac = signedHmac(options.signingSecret, timestampHeader, header(req, 'x-slack-signature'), body);
  if (hmac === undefined) return bolt(req, res);

  const read = readSlackBody(body, header(req, 'content-type'));
  if (read.kind === 'bad') {
    log.warn({ problem: read.problem }, `signed Slack request refused: ${read.problem}`);
    return void res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`bad request: ${read.problem}`);
  }
  if (read.kind === 'unknown') {
    log.info({ type: read.type }, 'a Slack payload type this bot does not handle; acked');
    return void res.writeHead(200).end();
  }
  if (read.kind === 'payload' && !(await options.deliveries.firstTime(hmac, timestamp))) {
    log.warn(
      { retryNum: header(req, 'x-slack-retry-num') },
      'a signed Slack request was replayed (same timestamp and signature); acked, nothing done',
    );
    return void res.writeHead(200).end();
  }
  bolt(req, res);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
