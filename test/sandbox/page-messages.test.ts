import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inertProblems } from './page-html-check.js';
import {
  compareTs,
  renderMessages,
  threadMessages,
  visibleMessages,
  // @ts-expect-error plain browser ES module without types
} from '../../sandbox/page/messages.js';
// @ts-expect-error plain browser ES module without types
import { renderChannelList, renderCommandList, renderUserOptions } from '../../sandbox/page/sidebar.js';

const X = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';

function state(overrides: Record<string, unknown> = {}) {
  return {
    version: 1,
    workspace: { name: 'Acme' },
    botUserId: 'UBOT',
    users: [
      { id: 'UBOT', name: 'opsbot', isBot: true },
      { id: 'U1', name: 'alice' },
      { id: 'U2', name: 'bob' },
    ],
    currentUserId: 'U1',
    channels: [
      { id: 'C1', name: 'ops', topic: 't', purpose: '' },
      { id: 'C2', name: 'general', topic: '', purpose: '' },
    ],
    messages: [
      { channel: 'C1', ts: '100.000002', user: 'U1', text: 'second' },
      { channel: 'C1', ts: '100.000001', user: 'U2', text: 'first *bold*' },
      {
        channel: 'C1',
        ts: '200.000000',
        user: 'UBOT',
        text: 'fallback',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Deploy' } }],
        edited: true,
      },
      { channel: 'C1', ts: '210.000000', threadTs: '200.000000', user: 'U2', text: 'a reply' },
      { channel: 'C1', ts: '220.000000', user: 'UBOT', text: 'for alice', ephemeral: true, visibleTo: 'U1' },
      { channel: 'C1', ts: '230.000000', user: 'UBOT', text: 'for bob', ephemeral: true, visibleTo: 'U2' },
      {
        channel: 'C1',
        ts: '240.000000',
        user: 'UBOT',
        text: 'chart',
        files: [
          { id: 'F1', title: 'cpu.png', url: '/files/cpu.png', mimetype: 'image/png' },
          { id: 'F2', title: 'log.txt', url: '/files/log.txt', mimetype: 'text/plain' },
        ],
      },
      { channel: 'C2', ts: '150.000000', user: 'U2', text: 'elsewhere' },
    ],
    views: [],
    commands: [{ command: '/ops', usage: '/ops status [service]', description: 'Health' }],
    ...overrides,
  };
}

describe('message list', () => {
  it('compares Slack timestamps exactly', () => {
    expect(compareTs('1712345678.000100', '1712345678.000099')).toBeGreaterThan(0);
    expect(compareTs('99.9', '100.0')).toBeLessThan(0);
    expect(compareTs('5.1', '5.100000')).toBe(0);
  });

  it('shows a channel oldest first, with ephemerals only for their addressee', () => {
    const s = state();
    expect(visibleMessages(s, 'C1').map((m: { text: string }) => m.text)).toEqual([
      'first *bold*',
      'second',
      'fallback',
      'a reply',
      'for alice',
      'chart',
    ]);
    expect(visibleMessages({ ...s, currentUserId: 'U2' }, 'C1').map((m: { text: string }) => m.text)).toContain(
      'for bob',
    );
  });

  it('groups replies under their parent', () => {
    const { top, replies } = threadMessages(visibleMessages(state(), 'C1'));
    expect(top.map((m: { ts: string }) => m.ts)).not.toContain('210.000000');
    expect(replies.get('200.000000').map((m: { text: string }) => m.text)).toEqual(['a reply']);
  });

  it('renders authors, blocks instead of text, edited marks, ephemerals, files and thread toggles', () => {
    const html = renderMessages(state(), { channelId: 'C1', openThreads: new Set() });
    expect(html).toContain('<span class="author">bob</span>');
    expect(html).toContain('<span class="author">opsbot</span><span class="app-badge">APP</span>');
    expect(html).toContain('first <b>bold</b>');
    expect(html).toContain('<div class="blk blk-header" data-block-id="block-0">Deploy</div>');
    expect(html).not.toContain('fallback');
    expect(html).toContain('<span class="edited">(edited)</span>');
    expect(html).toContain('Only visible to you');
    expect(html).not.toContain('for bob');
    expect(html).toContain('<img src="/files/cpu.png" alt="cpu.png">');
    expect(html).toContain('📎 <a href="/files/log.txt"');
    expect(html).toContain('data-thread-toggle="200.000000" aria-expanded="false">▸ 1 reply</button>');
    expect(html).not.toContain('a reply');
    expect(html).toContain('data-react="200.000000"');
    const open = renderMessages(state(), { channelId: 'C1', openThreads: new Set(['200.000000']) });
    expect(open).toContain('a reply');
    expect(open).toContain('class="thread-reply" data-thread-ts="200.000000"');
  });

  it('collapses consecutive messages from the same author', () => {
    const s = state({
      messages: [
        { channel: 'C1', ts: '100.0', user: 'U1', text: 'one' },
        { channel: 'C1', ts: '110.0', user: 'U1', text: 'two' },
      ],
    });
    const html = renderMessages(s, { channelId: 'C1', openThreads: new Set() });
    expect(html.match(/class="author"/g)).toHaveLength(1);
    expect(html).toContain('class="msg compact"');
  });

  it('shows an empty state', () => {
    expect(renderMessages(state({ messages: [] }), { channelId: 'C1', openThreads: new Set() })).toContain(
      'No messages yet',
    );
  });

  it('escapes user-controlled names and texts', () => {
    const s = state({
      users: [{ id: 'U1', name: X }],
      channels: [{ id: 'C1', name: X, topic: X, purpose: X }],
      messages: [
        {
          channel: 'C1',
          ts: '1.0',
          user: 'U1',
          username: X,
          text: X,
          files: [{ id: X, title: X, url: `javascript:${X}`, mimetype: 'image/png' }],
          attachments: [{ color: X, title: X, text: X, fields: [{ title: X, value: X }] }],
          reactions: [{ name: X, count: X }],
        },
      ],
      commands: [{ command: X, usage: X, description: X }],
    });
    const html = [
      renderMessages(s, { channelId: 'C1', openThreads: new Set() }),
      renderChannelList(s, 'C1', new Set(['C1'])),
      renderUserOptions(s),
      renderCommandList(s),
    ].join('');
    const problems = inertProblems(html);
    expect(problems, problems.join('\n')).toEqual([]);
    expect(html).not.toContain('javascript:');
  });
});

describe('sidebar', () => {
  it('lists channels with the active one and unread dots', () => {
    const html = renderChannelList(state(), 'C1', new Set(['C2']));
    expect(html).toContain('class="channel active" data-channel-id="C1"><span class="hash">#</span>ops</button>');
    expect(html).toContain(
      'class="channel unread" data-channel-id="C2"><span class="hash">#</span>general<span class="unread-dot"',
    );
  });

  it('offers only human users in the "You are" select, with the current one selected', () => {
    expect(renderUserOptions(state())).toBe(
      '<option value="U1" selected>alice</option><option value="U2">bob</option>',
    );
  });

  it('says so when no commands are registered', () => {
    expect(renderCommandList(state({ commands: [] }))).toContain('No commands registered yet');
  });

  it('lists commands with usage', () => {
    expect(renderCommandList(state())).toBe(
      '<li><button type="button" class="cmd" data-usage="/ops status [service]" title="Health"><code>/ops status [service]</code><span class="cmd-desc">Health</span></button></li>',
    );
  });
});

describe('page files', () => {
  const dir = join(import.meta.dirname, '..', '..', 'sandbox', 'page');
  const files = readdirSync(dir);

  it('load nothing from the network (no CDN, no remote fonts)', () => {
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/(src|href)=["']https?:|url\(\s*["']?https?:|@import|from\s+["']https?:/);
    }
  });

  it('index.html references only files that exist, relative to /', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\.\/page\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual(['app.js', 'style.css']);
    for (const ref of refs) expect(files).toContain(ref);
  });

  it('every module import points at a sibling file', () => {
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const [, target] of text.matchAll(/from '\.\/([^']+)'/g))
        expect(files, `${file} imports ${target}`).toContain(target);
    }
  });
});
