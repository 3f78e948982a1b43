import type { WebClient } from '@slack/web-api';
import { renderAuditDigest, renderAuditNotice } from '../../../blocks/audit-report.js';
import { PortError } from '../../domain/errors.js';
import type { AuditPublisher } from '../../ports/security.js';

/** The weekly security digest into Slack, rendered with blocks/. */
export function createAuditPublisher(client: WebClient, timeZone: string): AuditPublisher {
  const call = async <T>(what: string, channel: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? 'unknown error';
      throw new PortError(
        'unavailable',
        `Slack could not ${what} in ${channel} (${code}); check audit.digest.channel and invite the bot`,
        'Slack',
      );
    }
  };
  return {
    async postDigest(channel, digest) {
      const posted = await call('post the security digest', channel, () =>
        client.chat.postMessage({ channel, ...renderAuditDigest(digest, timeZone), unfurl_links: false }),
      );
      return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    },
    async postNotice(channel, text) {
      await call('post a notice', channel, () => client.chat.postMessage({ channel, ...renderAuditNotice(text) }));
    },
  };
}
