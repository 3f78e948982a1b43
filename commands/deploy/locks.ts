import type { Router } from '../../src/app/router.js';
import {
  renderLocked,
  renderLockExpired,
  renderLockHeld,
  renderLockReminder,
  renderNotLocked,
  renderUnlocked,
  renderUnlockRefused,
} from '../../blocks/deploy-locks.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { isIncidentLock } from '../../src/workflows/deploy-gates.js';
import {
  DEFAULT_LOCK_MS,
  liveLocks,
  lockDeploys,
  MAX_LOCK_MS,
  MIN_LOCK_MS,
  unlockDeploys,
} from '../../src/workflows/deploy-locks.js';
import { clip } from '../../src/domain/format.js';
import { checkTarget } from '../../src/workflows/targets.js';
import { attempt } from '../shared/attempt.js';
import { replyVia, respondSafely } from '../shared/reply.js';
import { registerHome } from './home.js';
import { ackUsage, type SubcommandInput } from './subcommand.js';

const MAX_REASON = 300;

export interface LockRequest {
  service: string;
  environment: string;
  durationMs: number;
  reason: string;
}

/** `<service> <env> [--for 2h] [reason…]`: `--for` (or `--for=2h`) may stand anywhere after the environment. */
export function parseLockArgs(args: string[]): LockRequest | { problem: string } {
  const [service, environment, ...rest] = args;
  if (!service || !environment || service.startsWith('--') || environment.startsWith('--')) {
    return {
      problem: 'Name the service and the environment to lock, e.g. `/deploy lock api prod --for 2h db migration`.',
    };
  }
  let durationMs = DEFAULT_LOCK_MS;
  const words: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const word = rest[i]!;
    if (word === '--for' || word.startsWith('--for=')) {
      const value = word === '--for' ? rest[++i] : word.slice('--for='.length);
      if (!value) return { problem: '`--for` needs a duration such as 30m, 2h or 1h30m.' };
      const parsed = parseDuration(value);
      if (typeof parsed === 'string') return { problem: parsed };
      durationMs = parsed;
    } else if (word.startsWith('--')) {
      return { problem: `Unknown option ${clip(word)}. \`/deploy lock\` takes \`--for <duration>\` and a reason.` };
    } else words.push(word);
  }
  const reason = words.join(' ').trim();
  if (reason.length > MAX_REASON)
    return { problem: `Keep the reason under ${MAX_REASON} characters (it has ${reason.length}).` };
  return { service, environment, durationMs, reason };
}

/** "90m", "2h", "1h30m", "1d": a number of milliseconds, or the problem. */
export function parseDuration(text: string): number | string {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.toLowerCase());
  if (!text || !match) return `"${clip(text)}" is not a duration: use minutes, hours or days such as 30m, 2h or 1h30m.`;
  const [, days = '0', hours = '0', minutes = '0'] = match;
  const ms = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000;
  if (ms < MIN_LOCK_MS) return 'A lock lasts at least 1 minute.';
  if (ms > MAX_LOCK_MS)
    return 'A lock lasts at most 24h. Lock again when it runs out, or declare a freeze window in chatops.yml (deploy.freezes).';
  return ms;
}

/** `/deploy lock <service> <env> [--for 2h] [reason…]` */
export async function lockCommand(input: SubcommandInput): Promise<void> {
  const { ctx, userId, respond } = input;
  const request = parseLockArgs(input.args);
  if ('problem' in request) return ackUsage(input, request.problem);
  const unknown = checkTarget(ctx.config.services, request.service, request.environment);
  if (unknown) return ackUsage(input, unknown);
  await input.ack();
  await attempt(ctx, replyVia(respond, ctx.log), 'take the lock', async () => {
    const result = await lockDeploys(ctx, { ...request, actor: userId });
    const timeZone = ctx.config.timezone;
    if (result.kind === 'held') return respondSafely(respond, renderLockHeld(result.lock, timeZone), ctx.log);
    await respondSafely(
      respond,
      {
        response_type: 'in_channel',
        ...renderLocked(result.lock, result.kind === 'extended', timeZone, ctx.clock.now()),
      },
      ctx.log,
    );
  });
}

/** `/deploy unlock <service> <env>` */
export async function unlockCommand(input: SubcommandInput): Promise<void> {
  const { ctx, userId, respond } = input;
  const [service, environment, ...extra] = input.args;
  if (!service || !environment)
    return ackUsage(input, 'Name the service and the environment to unlock, e.g. `/deploy unlock api prod`.');
  if (extra.length > 0)
    return ackUsage(
      input,
      `\`/deploy unlock\` takes a service and an environment, got also "${clip(extra.join(' '))}".`,
    );
  const unknown = checkTarget(ctx.config.services, service, environment);
  if (unknown) return ackUsage(input, unknown);
  await input.ack();
  await attempt(ctx, replyVia(respond, ctx.log), 'release the lock', async () => {
    const result = await unlockDeploys(ctx, { service, environment, actor: userId });
    const timeZone = ctx.config.timezone;
    if (result.kind === 'refused') return respondSafely(respond, renderUnlockRefused(result.lock, timeZone), ctx.log);
    const incidentLocks = (await liveLocks(ctx, ctx.clock.now())).filter(
      (l) => isIncidentLock(l) && l.service === service && l.environment === environment,
    );
    if (result.kind === 'not_locked')
      return respondSafely(respond, renderNotLocked(service, environment, incidentLocks, timeZone), ctx.log);
    await respondSafely(
      respond,
      {
        response_type: 'in_channel',
        ...renderUnlocked(result.lock, userId, result.breakGlass, incidentLocks, timeZone),
      },
      ctx.log,
    );
  });
}

/** The presenters of the lock jobs (reminders, expiry), and the App Home. Called once by `/deploy`'s feature. */
export function registerLocksAndHome(router: Router, ctx: WorkflowContext): void {
  const channelOf = (service: string, environment: string): string =>
    ctx.config.services[service]?.environments[environment]?.channel ?? ctx.config.channels.deploys;
  ctx.events.on('lock.expiring', async (lock) => {
    await router.client.chat.postMessage({
      channel: channelOf(lock.service, lock.environment),
      ...renderLockReminder(lock, ctx.config.timezone),
    });
  });
  ctx.events.on('lock.expired', async (lock) => {
    await router.client.chat.postMessage({
      channel: channelOf(lock.service, lock.environment),
      ...renderLockExpired(lock),
    });
  });
  registerHome(router, ctx);
}
