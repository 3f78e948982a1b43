import { describe, expect, it } from 'vitest';
import { githubMarkdown, githubTitle } from '../../../blocks/github-text.js';
import { renderProblem, renderUsage } from '../../../blocks/help.js';
import { escapeKeepingMentions, escapeMrkdwn } from '../../../blocks/kit.js';
import { decodeSlackEntities } from '../../../commands/shared/slack-entities.js';

const HOSTILE = '<!channel> <https://evil.example|click> *bold* @org/team #12 <script>';

describe('Slack: the one escaping rule', () => {
  it('escapes the three control characters, so broadcasts and links go out as words', () => {
    expect(escapeMrkdwn(HOSTILE)).toBe(
      '&lt;!channel&gt; &lt;https://evil.example|click&gt; *bold* @org/team #12 &lt;script&gt;',
    );
    expect(escapeMrkdwn('a & b')).toBe('a &amp; b');
  });

  it('keeps the user and channel mentions the bot writes, and nothing else', () => {
    expect(
      escapeKeepingMentions(
        'Only <@U0ALEX0001> in <#C0INC0001> may; you wrote <!channel> <https://evil.example|x> <!subteam^S1>',
      ),
    ).toBe(
      'Only <@U0ALEX0001> in <#C0INC0001> may; you wrote &lt;!channel&gt; &lt;https://evil.example|x&gt; &lt;!subteam^S1&gt;',
    );
  });

  it('refusals name people as mentions that render, in the blocks and in the fallback', () => {
    const refusal = renderProblem('Only <@U0ALEX0001> can do that. You wrote: <!here>');
    expect(refusal.text).toBe('Only <@U0ALEX0001> can do that. You wrote: &lt;!here&gt;');
    expect(JSON.stringify(refusal.blocks)).toContain('Only <@U0ALEX0001> can do that');
    expect(JSON.stringify(refusal)).not.toContain('&lt;@U0ALEX0001&gt;');
    const usage = renderUsage('Nobody called "<!channel>"', ['/incident role <role> @user']);
    expect(usage.text).not.toMatch(/<!channel>|<role>/);
  });

  it('slash command text arrives with entities; decoded once, the words are as typed', () => {
    expect(decodeSlackEntities('Checkout &amp; payments &lt;b&gt;')).toBe('Checkout & payments <b>');
    expect(escapeMrkdwn(decodeSlackEntities('a &amp;lt; b'))).toBe('a &amp;lt; b');
  });
});

describe('GitHub: mentions, references and HTML', () => {
  it('wraps mentions and references in code and escapes HTML', () => {
    expect(githubMarkdown(HOSTILE)).toBe(
      '&lt;!channel&gt; &lt;https://evil.example|click&gt; *bold* `@org/team` `#12` &lt;script&gt;',
    );
    expect(githubMarkdown('ping @alex, see acme/api#7 and GH-3.')).toBe('ping `@alex`, see `acme/api#7` and `GH-3`.');
  });

  it('leaves what was written as code alone', () => {
    expect(githubMarkdown('run `curl -H "@org/team" <x>` then @sam')).toBe('run `curl -H "@org/team" <x>` then `@sam`');
    expect(githubMarkdown('before\n```sh\necho @org/team #12 <b>\n```\nafter #13')).toBe(
      'before\n```sh\necho @org/team #12 <b>\n```\nafter `#13`',
    );
    expect(githubMarkdown('``a ` @x``')).toBe('``a ` @x``');
    expect(githubMarkdown('~~~\n@open fence to the end')).toBe('~~~\n@open fence to the end');
  });

  it('a stray backtick cannot open code around a mention', () => {
    const out = githubMarkdown('a ` b @team');
    expect(out).toBe('a \\` b `@team`');
  });

  it('e-mail addresses, paths, URL fragments and entities are not mentions or references', () => {
    expect(
      githubMarkdown('mail ops@example.com, https://x.example/@me/page#12 and https://github.com/acme/api#12'),
    ).toBe('mail ops@example.com, https://x.example/@me/page#12 and https://github.com/acme/api#12');
    expect(githubMarkdown('## heading & #x')).toBe('## heading &amp; #x');
    expect(githubMarkdown('<https://x.example>@org/team')).toBe('&lt;https://x.example&gt;`@org/team`');
  });

  it('titles are plain text on GitHub: references and mentions wrapped, HTML left as typed', () => {
    expect(githubTitle('Checkout <b> down, @org/team #12')).toBe('Checkout <b> down, `@org/team` `#12`');
  });
});
