import type { InputBlock, InputBlockElement, ModalView, PlainTextOption } from '@slack/types';
import {
  ROLE_NAME,
  ROLES,
  SEVERITIES,
  SEVERITY_MEANING,
  STATUSES,
  type Incident,
  type Severity,
} from '../src/domain/incident.js';
import { context, escapeMrkdwn, section, truncate, type Block } from './kit.js';
import { STATUS_WORD } from './incident-common.js';

/** The incident modals. Each input's block_id and action_id are the field name, so a handler reads values[field][field]. */
export const VIEW_IDS = {
  declare: 'incident.declare',
  update: 'incident.update',
  resolve: 'incident.resolve',
  roles: 'incident.roles',
} as const;

const plain = (text: string, max = 75) => ({ type: 'plain_text' as const, text: truncate(text, max), emoji: true });
const option = (value: string, text: string, description?: string): PlainTextOption => ({
  text: plain(text),
  value,
  ...(description ? { description: plain(description) } : {}),
});

function input(
  field: string,
  label: string,
  element: InputBlockElement,
  extra: { optional?: boolean; hint?: string } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: field,
    label: plain(label, 2000),
    element: { ...element, action_id: field },
    ...(extra.optional ? { optional: true } : {}),
    ...(extra.hint ? { hint: plain(extra.hint, 2000) } : {}),
  } as InputBlock;
}

function modal(callbackId: string, title: string, submit: string, blocks: Block[], metadata: object): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain('Cancel', 24),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

const severityOption = (s: Severity): PlainTextOption => option(s, s, SEVERITY_MEANING[s]);
const text = (multiline = false, initial?: string, max = 3000): InputBlockElement => ({
  type: 'plain_text_input',
  multiline,
  max_length: max,
  ...(initial ? { initial_value: initial } : {}),
});

export interface DeclareDefaults {
  declarer: string;
  services: string[];
  /** Where /incident declare was typed: the confirmation goes there. */
  channel: string;
  /** Declared from an alert's card: its callback, metadata and the values it starts with. */
  from?: { callbackId: string; alertId: string; title: string; severity: Severity; service?: string; impact?: string };
}

export function declareModal(d: DeclareDefaults): ModalView {
  const f = d.from;
  const picked = f?.service && d.services.includes(f.service) ? [option(f.service, f.service)] : [];
  return modal(
    f?.callbackId ?? VIEW_IDS.declare,
    'Declare an incident',
    'Declare',
    [
      input('title', 'Title', {
        type: 'plain_text_input',
        max_length: 120,
        placeholder: plain('Checkout returns 500'),
        ...(f ? { initial_value: truncate(f.title, 120) } : {}),
      }),
      input('severity', 'Severity', {
        type: 'radio_buttons',
        options: SEVERITIES.map(severityOption),
        ...(f ? { initial_option: severityOption(f.severity) } : {}),
      }),
      input(
        'services',
        'Affected services',
        {
          type: 'multi_static_select',
          placeholder: plain('Pick services'),
          options: d.services.slice(0, 100).map((s) => option(s, s)),
          ...(picked.length ? { initial_options: picked } : {}),
        },
        { optional: true, hint: 'Their recent deploys go on the card; a P0 or P1 locks their prod deploys.' },
      ),
      input('impact', 'Impact', text(true, f?.impact ? truncate(f.impact, 2000) : undefined, 2000), {
        optional: true,
        hint: 'Who is affected, and how. "Being assessed" if you do not know yet.',
      }),
      input('commander', 'Incident commander', { type: 'users_select', initial_user: d.declarer }),
    ],
    f ? { channel: d.channel, alertId: f.alertId } : { channel: d.channel },
  );
}

export function updateModal(i: Incident, channel: string, cadenceMinutes: number | null): ModalView {
  const statuses = STATUSES.map((s) =>
    option(s, STATUS_WORD[s], s === 'resolved' ? 'Opens the resolve form' : undefined),
  );
  return modal(
    VIEW_IDS.update,
    `Update INC-${i.number}`,
    'Post update',
    [
      section(`*${i.severity} · ${escapeMrkdwn(i.title)}*`),
      input('status', 'Status', {
        type: 'static_select',
        options: statuses,
        initial_option: statuses.find((o) => o.value === i.status)!,
      }),
      input('summary', 'What changed since the last update', text(true)),
      input('next', 'What we are doing now', text(true), { optional: true }),
      input(
        'minutes',
        'Next update in (minutes)',
        {
          type: 'number_input',
          is_decimal_allowed: false,
          min_value: '1',
          max_value: '1440',
          ...(cadenceMinutes ? { initial_value: String(cadenceMinutes) } : {}),
        },
        {
          optional: true,
          hint: cadenceMinutes
            ? `The ${i.severity} cadence is ${cadenceMinutes} minutes; the commander is reminded when it passes.`
            : `No reminders at ${i.severity} unless you set a time.`,
        },
      ),
    ],
    { incidentId: i.id, channel },
  );
}

export interface ResolveDefaults {
  summary?: string;
}

export function resolveModal(i: Incident, channel: string, d: ResolveDefaults = {}): ModalView {
  return modal(
    VIEW_IDS.resolve,
    `Resolve INC-${i.number}`,
    'Resolve',
    [
      section(
        `*${i.severity} · ${escapeMrkdwn(i.title)}*\nResolving stops the reminders, releases the deploy locks and posts the postmortem draft.`,
      ),
      input('summary', 'Resolution summary (the immediate fix)', text(true, d.summary)),
      input('rootCause', 'Root cause', text(true), {
        hint: 'Write "unknown" if it is not known yet; the review can fill it in.',
      }),
      input('preventive', 'Preventive measures', text(true), { optional: true }),
      input('actions', 'Follow-up actions', text(true), {
        optional: true,
        hint: 'One per line. End a line with @name to give it an owner.',
      }),
    ],
    { incidentId: i.id, channel },
  );
}

export function rolesModal(i: Incident, channel: string): ModalView {
  const blocks: Block[] = [section(`*${i.severity} · ${escapeMrkdwn(i.title)}*`)];
  for (const role of ROLES) {
    const holder = i.roles[role];
    blocks.push(
      input(
        role,
        ROLE_NAME[role],
        { type: 'users_select', ...(holder ? { initial_user: holder } : {}) },
        { optional: role !== 'commander' },
      ),
    );
  }
  blocks.push(context('Each new holder is invited to the channel, and the change goes on the timeline.'));
  return modal(VIEW_IDS.roles, `Roles of INC-${i.number}`, 'Save', blocks, { incidentId: i.id, channel });
}
