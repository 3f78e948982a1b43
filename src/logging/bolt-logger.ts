import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** Bolt and the Slack clients log through this, so their lines share our format, fields and redaction. */
export function boltLogger(base: Logger): SlackLogger {
  let log = base.child({ component: 'bolt' });
  const join = (msg: unknown[]): string =>
    msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => log.debug(join(msg)),
    info: (...msg) => log.info(join(msg)),
    warn: (...msg) => log.warn(join(msg)),
    error: (...msg) => log.error(join(msg)),
    setLevel: () => undefined, // the level is ours (LOG_LEVEL), not Bolt's
    getLevel: () => (base.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: (name) => {
      log = base.child({ component: name });
    },
  };
}
