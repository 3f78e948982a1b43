import { describe, expect, it } from 'vitest';
import { inertProblems } from './page-html-check.js';
// @ts-expect-error plain browser ES module without types
import { renderBlocks, renderModal, renderMrkdwn } from '../../sandbox/page/render.js';

const ctx = {
  users: [
    { id: 'U1', name: 'alice' },
    { id: 'UBOT', name: 'opsbot', isBot: true },
  ],
  channels: [{ id: 'C1', name: 'ops' }],
};
const plain = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });

describe('renderMrkdwn', () => {
  it('formats bold, italic, strike, code and pre', () => {
    expect(renderMrkdwn('*bold* _it_ ~gone~ `x*y*`')).toBe('<b>bold</b> <i>it</i> <s>gone</s> <code>x*y*</code>');
    expect(renderMrkdwn('```\nline *1*\n```')).toBe('<pre>line *1*</pre>');
    expect(renderMrkdwn('_*both*_')).toBe('<i><b>both</b></i>');
  });

  it('leaves snake_case, lone asterisks and trailing-space markers alone', () => {
    expect(renderMrkdwn('my_service_name 2 * 3 * 4 *no *')).toBe('my_service_name 2 * 3 * 4 *no *');
  });

  it('renders links, channel and user mentions with names', () => {
    expect(renderMrkdwn('<https://example.com/a?b=1&amp;c=2|the *docs*>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the *docs*</a>',
    );
    expect(renderMrkdwn('<https://example.com>')).toContain('>https://example.com</a>');
    expect(renderMrkdwn('<#C1|ops> <#C1> <@U1> <@U9>', ctx)).toBe(
      '<span class="mention channel" data-channel-id="C1">#ops</span> <span class="mention channel" data-channel-id="C1">#ops</span> ' +
        '<span class="mention" data-user-id="U1">@alice</span> <span class="mention" data-user-id="U9">@U9</span>',
    );
    expect(renderMrkdwn('<!here>')).toBe('<span class="mention special">@here</span>');
  });

  it('maps emoji codes to unicode and leaves unknown codes and times alone', () => {
    const codes = [
      'white_check_mark',
      'warning',
      'x',
      'rocket',
      'rotating_light',
      'large_green_circle',
      'red_circle',
      'hourglass_flowing_sand',
      'pushpin',
    ];
    expect(renderMrkdwn(codes.map((c) => `:${c}:`).join(' '))).toBe('✅ ⚠️ ❌ 🚀 🚨 🟢 🔴 ⏳ 📌');
    expect(renderMrkdwn(':not_an_emoji: at 10:30:45')).toBe(':not_an_emoji: at 10:30:45');
    expect(renderMrkdwn('`:rocket:`')).toBe('<code>:rocket:</code>');
  });

  it('renders quotes and line breaks', () => {
    expect(renderMrkdwn('> quoted\nnext')).toBe('<span class="quote">quoted</span><br>next');
  });

  it('escapes HTML, including Slack-escaped entities, and refuses dangerous links', () => {
    expect(renderMrkdwn('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(renderMrkdwn('&lt;script&gt; & "q" \'s\'')).toBe('&lt;script&gt; &amp; &quot;q&quot; &#39;s&#39;');
    expect(renderMrkdwn('<javascript:alert(1)|click>')).toBe('&lt;javascript:alert(1)|click&gt;');
    expect(renderMrkdwn('<https://x.io|<img src=x onerror=alert(1)>>')).not.toContain('<img');
    expect(renderMrkdwn('`<b>` ```<i>```')).toBe('<code>&lt;b&gt;</code> <pre>&lt;i&gt;</pre>');
  });
});

describe('renderBlocks', () => {
  it('header, divider and plain text emoji', () => {
    const html = renderBlocks([{ type: 'header', block_id: 'h', text: plain(':rocket: Deploy') }, { type: 'divider' }]);
    expect(html).toContain('<div class="blk blk-header" data-block-id="h">🚀 Deploy</div>');
    expect(html).toContain('<hr class="blk blk-divider" data-block-id="block-1">');
  });

  it('section with mrkdwn text, a 2-column field grid and a button accessory', () => {
    const html = renderBlocks(
      [
        {
          type: 'section',
          block_id: 's',
          text: md('*Deploy* <@U1>'),
          fields: [md('*Service*\napi'), plain('v1')],
          accessory: { type: 'button', action_id: 'go', text: plain('Go'), value: 'v-1' },
        },
      ],
      ctx,
    );
    expect(html).toContain(
      '<div class="section-text"><b>Deploy</b> <span class="mention" data-user-id="U1">@alice</span></div>',
    );
    expect(html).toContain(
      '<div class="section-fields"><div class="field"><b>Service</b><br>api</div><div class="field">v1</div></div>',
    );
    expect(html).toMatch(
      /<div class="accessory"><button type="button" class="btn" data-type="button" data-action-id="go" data-block-id="s" data-dispatch="1" data-value="v-1">Go<\/button><\/div>/,
    );
  });

  it('section accessories: image, overflow and static_select with initial option', () => {
    const html = renderBlocks([
      {
        type: 'section',
        block_id: 'a',
        text: md('x'),
        accessory: { type: 'image', image_url: 'https://x.io/a.png', alt_text: 'pic' },
      },
      {
        type: 'section',
        block_id: 'b',
        text: md('x'),
        accessory: { type: 'overflow', action_id: 'more', options: [{ text: plain('Logs'), value: 'logs' }] },
      },
      {
        type: 'section',
        block_id: 'c',
        text: md('x'),
        accessory: {
          type: 'static_select',
          action_id: 'pick',
          placeholder: plain('Choose'),
          options: [
            { text: plain('One'), value: '1' },
            { text: plain('Two'), value: '2' },
          ],
          initial_option: { text: plain('Two'), value: '2' },
        },
      },
    ]);
    expect(html).toContain('<img class="el-image" src="https://x.io/a.png" alt="pic">');
    expect(html).toContain(
      '<select class="el-overflow" aria-label="More actions" data-type="overflow" data-action-id="more" data-block-id="b" data-dispatch="1"><option value="" selected>⋯</option><option value="logs"',
    );
    expect(html).toContain(
      'data-type="static_select" data-action-id="pick" data-block-id="c" data-stateful="1" data-dispatch="1"><option value="">Choose</option>',
    );
    expect(html).toMatch(/<option value="2" data-option="[^"]*" selected>Two<\/option>/);
    expect(html).toContain(
      'data-option="{&quot;text&quot;:{&quot;type&quot;:&quot;plain_text&quot;,&quot;text&quot;:&quot;One&quot;},&quot;value&quot;:&quot;1&quot;}"',
    );
  });

  it('context with mrkdwn, plain text and images', () => {
    const html = renderBlocks([
      {
        type: 'context',
        block_id: 'k',
        elements: [md(':warning: *hot*'), plain('plain'), { type: 'image', image_url: '/a.png', alt_text: 'a' }],
      },
    ]);
    expect(html).toBe(
      '<div class="blocks"><div class="blk blk-context" data-block-id="k"><span class="ctx-text">⚠️ <b>hot</b></span><span class="ctx-text">plain</span><img class="ctx-image" src="/a.png" alt="a"></div></div>',
    );
  });

  it('actions: primary/danger buttons, confirm, url buttons, selects, datepicker', () => {
    const confirm = { title: plain('Sure?'), text: plain('Really'), confirm: plain('Yes'), deny: plain('No') };
    const html = renderBlocks(
      [
        {
          type: 'actions',
          block_id: 'act',
          elements: [
            { type: 'button', action_id: 'ok', text: plain('Approve'), style: 'primary', value: 'a' },
            { type: 'button', action_id: 'no', text: plain('Reject'), style: 'danger', value: 'r', confirm },
            { type: 'button', action_id: 'link', text: plain('Logs'), url: 'https://logs.example.com' },
            { type: 'users_select', action_id: 'who', initial_user: 'U1' },
            { type: 'datepicker', action_id: 'day', initial_date: '2024-05-01' },
            { type: 'button', text: plain('No id') },
          ],
        },
      ],
      ctx,
    );
    expect(html).toContain(
      'class="btn btn-primary" data-type="button" data-action-id="ok" data-block-id="act" data-dispatch="1" data-value="a">Approve</button>',
    );
    expect(html).toContain('class="btn btn-danger"');
    expect(html).toContain(
      'data-confirm="{&quot;title&quot;:{&quot;type&quot;:&quot;plain_text&quot;,&quot;text&quot;:&quot;Sure?&quot;}',
    );
    expect(html).toContain('data-url="https://logs.example.com">Logs <span class="ext">↗</span></button>');
    expect(html).toMatch(/<option value="U1" data-option="[^"]*" selected>alice<\/option>/);
    expect(html).toContain(
      '<input type="date" class="el-input el-date" value="2024-05-01" data-type="datepicker" data-action-id="day"',
    );
    expect(html).toContain('data-action-id="action-5"');
  });

  it('marks elements of blocks without block_id, so their actions do not send an invented block id', () => {
    const html = renderBlocks([
      { type: 'actions', elements: [{ type: 'button', action_id: 'retry', text: plain('Retry') }] },
      { type: 'actions', block_id: 'x', elements: [{ type: 'button', action_id: 'y', text: plain('Y') }] },
    ]);
    expect(html).toContain('data-action-id="retry" data-block-id="block-0" data-block-synthetic="1"');
    expect(html).toContain('data-action-id="y" data-block-id="x" data-dispatch="1"');
  });

  it('image block with title', () => {
    expect(
      renderBlocks([
        { type: 'image', block_id: 'i', image_url: 'https://x.io/c.png', alt_text: 'chart', title: plain('CPU') },
      ]),
    ).toBe(
      '<div class="blocks"><figure class="blk blk-image" data-block-id="i"><figcaption>CPU</figcaption><img src="https://x.io/c.png" alt="chart"></figure></div>',
    );
  });

  it('rich_text: styled paragraphs, lists, code and quotes', () => {
    const html = renderBlocks(
      [
        {
          type: 'rich_text',
          block_id: 'r',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'hi ', style: { bold: true } },
                { type: 'user', user_id: 'U1' },
                { type: 'emoji', name: 'rocket' },
              ],
            },
            {
              type: 'rich_text_list',
              style: 'ordered',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
            },
            { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'code' }] },
            { type: 'rich_text_quote', elements: [{ type: 'link', url: 'https://a.io', text: 'a' }] },
          ],
        },
      ],
      ctx,
    );
    expect(html).toContain(
      '<div class="rich-p"><b>hi </b><span class="mention" data-user-id="U1">@alice</span>🚀</div>',
    );
    expect(html).toContain(
      '<ol><li>one</li></ol><pre>code</pre><blockquote><a href="https://a.io" target="_blank" rel="noopener noreferrer">a</a></blockquote>',
    );
  });

  it('input blocks: every supported element, optional marker, hint', () => {
    const opt = (v: string) => ({ text: plain(v.toUpperCase()), value: v });
    const html = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'a',
          label: plain('Reason'),
          hint: plain('Be brief'),
          element: { type: 'plain_text_input', action_id: 'r', multiline: true, initial_value: 'x' },
        },
        {
          type: 'input',
          block_id: 'b',
          label: plain('Title'),
          optional: true,
          element: { type: 'plain_text_input', action_id: 't', placeholder: plain('Type') },
        },
        {
          type: 'input',
          block_id: 'c',
          label: plain('Env'),
          element: { type: 'static_select', action_id: 'e', options: [opt('stg'), opt('prd')] },
        },
        { type: 'input', block_id: 'd', label: plain('Who'), element: { type: 'users_select', action_id: 'u' } },
        {
          type: 'input',
          block_id: 'e',
          label: plain('Mode'),
          element: { type: 'radio_buttons', action_id: 'm', options: [opt('a'), opt('b')], initial_option: opt('b') },
        },
        {
          type: 'input',
          block_id: 'f',
          label: plain('Checks'),
          element: { type: 'checkboxes', action_id: 'k', options: [opt('x'), opt('y')], initial_options: [opt('x')] },
        },
        {
          type: 'input',
          block_id: 'g',
          label: plain('Pct'),
          element: {
            type: 'number_input',
            action_id: 'n',
            is_decimal_allowed: false,
            min_value: '1',
            max_value: '100',
          },
        },
      ],
      { ...ctx, inView: true },
    );
    expect(html).toContain(
      '<div class="blk blk-input" data-block-id="a"><label class="input-label">Reason</label><textarea class="el-input" rows="4" data-type="plain_text_input" data-action-id="r" data-block-id="a" data-stateful="1">x</textarea><div class="hint">Be brief</div></div>',
    );
    expect(html).toContain(
      'data-optional="1"><label class="input-label">Title <span class="optional">(optional)</span></label><input type="text" class="el-input" placeholder="Type" value=""',
    );
    expect(html).toContain(
      '<select class="el-select" data-type="static_select" data-action-id="e" data-block-id="c" data-stateful="1"><option value="" selected>Select an option</option>',
    );
    expect(html).toMatch(
      /data-type="users_select"[^>]*><option value="" selected>Select an option<\/option><option value="U1"[^>]*>alice<\/option><option value="UBOT"/,
    );
    expect(html).toMatch(/<input type="radio" name="e::m" value="b" data-option="[^"]*" checked>/);
    expect(html).toMatch(/<input type="checkbox" name="f::k" value="x" data-option="[^"]*" checked>/);
    expect(html).toContain(
      '<input type="number" class="el-input" step="1" min="1" max="100" value="" data-type="number_input"',
    );
    expect(html).not.toContain('data-dispatch'); // inputs in a modal do not fire block_actions unless dispatch_action
  });

  it('marks unknown blocks and ignores junk', () => {
    expect(renderBlocks([{ type: 'fancy' }, null, 3] as unknown[])).toContain('Unsupported block: fancy');
    expect(renderBlocks(undefined)).toBe('');
  });
});

describe('renderModal', () => {
  const view = {
    type: 'modal',
    callback_id: 'cb',
    title: plain('Approve'),
    submit: plain('Ship it'),
    close: plain('Nope'),
    blocks: [
      { type: 'input', block_id: 'why', label: plain('Why'), element: { type: 'plain_text_input', action_id: 'w' } },
    ],
  };

  it('renders title, blocks, submit and close buttons', () => {
    const html = renderModal(view, { viewId: 'V1' });
    expect(html).toContain('data-view-id="V1" data-callback-id="cb"');
    expect(html).toContain('<h2 id="modal-title">Approve</h2>');
    expect(html).toContain(
      '<button type="button" class="btn" data-modal="close">Nope</button><button type="button" class="btn btn-primary" data-modal="submit">Ship it</button>',
    );
    expect(html).toContain('data-block-id="why"');
  });

  it('shows field errors under their inputs and a general error', () => {
    const html = renderModal(view, { viewId: 'V1', errors: { why: 'Say why' }, error: 'boom' });
    expect(html).toContain('<div class="blk blk-input has-error" data-block-id="why">');
    expect(html).toContain('<div class="input-error" role="alert">Say why</div>');
    expect(html).toContain('<div class="modal-error" role="alert">boom</div>');
  });

  it('defaults the close label to Cancel and omits submit when absent', () => {
    const html = renderModal({ type: 'modal', title: plain('Info'), blocks: [] }, { viewId: 'V2' });
    expect(html).toContain('data-modal="close">Cancel</button></footer>');
    expect(html).not.toContain('data-modal="submit"');
  });
});

describe('escaping in every text position', () => {
  it('the checker itself flags live markup', () => {
    expect(inertProblems('<b>ok</b> &lt;script&gt;')).toEqual([]);
    expect(inertProblems('<img src=x onerror=alert(1)>')).not.toEqual([]);
    expect(inertProblems('<a href="javascript:alert(1)">x</a>')).not.toEqual([]);
    expect(inertProblems('<div title="a" onclick="x">')).not.toEqual([]);
    expect(inertProblems('<div title="a"">')).not.toEqual([]);
    expect(inertProblems('<script>alert(1)</script>')).not.toEqual([]);
  });

  const X = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
  const t = () => plain(X);
  const m = () => md(X);
  const o = () => ({ text: t(), value: X, description: m() });
  const el = (type: string, extra: object = {}) => ({
    type,
    action_id: X,
    placeholder: t(),
    confirm: { title: t(), text: m(), confirm: t(), deny: t() },
    ...extra,
  });
  const blocks = [
    { type: 'header', block_id: X, text: t() },
    {
      type: 'section',
      block_id: X,
      text: m(),
      fields: [m(), t()],
      accessory: el('button', { text: t(), value: X, url: `javascript:${X}` }),
    },
    { type: 'section', text: t(), accessory: el('image', { image_url: `javascript:${X}`, alt_text: X }) },
    { type: 'section', text: m(), accessory: el('overflow', { options: [o()] }) },
    { type: 'divider', block_id: X },
    { type: 'context', elements: [m(), t(), { type: 'image', image_url: X, alt_text: X }] },
    {
      type: 'actions',
      block_id: X,
      elements: [
        el('button', { text: t(), value: X, style: X }),
        el('static_select', { options: [o()], initial_option: o() }),
        el('static_select', { option_groups: [{ label: t(), options: [o()] }] }),
        el('users_select', { initial_user: X }),
        el('datepicker', { initial_date: X }),
        el('multi_static_select', { options: [o()], initial_options: [o()] }),
        el(X),
      ],
    },
    { type: 'image', image_url: X, alt_text: X, title: t() },
    {
      type: 'rich_text',
      elements: [
        {
          type: 'rich_text_section',
          elements: [
            { type: 'text', text: X, style: { bold: true, code: true } },
            { type: 'link', url: X, text: X },
            { type: 'user', user_id: X },
            { type: 'channel', channel_id: X },
            { type: 'broadcast', range: X },
          ],
        },
        { type: 'rich_text_list', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: X }] }] },
        { type: 'rich_text_preformatted', elements: [{ type: 'text', text: X }] },
      ],
    },
    ...['plain_text_input', 'number_input', 'static_select', 'users_select', 'radio_buttons', 'checkboxes'].map(
      (type) => ({
        type: 'input',
        block_id: X,
        label: t(),
        hint: m(),
        optional: true,
        element: el(type, {
          initial_value: X,
          options: [o()],
          initial_option: o(),
          initial_options: [o()],
          min_value: X,
          max_value: X,
          max_length: X,
        }),
      }),
    ),
    { type: 'markdown', text: X },
    { type: X },
  ];
  const users = [{ id: X, name: X }];
  const channels = [{ id: X, name: X }];

  function expectInert(html: string) {
    const problems = inertProblems(html);
    expect(problems, problems.join('\n')).toEqual([]);
  }

  it('renderMrkdwn', () =>
    expectInert(
      renderMrkdwn(`${X} *${X}* <${X}|${X}> <@${X}> <#${X}|${X}> \`${X}\` \`\`\`${X}\`\`\``, { users, channels }),
    ));
  it('renderBlocks in messages', () => expectInert(renderBlocks(blocks, { users, channels })));
  it('renderBlocks in views', () =>
    expectInert(renderBlocks(blocks, { users, channels, inView: true, errors: { [X]: X } })));
  it('renderModal', () => {
    const view = { type: 'modal', callback_id: X, title: t(), submit: t(), close: t(), blocks };
    expectInert(renderModal(view, { viewId: X, users, channels, errors: { [X]: X }, error: X }));
  });
});
