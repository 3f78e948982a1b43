/**
 * The one rule for text that leaves the bot for Slack. Slack reads `&`, `<` and `>` as control characters in
 * every mrkdwn field and in a message's top-level `text` (which also drives notifications), so words a person
 * typed go out with those three escaped: `<!channel>` pings nobody and `<https://…|click>` is no link.
 * plain_text fields (headers, modal labels, input initial values) take text as it is, never escaped.
 * blocks/kit.ts re-exports these; they live here so a workflow that writes Slack text (a channel purpose) uses
 * the same rule.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const BOT_MENTION = /(<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+>)/;

/**
 * For a sentence the bot composed around words from users (a refusal, a timeline entry): everything is
 * escaped except the user and channel mentions the bot writes (`<@U…>`, `<#C…>`), so those still render as
 * names. Broadcasts, group pings and links never survive.
 */
export function escapeKeepingMentions(text: string): string {
  return text
    .split(BOT_MENTION)
    .map((part, index) => (index % 2 === 1 ? part : escapeMrkdwn(part)))
    .join('');
}
