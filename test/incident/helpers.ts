import type { Clock } from '../../src/ports/clock.js';
import type { SlackChannel, SlackMessage } from '../../sandbox/slack/workspace.js';
import { textOf, type Harness } from '../support/harness.js';

export const ALEX = 'U0ALEX0001'; // in @sre-team
export const SAM = 'U0SAM00002'; // in @sre-team
export const JO = 'U0JO000003'; // the api responder in chatops.example.yml
export const BOT = 'U0CHATOPSBOT';

/** A clock the test sets; sleeps are real (the incident feature never sleeps). */
export function settableClock(
  start: string,
): Clock & { set(iso: string): void; advanceMinutes(minutes: number): Date } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    set: (iso) => void (now = new Date(iso)),
    advanceMinutes: (minutes) => (now = new Date(now.getTime() + minutes * 60_000)),
  };
}

export const incidentChannels = (h: Harness): SlackChannel[] =>
  h.slack.workspace.channels.filter((c) => c.name.startsWith('inc-'));

/** Waits for the incident channel whose name starts with `prefix` to have its pinned card. */
export async function waitForCard(h: Harness, prefix: string): Promise<{ channel: SlackChannel; card: SlackMessage }> {
  return h.slack.waitFor(() => {
    const channel = h.slack.workspace.channels.find((c) => c.name.startsWith(prefix) && c.pins.length > 0);
    const card = channel && h.slack.workspace.findMessage(channel.id, channel.pins[0]!);
    return channel && card ? { channel, card } : undefined;
  }, 10_000);
}

/** The card as it is now (it is updated in place). */
export const cardIn = (h: Harness, channel: SlackChannel): SlackMessage =>
  h.slack.workspace.findMessage(channel.id, channel.pins[0]!)!;

/** Types a slash command and fails the test if Slack would have shown an error. */
export async function type(h: Harness, text: string, channel: string, user = ALEX): Promise<void> {
  const result = await h.slack.slashCommand({ text, channel, user });
  if (!result.ok) throw new Error(`${text} failed: ${result.error}`);
}

/** Declares with the one-line form and returns the channel and its card once they exist. */
export async function declare(
  h: Harness,
  args: string,
  user = ALEX,
  from = 'general',
): Promise<{ channel: SlackChannel; card: SlackMessage }> {
  const before = new Set(incidentChannels(h).map((c) => c.id));
  await type(h, `/incident declare ${args}`, from, user);
  const channel = await h.slack.waitFor(
    () => incidentChannels(h).find((c) => !before.has(c.id) && c.pins.length > 0),
    10_000,
  );
  return { channel, card: cardIn(h, channel) };
}

/** The modal the user has open now. */
export function openView(h: Harness, user = ALEX, callbackId?: string) {
  const views = h.slack.workspace.views.filter(
    (v) => v.userId === user && (!callbackId || v.view.callback_id === callbackId),
  );
  return views.at(-1);
}

export const lastIn = (h: Harness, channel: string, match: (m: SlackMessage) => boolean): SlackMessage | undefined =>
  h.slack.messagesIn(channel).filter(match).at(-1);

export const containing = (text: string) => (m: SlackMessage) => textOf(m).includes(text);

/** Modal state values in Slack's shape. */
export const input = (value: string) => ({ type: 'plain_text_input', value });
export const radio = (value: string) => ({
  type: 'radio_buttons',
  selected_option: { text: { type: 'plain_text', text: value }, value },
});
export const select = (value: string) => ({
  type: 'static_select',
  selected_option: { text: { type: 'plain_text', text: value }, value },
});
export const multi = (...values: string[]) => ({
  type: 'multi_static_select',
  selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
});
export const userPick = (user: string) => ({ type: 'users_select', selected_user: user });
export const number = (value: string) => ({ type: 'number_input', value });
