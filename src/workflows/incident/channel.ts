import { isPortError } from '../../domain/errors.js';
import type { SetupProblem } from '../../domain/incident-facts.js';
import type { Incident, Severity } from '../../domain/incident.js';
import type { ChatChannel } from '../../ports/chat.js';
import type { WorkflowContext } from '../context.js';

/** Slack's limit on channel names. */
export const MAX_CHANNEL_NAME = 80;
const MAX_NUMBERED_ATTEMPTS = 10;

/** "2026-11-22" in the team's time zone → "20261122". */
function day(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(date)
    .replaceAll('-', '');
}

/** Lowercase ASCII words joined by dashes: "Checkout returns 500!" → "checkout-returns-500"; "Über Ärger" → "uber-arger". */
export function slugify(title: string, max: number): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > max) {
    slug = slug.slice(0, max);
    const cut = slug.lastIndexOf('-');
    if (cut > max / 2) slug = slug.slice(0, cut);
    slug = slug.replace(/-+$/, '');
  }
  return slug || 'incident';
}

/**
 * `inc-YYYYMMDD-<slug>`, within Slack's 80 characters. Attempt 1 is the plain name, attempt n adds `-n`, so
 * two incidents with the same title on one day get different channels; the slug is shortened to make room.
 */
export function channelName(title: string, declaredAt: Date, timeZone: string, attempt = 1): string {
  const prefix = `inc-${day(declaredAt, timeZone)}-`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  return `${prefix}${slugify(title, MAX_CHANNEL_NAME - prefix.length - suffix.length)}${suffix}`;
}

/** Creates the channel, taking the next free name when one is taken. Other Slack errors (a missing scope) are thrown. */
export async function createIncidentChannel(
  ctx: WorkflowContext,
  title: string,
  declaredAt: Date,
): Promise<ChatChannel> {
  for (let attempt = 1; attempt <= MAX_NUMBERED_ATTEMPTS; attempt += 1) {
    const name = channelName(title, declaredAt, ctx.config.timezone, attempt);
    try {
      return await ctx.chat.createChannel(name);
    } catch (error) {
      if (!(isPortError(error) && error.code === 'conflict')) throw error;
      ctx.log.info({ name }, 'incident channel name taken; trying the next one');
    }
  }
  // Ten incidents with one title on one day: a random suffix rather than more calls (conversations.create is rate limited).
  return ctx.chat.createChannel(
    channelName(title, declaredAt, ctx.config.timezone, 100 + Math.floor(Math.random() * 900)),
  );
}

/** Keeps the topic in step with status, severity and commander; a failure is only logged. */
export async function refreshTopic(ctx: WorkflowContext, incident: Incident): Promise<void> {
  if (!incident.channelId) return;
  try {
    await ctx.chat.setIncidentTopic(incident.channelId, incident);
  } catch (error) {
    ctx.log.warn({ err: error, incident: incident.id }, 'could not set the incident channel topic');
  }
}

/** Who is invited to a new incident channel: the declarer, the commander, and the responders for its severity and services. */
export async function respondersFor(
  ctx: WorkflowContext,
  severity: Severity,
  services: string[],
): Promise<{ users: string[]; problems: SetupProblem[] }> {
  const config = ctx.config.incidents.responders;
  const entries = new Set([
    ...config.bySeverity[severity],
    ...services.flatMap((s) => (Object.hasOwn(config.byService, s) ? config.byService[s]! : [])),
  ]);
  const users: string[] = [];
  const problems: SetupProblem[] = [];
  for (const entry of entries) {
    if (/^[UW]/.test(entry)) users.push(entry);
    else {
      try {
        users.push(...(await ctx.chat.usergroupMembers(entry)));
      } catch (error) {
        problems.push({ kind: 'group-unreadable', group: entry, reason: reasonOf(error) });
      }
    }
  }
  return { users, problems };
}

/** Invites everyone at once; when that fails, one by one, so one bad ID does not keep the others out. */
export async function inviteAll(ctx: WorkflowContext, channelId: string, users: string[]): Promise<SetupProblem[]> {
  const unique = [...new Set(users)];
  if (unique.length === 0) return [];
  try {
    await ctx.chat.invite(channelId, unique);
    return [];
  } catch (error) {
    ctx.log.warn({ err: error }, 'inviting the responders at once failed; inviting one by one');
  }
  const problems: SetupProblem[] = [];
  for (const user of unique) {
    try {
      await ctx.chat.invite(channelId, [user]);
    } catch (error) {
      problems.push({ kind: 'not-invited', user, reason: reasonOf(error) });
    }
  }
  return problems;
}

const reasonOf = (error: unknown): string => (isPortError(error) ? error.message : 'unexpected error');
