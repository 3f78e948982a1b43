import type { GateRefusal, StaleCard, Stopped } from '../src/domain/refusals.js';

/** A deploy's gate in words: the freeze window or the lock that stops it, and when it ends. */
export function gateRefusalText(gate: GateRefusal): string {
  const at = (iso: string): string =>
    `${new Intl.DateTimeFormat('en-GB', { timeZone: gate.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))} ${gate.timeZone}`;
  if (gate.kind === 'frozen')
    return `Deploys are frozen: "${gate.name}" until ${at(gate.endsAt)}. Break-glass users may use --force "reason".`;
  const holder = gate.holder.startsWith('incident:') ? `incident ${gate.holder.slice(9)}` : `<@${gate.holder}>`;
  return `Locked by ${holder}: ${gate.reason}${gate.expiresAt ? ` (until ${at(gate.expiresAt)})` : ''}. Ask the holder, or use --force "reason" (break-glass).`;
}

/** An incident card's Roll back button that no longer tells the truth: why, and what serves now. */
export function staleCardText(card: StaleCard): string {
  return `This card is out of date: ${staleWhy(card)}. Serving now: ${servingNow(card)}. Nothing was changed; \`/ops status ${card.service}\` shows the service.`;
}

function staleWhy({ why, service, environment }: StaleCard): string {
  switch (why.kind) {
    case 'not-serving':
      return `deploy ${why.deploymentId} no longer serves ${service} ${environment}${why.stopped ? ` (${stoppedBy(why.stopped)})` : ''}`;
    case 'not-finished':
      return `deploy ${why.deploymentId} ${why.running ? 'is still rolling out' : 'has no revision it replaced'}`;
    case 'other-from':
      return `the button rolls back \`${why.button}\`, but deploy ${why.deploymentId} made \`${why.made}\``;
    case 'other-to':
      return `the button returns to \`${why.button}\`, but deploy ${why.deploymentId} replaced \`${why.replaced}\``;
    case 'traffic-moved':
      return `Cloud Run no longer serves \`${why.revision}\` most`;
  }
}

const stoppedBy = (stopped: Stopped): string =>
  stopped.how === 'superseded'
    ? 'a later deploy superseded it'
    : `rolled back by ${stopped.by === 'system' ? 'the bot' : `<@${stopped.by}>`}`;

function servingNow(card: StaleCard): string {
  const traffic = card.traffic?.map((t) => `${t.percent}% \`${t.revision}\``).join(', ');
  const records = card.live ? `deploy ${card.live.id} of \`${card.live.sha.slice(0, 7)}\`` : 'no deploy of the bot';
  return traffic ? `${traffic} (by the bot's records: ${records})` : records;
}
