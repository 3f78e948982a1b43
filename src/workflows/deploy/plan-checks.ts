import { stopOf, type Deployment, type PlanCheck, type StoppedServing } from '../../domain/deployment.js';
import { describeDrift, type LiveState } from '../../domain/live.js';
import type { CheckSummary } from '../../ports/source-control.js';

/** Lines of the pre-deployment checklist, each with its live result. */

export interface LockGate {
  /** A live lock held by someone else (or an incident): only break-glass gets past it. */
  lock?: { holder: string; reason: string; expiresAt: string | null };
  /** The requester's own lock, which does not stop them. */
  ownLock?: { reason: string; expiresAt: string | null };
}

export function lockCheck(gate: LockGate, timeZone: string, now: Date): PlanCheck {
  if (gate.lock) return { name: 'No lock', mark: 'warn', detail: gate.lock.reason, forcedPast: gate.lock.holder };
  if (gate.ownLock) {
    const until = gate.ownLock.expiresAt ? ` until ${clockTime(new Date(gate.ownLock.expiresAt), timeZone, now)}` : '';
    return {
      name: 'No lock',
      mark: 'pass',
      detail: `locked by you${until}${gate.ownLock.reason ? `: ${gate.ownLock.reason}` : ''}`,
    };
  }
  return { name: 'No lock', mark: 'pass', detail: 'not locked' };
}

const WAYS: Record<StoppedServing['how'], string> = {
  rollback: 'with /rollback',
  'incident-card': 'from an incident card',
  'alert-card': 'from an alert card',
  'automatic-rollback': 'automatically',
  superseded: 'by a later deploy',
};

/** A commit that was rolled back in the last week is flagged: who rolled it back, when and why. */
export function rolledBackRecently(
  deploys: Deployment[],
  sha: string,
  now: Date,
): { deploy: Deployment; stop: StoppedServing } | undefined {
  const weekAgo = now.getTime() - 7 * 86_400_000;
  for (const deploy of deploys) {
    const stop = stopOf(deploy);
    if (deploy.sha === sha && stop && stop.how !== 'superseded' && Date.parse(stop.at) > weekAgo)
      return { deploy, stop };
  }
  return undefined;
}

export function rolledBackCheck(
  found: { deploy: Deployment; stop: StoppedServing },
  timeZone: string,
  now: Date,
): PlanCheck {
  const { deploy, stop } = found;
  const why = stop.reason ? `: ${stop.reason.split('\n')[0]!.slice(0, 300)}` : ' (no reason given)';
  return {
    name: 'Commit not rolled back recently',
    mark: 'warn',
    actor: stop.by,
    detail: `rolled it back ${WAYS[stop.how]} at ${clockTime(new Date(stop.at), timeZone, now)} (deploy ${deploy.id})${why}`,
  };
}

/** What serves now, by the records and by Cloud Run; a warning when they disagree. */
export function trafficCheck(state: LiveState): PlanCheck | undefined {
  if (!state.traffic) return undefined;
  const name = 'Traffic as the bot recorded it';
  if (state.drift) return { name, mark: 'warn', detail: describeDrift(state.drift) };
  const serving = state.traffic.map((t) => `${t.percent}% ${t.revision}`).join(', ') || 'nothing';
  const by = state.live
    ? `deploy ${state.live.id}`
    : state.last
      ? `returned to after deploy ${state.last.id}`
      : 'no deploy recorded by the bot';
  return { name, mark: 'pass', detail: `${serving} (${by})` };
}

export function ciCheck(checks: CheckSummary | { error: string }): PlanCheck {
  if ('error' in checks)
    return { name: 'CI checks passing', mark: 'warn', detail: `unknown, could not be read: ${checks.error}` };
  if (checks.contexts.length === 0)
    return { name: 'CI checks passing', mark: 'warn', detail: 'no checks reported on this commit' };
  const failing = checks.contexts.filter((c) => c.state === 'failure').map((c) => c.name);
  const pending = checks.contexts.filter((c) => c.state === 'pending').map((c) => c.name);
  if (failing.length) return { name: 'CI checks passing', mark: 'fail', detail: `failing: ${failing.join(', ')}` };
  if (pending.length) return { name: 'CI checks passing', mark: 'warn', detail: `pending: ${pending.join(', ')}` };
  return { name: 'CI checks passing', mark: 'pass', detail: `${checks.contexts.length} passed` };
}

export function requiredContextChecks(checks: CheckSummary | { error: string }, required: string[]): PlanCheck[] {
  return required.map((name) => {
    const found = 'error' in checks ? undefined : checks.contexts.find((c) => c.name === name);
    if (!found)
      return {
        name: `Required: ${name}`,
        mark: 'warn',
        detail: 'error' in checks ? 'unknown, could not be read' : 'not reported yet',
      };
    return {
      name: `Required: ${name}`,
      mark: found.state === 'success' ? 'pass' : found.state === 'pending' ? 'warn' : 'fail',
      detail: found.state,
    };
  });
}

/** "19:14" today in the configured time zone, "Tue 25 Nov 19:14" on another day. */
export function clockTime(date: Date, timeZone: string, now: Date): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short' }).format(d);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  if (day(date) === day(now)) return time;
  return `${new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(date)} ${time}`;
}
