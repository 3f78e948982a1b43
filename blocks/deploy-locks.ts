import type { DeployLock } from '../src/domain/lock.js';
import { context, escapeMrkdwn, formatDuration, formatTime, message, section, truncate, type Message } from './kit.js';

const name = (service: string, environment: string): string =>
  `*${escapeMrkdwn(service)} ${escapeMrkdwn(environment)}*`;
const why = (reason: string): string => (reason ? `: ${escapeMrkdwn(truncate(reason, 300))}` : '');

/** "held by <@U> until 2026-11-22 15:05 Europe/Berlin: db migration"; incident locks name the incident. */
export function describeLockHolder(lock: DeployLock, timeZone: string): string {
  if (lock.holder.startsWith('incident:'))
    return `held by incident ${escapeMrkdwn(lock.holder.slice('incident:'.length))} until it is resolved${why(lock.reason)}`;
  const until = lock.expiresAt ? ` until ${formatTime(new Date(lock.expiresAt), timeZone)}` : '';
  return `held by <@${lock.holder}>${until}${why(lock.reason)}`;
}

const commands = (service: string, environment: string): string =>
  `\`/deploy lock ${service} ${environment} --for 1h\` extends it · \`/deploy unlock ${service} ${environment}\` releases it`;

/** In the channel: a new or extended lock. */
export function renderLocked(lock: DeployLock, extended: boolean, timeZone: string, now: Date): Message {
  const until = formatTime(new Date(lock.expiresAt!), timeZone);
  const length = formatDuration(Date.parse(lock.expiresAt!) - now.getTime());
  const text = extended
    ? `:lock: <@${lock.holder}> extended the lock on ${name(lock.service, lock.environment)} until ${until} (${length} from now)${why(lock.reason)}.`
    : `:lock: <@${lock.holder}> locked ${name(lock.service, lock.environment)} until ${until} (${length})${why(lock.reason)}.\nDeploys by anyone else are refused until then (break-glass excepted).`;
  return message(plain(text), [section(text), context(commands(lock.service, lock.environment))]);
}

/** Ephemeral: someone else holds the lock. */
export function renderLockHeld(lock: DeployLock, timeZone: string): Message {
  const text = `:no_entry: ${name(lock.service, lock.environment)} is already locked, ${describeLockHolder(lock, timeZone)}. Ask them to unlock it, or wait for it to expire. Nothing was changed.`;
  return message(plain(text), [section(text)]);
}

/** In the channel: a lock released, by its holder or through break-glass. */
export function renderUnlocked(
  lock: DeployLock,
  actor: string,
  breakGlass: boolean,
  others: DeployLock[],
  timeZone: string,
): Message {
  const text = breakGlass
    ? `:rotating_light: <@${actor}> broke the lock of <@${lock.holder}> on ${name(lock.service, lock.environment)} (break-glass; audited).`
    : `:unlock: <@${actor}> unlocked ${name(lock.service, lock.environment)}.`;
  return message(plain(text), [section(text), ...stillLocked(others, timeZone)]);
}

/** Ephemeral: only the holder or break-glass may unlock. */
export function renderUnlockRefused(lock: DeployLock, timeZone: string): Message {
  const text = `:no_entry: ${name(lock.service, lock.environment)} is ${describeLockHolder(lock, timeZone)}. Only its holder or a break-glass user (\`deploy.breakGlass\`) can unlock it. Nothing was changed.`;
  return message(plain(text), [section(text)]);
}

/** Ephemeral: there was no user lock to release. */
export function renderNotLocked(service: string, environment: string, others: DeployLock[], timeZone: string): Message {
  const text = `${name(service, environment)} has no deploy lock to release.`;
  return message(plain(text), [section(text), ...stillLocked(others, timeZone)]);
}

/** Incident locks are not released by `/deploy unlock`; say so when one remains. */
function stillLocked(others: DeployLock[], timeZone: string) {
  return others.map((lock) =>
    context(
      `:rotating_light: Still locked: ${name(lock.service, lock.environment)} is ${describeLockHolder(lock, timeZone)}.`,
    ),
  );
}

/** In the environment's channel, before expiry: the holder is mentioned. */
export function renderLockReminder(
  lock: { service: string; environment: string; holder: string; reason: string; expiresAt: string; remindedAt: string },
  timeZone: string,
): Message {
  const left = formatDuration(Date.parse(lock.expiresAt) - Date.parse(lock.remindedAt));
  const text = `:alarm_clock: <@${lock.holder}>, your deploy lock on ${name(lock.service, lock.environment)} expires at ${formatTime(new Date(lock.expiresAt), timeZone)} (in ${left})${why(lock.reason)}.`;
  return message(plain(text), [section(text), context(commands(lock.service, lock.environment))]);
}

/** In the environment's channel, after expiry. */
export function renderLockExpired(lock: {
  service: string;
  environment: string;
  holder: string;
  reason: string;
}): Message {
  const text = `:unlock: The deploy lock of <@${lock.holder}> on ${name(lock.service, lock.environment)} expired${why(lock.reason)}.`;
  return message(plain(text), [section(text)]);
}

/** The notification text: the same words without emoji codes or bold marks. */
const plain = (mrkdwn: string): string => mrkdwn.replace(/:[a-z_]+: /g, '').replaceAll('*', '');
