export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/**
 * What Slack would put in an envelope for a body it would otherwise POST: a form with `payload` is
 * `interactive`, a form with `command` is `slash_commands` (its fields as a JSON object), JSON is `events_api`.
 */
export function envelopeOf(
  body: string,
  contentType: string,
): { type: EnvelopeType; payload: Record<string, unknown>; acceptsResponsePayload: boolean } {
  if (contentType.includes('json'))
    return { type: 'events_api', payload: JSON.parse(body) as Record<string, unknown>, acceptsResponsePayload: false };
  const form = new URLSearchParams(body);
  const interactive = form.get('payload');
  if (interactive !== null) {
    const payload = JSON.parse(interactive) as Record<string, unknown>;
    return {
      type: 'interactive',
      payload,
      acceptsResponsePayload: payload.type === 'view_submission' || payload.type === 'block_suggestion',
    };
  }
  return { type: 'slash_commands', payload: Object.fromEntries(form), acceptsResponsePayload: true };
}
