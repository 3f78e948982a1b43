import { pino, type DestinationStream, type Logger } from 'pino';
import { requestFields } from './request-context.js';
import { SecretScrubber } from './secret-scrubber.js';

export type { Logger };

/** Cloud Logging reads `severity`; pino's numeric levels map onto its names. */
const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/** Paths pino blanks out; the scrubber below also removes the secret values wherever else they appear. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  '*["x-slack-signature"]',
  '*["x-hub-signature-256"]',
  'client_secret',
  '*.client_secret',
];

export interface LoggerOptions {
  level: string;
  /** Every configured secret value: any line containing one has it replaced. */
  secrets: string[];
  /** Readable lines for a person at a terminal (sandbox on a TTY). */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests capture lines here. */
  destination?: DestinationStream;
}

export async function createLogger(options: LoggerOptions): Promise<Logger> {
  let sink: DestinationStream = options.destination ?? pino.destination({ dest: 1, sync: true });
  if (options.pretty && !options.destination) {
    const { default: pretty } = await import('pino-pretty');
    sink = pretty({
      colorize: true,
      messageKey: 'message',
      ignore: 'pid,hostname,severity',
      translateTime: 'HH:MM:ss',
    });
  }
  return pino(
    {
      level: options.level,
      messageKey: 'message',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ severity: SEVERITY[label] ?? 'DEFAULT', level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      mixin: requestFields,
    },
    new SecretScrubber(options.secrets, sink),
  );
}

/** The trace field Cloud Logging uses to group a request's lines, from `X-Cloud-Trace-Context: TRACE/SPAN;o=1`. */
export function traceFields(header: string | undefined, project: string | undefined): Record<string, string> {
  if (!header || !project) return {};
  const match = /^([0-9a-fA-F]{32})(?:\/(\d+))?/.exec(header);
  if (!match?.[1]) return {};
  const fields: Record<string, string> = { 'logging.googleapis.com/trace': `projects/${project}/traces/${match[1]}` };
  if (match[2]) fields['logging.googleapis.com/spanId'] = match[2];
  return fields;
}
