import type { WebClient } from '@slack/web-api';
import { incidentPurpose, incidentTopic } from '../../../blocks/incident-channel.js';
import { PortError } from '../../domain/errors.js';
import type { Chat, ChatChannel } from '../../ports/chat.js';

const BACKEND = 'Slack';

/** Slack's error codes that a user can act on, with what to do. */
const MISSING_SCOPE_HINT = 'Reinstall the Slack app from manifest.yml so it has every scope it declares.';

/** The Chat port over Slack's Web API (Bolt's WebClient, so it shares its retries and logging). */
export function createSlackChat(client: WebClient): Chat {
  let groups: Promise<{ id: string; handle: string }[]> | undefined;

  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toPortError(error, what);
    }
  };

  return {
    async usergroupMembers(group) {
      let id = group;
      if (group.startsWith('@')) {
        groups ??= call('list user groups', async () =>
          ((await client.usergroups.list({})).usergroups ?? []).map((g) => ({
            id: g.id ?? '',
            handle: g.handle ?? '',
          })),
        );
        const found = (await groups).find((g) => `@${g.handle}` === group);
        if (!found) throw new PortError('not_found', `Slack user group ${group} not found`, BACKEND);
        id = found.id;
      }
      return call(
        `list members of ${group}`,
        async () => (await client.usergroups.users.list({ usergroup: id })).users ?? [],
      );
    },
    async createChannel(name): Promise<ChatChannel> {
      return call(`create #${name}`, async () => {
        const channel = (await client.conversations.create({ name })).channel;
        return { id: channel?.id ?? '', name: channel?.name ?? name };
      });
    },
    async invite(channel, users) {
      if (users.length === 0) return;
      await call('invite users', () => client.conversations.invite({ channel, users: users.join(',') }));
    },
    async setIncidentTopic(channel, incident) {
      const topic = incidentTopic(incident);
      await call('set the topic', () => client.conversations.setTopic({ channel, topic }));
    },
    async setIncidentPurpose(channel, incident) {
      const purpose = incidentPurpose(incident);
      await call('set the purpose', () => client.conversations.setPurpose({ channel, purpose }));
    },
    async archive(channel) {
      await call('archive the channel', () => client.conversations.archive({ channel }));
    },
    async pin(channel, timestamp) {
      await call('pin the message', () => client.pins.add({ channel, timestamp }));
    },
    async permalink(channel, ts) {
      return call(
        'get a permalink',
        async () => (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? '',
      );
    },
  };
}

function toPortError(error: unknown, what: string): PortError {
  const data = (error as { data?: { error?: string; needed?: string } }).data;
  const code = data?.error;
  if (code === 'name_taken') return new PortError('conflict', `Slack: the channel name is taken (${what})`, BACKEND);
  if (code === 'missing_scope')
    return new PortError(
      'permission_denied',
      `Slack: the app lacks the scope ${data?.needed ?? ''} to ${what}. ${MISSING_SCOPE_HINT}`,
      BACKEND,
    );
  if (code === 'not_authed' || code === 'invalid_auth' || code === 'token_revoked')
    return new PortError('unauthenticated', `Slack rejected the bot token (${code}); check SLACK_BOT_TOKEN`, BACKEND);
  if (code === 'ratelimited' || (error as { code?: string }).code === 'slack_webapi_rate_limited_error')
    return new PortError('rate_limited', `Slack is rate limiting the bot (${what})`, BACKEND);
  if (code === 'channel_not_found' || code === 'user_not_found' || code === 'no_such_subteam')
    return new PortError('not_found', `Slack: ${code.replaceAll('_', ' ')} (${what})`, BACKEND);
  if (code) return new PortError('invalid', `Slack could not ${what}: ${code}`, BACKEND);
  // The WebClient's own retries are spent by now: an HTTP error, a 429 it waited out, or no answer at all.
  const e = (error ?? {}) as { code?: unknown; statusCode?: unknown; original?: { name?: unknown }; message?: unknown };
  if (typeof e.message === 'string' && /rate limit was exceeded/i.test(e.message))
    return new PortError('rate_limited', `Slack is rate limiting the bot (${what}); try again in a minute`, BACKEND);
  if (e.code === 'slack_webapi_http_error')
    return new PortError(
      'unavailable',
      `Slack answered HTTP ${String(e.statusCode)} to ${what}; try again in a minute`,
      BACKEND,
    );
  if (
    e.code === 'slack_webapi_request_error' &&
    (e.original?.name === 'TimeoutError' || e.original?.name === 'AbortError')
  )
    return new PortError('timeout', `Slack did not answer in time to ${what}; try again in a minute`, BACKEND);
  return new PortError('unavailable', `Slack could not be reached to ${what}; try again in a minute`, BACKEND);
}
