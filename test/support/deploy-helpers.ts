import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import type { Clock } from '../../src/ports/clock.js';
import type { SlackMessage } from '../../sandbox/slack/workspace.js';
import { textOf, type Harness } from './harness.js';
import { exampleYamlForTests } from './test-config.js';

export const ALEX = 'U0ALEX0001'; // requester, break-glass, in @sre-team
export const SAM = 'U0SAM00002'; // approver
export const JO = 'U0JO000003'; // not an approver

/** The example config with changes for a test (1 s bakes by default), written to a temp file. */
export function testConfig(change: (yaml: string) => string = (y) => y): string {
  const yaml = change(exampleYamlForTests().replaceAll('bakeSeconds: 5', 'bakeSeconds: 1'));
  const path = join(mkdtempSync(join(tmpdir(), 'chatops-config-')), 'chatops.yml');
  writeFileSync(path, yaml);
  return path;
}

/** A clock that can be moved forward; sleeps are real (bakes are 1 s in tests). */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    advance: (ms) => void (offset += ms),
  };
}

/** What the helpers below need: the Slack stand-in (a harness, or a child bot's sandbox). */
type WithSlack = Pick<Harness, 'slack'>;

export function planCards(h: WithSlack, channel = 'deploys'): SlackMessage[] {
  return h.slack.messagesIn(channel).filter((m) => m.text.startsWith('Deployment Plan:') && !m.threadTs);
}

/** Requests a deploy and returns its plan card as posted. */
export async function requestDeploy(h: WithSlack, text: string, user = ALEX, channel = 'ops'): Promise<SlackMessage> {
  const before = h.slack.workspace.messages.length;
  const result = await h.slack.slashCommand({ text: `/deploy ${text}`, channel, user });
  if (!result.ok) throw new Error(`/deploy failed: ${result.error}`);
  return h.slack.waitFor(
    () => h.slack.workspace.messages.slice(before).find((m) => m.text.startsWith('Deployment Plan:') && !m.threadTs),
    10_000,
  );
}

export const idOf = (card: SlackMessage): string => /deploy `(d-[0-9a-f-]+)`/.exec(textOf(card))?.[1] ?? '';

export async function deploymentOf(h: Harness, card: SlackMessage): Promise<Deployment> {
  const record = await h.bot.store.get<Deployment>(DEPLOYMENTS, idOf(card));
  if (!record) throw new Error(`no deployment for card ${card.ts}`);
  return record.data;
}

/** A click on the card's button; the value is the deploy ID, as a client showing a stale card would still send it. */
export function click(
  h: WithSlack,
  card: SlackMessage,
  action: 'deploy.approve' | 'deploy.reject',
  user: string,
  url?: string,
) {
  return h.slack.clickAction(
    { channel: card.channel, messageTs: card.ts, actionId: action, value: idOf(card), user },
    url ? { url } : undefined,
  );
}

/** Waits until the card (updated in place) says what we wait for. */
export function cardSays(h: WithSlack, card: SlackMessage, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  return h.slack.waitFor(() => {
    const text = textOf(h.slack.workspace.findMessage(card.channel, card.ts));
    return pattern.test(text) && text;
  }, timeoutMs);
}

export const thread = (h: WithSlack, card: SlackMessage): string =>
  h.slack
    .messagesIn(card.channel)
    .filter((m) => m.threadTs === card.ts)
    .map((m) => textOf(m))
    .join('\n');

export const ephemeralFor = (h: WithSlack, user: string): string =>
  textOf(h.slack.workspace.messages.filter((m) => m.ephemeral && m.visibleTo === user).at(-1));
