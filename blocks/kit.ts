import { clip } from '../src/domain/format.js';
import { escapeMrkdwn } from '../src/domain/slack-text.js';
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/types';

/** Block Kit's limits; builders truncate to them so a long value never makes Slack reject a message. */
export const LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElements: 10,
  buttonLabel: 75,
  actionId: 255,
  buttonValue: 2000,
  fallbackText: 4000,
} as const;

export type Block = KnownBlock;

/** At most `max` characters, the "…" included. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : clip(text, max - 1);
}

/** The bot's one style for a user's word echoed back and for durations (see src/domain/format.ts). */
export { clip, formatDuration } from '../src/domain/format.js';

/** The escaping rule for user text (see src/domain/slack-text.ts): every mrkdwn field and every `text` fallback. */
export { escapeKeepingMentions, escapeMrkdwn } from '../src/domain/slack-text.js';

export function link(url: string, label: string): string {
  return `<${url}|${escapeMrkdwn(label).replaceAll('|', '¦')}>`;
}

const mrkdwn = (text: string, max: number): MrkdwnElement => ({ type: 'mrkdwn', text: truncate(text, max) });

export const header = (text: string): HeaderBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
});

export const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text, LIMITS.sectionText) });

/** Label/value pairs shown two by two; more than ten become several sections. */
export function fields(pairs: [label: string, value: string][]): SectionBlock[] {
  const sections: SectionBlock[] = [];
  for (let i = 0; i < pairs.length; i += LIMITS.fieldsPerSection) {
    const chunk = pairs.slice(i, i + LIMITS.fieldsPerSection);
    sections.push({
      type: 'section',
      fields: chunk.map(([label, value]) => mrkdwn(`*${label}*\n${value}`, LIMITS.fieldText)),
    });
  }
  return sections;
}

export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t, LIMITS.sectionText)),
});

export const divider = (): DividerBlock => ({ type: 'divider' });

export function button(label: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  const element: Button = {
    type: 'button',
    text: { type: 'plain_text', text: truncate(label, LIMITS.buttonLabel), emoji: true },
    action_id: truncate(actionId, LIMITS.actionId),
  };
  if (value !== undefined) element.value = truncate(value, LIMITS.buttonValue);
  if (style) element.style = style;
  return element;
}

export const actions = (blockId: string, ...elements: Button[]): ActionsBlock => ({
  type: 'actions',
  block_id: blockId,
  elements,
});

/** A message body: blocks capped at Slack's 50, and the plain-text fallback for notifications and screen readers. */
export interface Message {
  text: string;
  blocks: Block[];
}

export function message(text: string, blocks: Block[]): Message {
  const capped =
    blocks.length <= LIMITS.blocksPerMessage
      ? blocks
      : [
          ...blocks.slice(0, LIMITS.blocksPerMessage - 1),
          context(
            `…${blocks.length - LIMITS.blocksPerMessage + 1} more blocks left out; narrow the request to see them.`,
          ),
        ];
  return { text: truncate(text, LIMITS.fallbackText), blocks: capped };
}

/** Formats a time in the team's time zone, naming the zone: "2026-11-22 14:05 Europe/Berlin". */
export function formatTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timeZone}`;
}
