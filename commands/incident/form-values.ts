import type { ViewOutput } from '@slack/bolt';
import { SEVERITIES, type Severity } from '../../src/domain/incident.js';

export type Values = ViewOutput['state']['values'];
type Field = Values[string][string];

/** One input's value: its text, its selected option(s) or user. */
export const field = (values: Values, name: string): Field | undefined => values[name]?.[name];
export const textOf = (values: Values, name: string): string => (field(values, name)?.value ?? '').trim();
export const optionOf = (values: Values, name: string): string | undefined =>
  field(values, name)?.selected_option?.value ?? undefined;

export interface DeclareForm {
  title: string;
  severity: Severity;
  services: string[];
  impact: string;
  commander: string;
}

/**
 * The declare form's answers (from /incident declare or an alert card), or the errors Slack shows under its
 * fields. The commander defaults to whoever submits it.
 */
export function readDeclareForm(values: Values, submittedBy: string): DeclareForm | { errors: Record<string, string> } {
  const severity = SEVERITIES.find((s) => s === optionOf(values, 'severity'));
  const title = textOf(values, 'title');
  if (!title || !severity)
    return {
      errors: {
        ...(title ? {} : { title: 'Give the incident a title.' }),
        ...(severity ? {} : { severity: 'Pick a severity.' }),
      },
    };
  return {
    title,
    severity,
    services: (field(values, 'services')?.selected_options ?? []).map((o) => o.value),
    impact: textOf(values, 'impact'),
    commander: field(values, 'commander')?.selected_user ?? submittedBy,
  };
}
