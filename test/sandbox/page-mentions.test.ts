/**
 * Mentions on the sandbox page render as Slack renders them (issue 10, part 5): `<@U…>` and `<@U…|label>` as the
 * user's @name, `<#C…>` as #channel, `<!here>`, `<!channel>`, `<!subteam^S…>` as @here, @channel, @handle, in
 * every place Slack parses mrkdwn: a message's plain `text`, section text and fields, context blocks, attachments
 * and the App Home. plain_text stays literal, as in Slack; so does text the bot escaped (`&lt;@U…&gt;`).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain browser ES module without types
import { renderHome, renderMessage } from '../../sandbox/page/messages.js';
// @ts-expect-error plain browser ES module without types
import { renderMrkdwn } from '../../sandbox/page/render.js';

const ALEX = 'U0ALEX0001';
const state = {
  botUserId: 'U0CHATOPSBOT',
  currentUserId: ALEX,
  users: [
    { id: ALEX, name: 'alex' },
    { id: 'U0SAM00002', name: 'sam' },
    { id: 'U0CHATOPSBOT', name: 'chatops', isBot: true },
  ],
  channels: [{ id: 'C000000002', name: 'deploys' }],
  userGroups: [{ id: 'S0SRETEAM1', handle: 'sre-team' }],
};
const ctx = { users: state.users, channels: state.channels, userGroups: state.userGroups };
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const md = (text: string) => ({ type: 'mrkdwn', text });
const APPROVERS = `Approvers: <@${ALEX}>, <@U0SAM00002>.`;
const message = (fields: Record<string, unknown>) => ({
  channel: 'C000000002',
  ts: '1700000000.000100',
  user: 'U0CHATOPSBOT',
  botId: 'B1',
  text: '',
  ...fields,
});

describe('mentions on the sandbox page', () => {
  it('users, with or without a label, by their current name; unknown ones by ID', () => {
    expect(
      textOf(renderMrkdwn(`<@${ALEX}> <@${ALEX}|old-name> <@U0NOBODY99> <@U0NOBODY99|ghost> <@W0ENTERPRISE>`, ctx)),
    ).toBe('@alex @alex @U0NOBODY99 @ghost @W0ENTERPRISE');
  });

  it('channels, special mentions and user groups by their handle', () => {
    expect(
      textOf(
        renderMrkdwn(
          '<#C000000002> <#C000000002|old> <#C0UNKNOWN1|elsewhere> <!here> <!channel> <!everyone> <!here|@here>',
          ctx,
        ),
      ),
    ).toBe('#deploys #deploys #elsewhere @here @channel @everyone @here');
    expect(
      textOf(
        renderMrkdwn(
          '<!subteam^S0SRETEAM1> <!subteam^S0SRETEAM1|@sre-team> <!subteam^S0UNKNOWN1|@ops> <!subteam^S0UNKNOWN2>',
          ctx,
        ),
      ),
    ).toBe('@sre-team @sre-team @ops @S0UNKNOWN2');
    expect(textOf(renderMrkdwn('<!date^1700000000^{date_short}|Nov 14, 2023>', ctx))).toBe('Nov 14, 2023');
  });

  it('in a message with only `text` (the refusals and ephemerals), and in its attachments', () => {
    const html = renderMessage(
      state,
      message({
        text: `:warning: ${APPROVERS}`,
        attachments: [{ text: `by <@${ALEX}>`, fields: [{ title: 'Approver', value: '<!subteam^S0SRETEAM1>' }] }],
      }),
    );
    expect(textOf(html)).toContain('Approvers: @alex, @sam.');
    expect(textOf(html)).toContain('by @alex');
    expect(textOf(html)).toContain('@sre-team');
    expect(textOf(html)).not.toMatch(/U0ALEX0001|U0SAM00002|S0SRETEAM1/);
  });

  it('in section text and fields and context blocks; not in plain_text, as Slack', () => {
    const blocks = [
      {
        type: 'section',
        text: md(`*Approval:* 0 of 1 required, from 2 approver(s): <@U0SAM00002> at 10:00`),
        fields: [md('*Requested by*'), md(`<@${ALEX}>`)],
      },
      {
        type: 'context',
        elements: [
          md(`Requested by <@${ALEX}> · <#C000000002>`),
          { type: 'plain_text', text: `<@${ALEX}> stays as typed` },
        ],
      },
    ];
    const text = textOf(renderMessage(state, message({ text: 'fallback', blocks })));
    expect(text).toContain('from 2 approver(s): @sam at 10:00');
    expect(text).toContain('Requested by@alex');
    expect(text).toContain('Requested by @alex · #deploys');
    expect(text).toContain(`<@${ALEX}> stays as typed`);
  });

  it('in the App Home', () => {
    const home = {
      id: 'V1',
      type: 'home',
      blocks: [{ type: 'section', text: md(`:raised_hand: *api → prod* requested by <@${ALEX}>`) }],
    };
    expect(textOf(renderHome({ ...state, home }))).toContain('requested by @alex');
  });

  it('text the bot escaped stays literal, as Slack shows it: the bot must write mentions unescaped', () => {
    expect(textOf(renderMrkdwn(`Locked by &lt;@${ALEX}&gt;`, ctx))).toBe(`Locked by <@${ALEX}>`);
  });
});
