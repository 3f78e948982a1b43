/**
 * A tiny in-memory stand-in for the sandbox page API (GET /sandbox/api/state + the POST endpoints), serving the
 * page files from sandbox/page. Used by the page tests and for developing the page without the real stand-in.
 * Run by hand: node --experimental-strip-types test/sandbox/fake-page-api.ts [port]   (Node 22)
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sandbox', 'page');
const TYPES: Record<string, string> = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript' };

// biome-ignore lint/suspicious/noExplicitAny: the page's free-form JSON, read as the page reads it
type Json = Record<string, any>;
export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  username?: string;
  text: string;
  blocks?: Json[];
  ephemeral?: boolean;
  visibleTo?: string;
  files?: Json[];
  edited?: boolean;
  reactions?: Json[];
}
export interface FakeState {
  version: number;
  workspace: { name: string };
  botUserId: string;
  users: Json[];
  currentUserId: string;
  channels: Json[];
  messages: FakeMessage[];
  views: Json[];
  commands: Json[];
}
export interface FakePageApi {
  url: string;
  state: FakeState;
  requests: Array<{ path: string; body: Json }>;
  bump(): void;
  close(): Promise<void>;
}

const BASE = Math.floor(Date.now() / 1000) - 900;
let seq = 0;
const ts = (offset: number) => `${BASE + offset}.${String(++seq).padStart(6, '0')}`;
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const md = (text: string) => ({ type: 'mrkdwn', text });

export const DEPLOY_TS = ts(60);

function deployBlocks(): Json[] {
  return [
    { type: 'header', block_id: 'deploy_header', text: plain(':rocket: Deploy request: api → production') },
    {
      type: 'section',
      block_id: 'deploy_summary',
      text: md('<@U001> wants to deploy *api* to production. Changes: <https://example.com/compare|3 commits>'),
      fields: [
        md('*Service*\napi'),
        md('*Version*\n`v1.4.2`'),
        md('*Environment*\nproduction'),
        md('*Risk*\n:large_green_circle: low'),
      ],
      accessory: {
        type: 'overflow',
        action_id: 'deploy_more',
        options: [
          { text: plain('View diff'), value: 'diff' },
          { text: plain('Cancel request'), value: 'cancel' },
        ],
      },
    },
    {
      type: 'context',
      block_id: 'deploy_context',
      elements: [md(':hourglass_flowing_sand: Waiting for approval · requested by <@U001> · expires in 30 min')],
    },
    {
      type: 'actions',
      block_id: 'deploy_actions',
      elements: [
        { type: 'button', action_id: 'deploy_approve', text: plain('Approve'), style: 'primary', value: 'dep-42' },
        {
          type: 'button',
          action_id: 'deploy_reject',
          text: plain('Reject'),
          style: 'danger',
          value: 'dep-42',
          confirm: {
            title: plain('Reject deploy?'),
            text: plain('The requester will be notified.'),
            confirm: plain('Reject'),
            deny: plain('Keep'),
          },
        },
        {
          type: 'button',
          action_id: 'deploy_logs',
          text: plain('View logs'),
          url: 'https://console.cloud.google.com/run',
        },
      ],
    },
  ];
}

function approveModal(): Json {
  const opt = (text: string, value: string) => ({ text: plain(text), value });
  return {
    type: 'modal',
    callback_id: 'deploy_approve_modal',
    private_metadata: 'dep-42',
    title: plain('Approve deploy'),
    submit: plain('Approve'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', block_id: 'intro', text: md('Approve *api* `v1.4.2` for *production*?') },
      {
        type: 'input',
        block_id: 'reason',
        label: plain('Reason'),
        element: {
          type: 'plain_text_input',
          action_id: 'reason_input',
          multiline: true,
          placeholder: plain('Why is this safe?'),
        },
      },
      {
        type: 'input',
        block_id: 'env',
        label: plain('Environment'),
        element: {
          type: 'static_select',
          action_id: 'env_select',
          options: [opt('staging', 'staging'), opt('production', 'production')],
          initial_option: opt('production', 'production'),
        },
      },
      {
        type: 'input',
        block_id: 'approver',
        optional: true,
        label: plain('Second approver'),
        element: { type: 'users_select', action_id: 'approver_select', placeholder: plain('Pick someone') },
      },
      {
        type: 'input',
        block_id: 'strategy',
        label: plain('Strategy'),
        element: {
          type: 'radio_buttons',
          action_id: 'strategy_radio',
          options: [opt('Canary', 'canary'), opt('All at once', 'all')],
          initial_option: opt('Canary', 'canary'),
        },
      },
      {
        type: 'input',
        block_id: 'checks',
        optional: true,
        label: plain('After deploy'),
        element: {
          type: 'checkboxes',
          action_id: 'checks_boxes',
          options: [opt('Run smoke tests', 'smoke'), opt('Notify #general', 'notify')],
        },
      },
      {
        type: 'input',
        block_id: 'rollout',
        label: plain('Rollout %'),
        hint: plain('1–100'),
        element: { type: 'number_input', action_id: 'pct', is_decimal_allowed: false, initial_value: '10' },
      },
    ],
  };
}

function initialState(): FakeState {
  return {
    version: 1,
    workspace: { name: 'Acme Ops' },
    botUserId: 'UBOT',
    users: [
      { id: 'UBOT', name: 'opsbot', isBot: true },
      { id: 'U001', name: 'alice' },
      { id: 'U002', name: 'bob' },
    ],
    currentUserId: 'U001',
    channels: [
      { id: 'C001', name: 'ops', topic: 'Deploys, rollbacks and incidents', purpose: '' },
      { id: 'C002', name: 'general', topic: '', purpose: 'Company-wide chatter' },
    ],
    messages: [
      {
        channel: 'C001',
        ts: ts(0),
        user: 'U002',
        text: 'Morning! Is the _api_ fix ready? <@UBOT> can you check #ops status?',
      },
      { channel: 'C001', ts: ts(20), user: 'U001', text: 'Yes, requesting the deploy now :rocket:' },
      {
        channel: 'C001',
        ts: DEPLOY_TS,
        user: 'UBOT',
        text: 'Deploy request: api → production',
        blocks: deployBlocks(),
      },
      { channel: 'C001', ts: ts(120), threadTs: DEPLOY_TS, user: 'U002', text: 'Looks good to me :white_check_mark:' },
      {
        channel: 'C001',
        ts: ts(180),
        user: 'UBOT',
        text: 'CPU usage for *api* (last hour)',
        files: [{ id: 'F1', title: 'cpu-api.png', url: '/files/cpu-chart.png', mimetype: 'image/png' }],
      },
      {
        channel: 'C001',
        ts: ts(200),
        user: 'UBOT',
        text: ':warning: Only you can see this: your approval token expires in 3 days.',
        ephemeral: true,
        visibleTo: 'U001',
      },
      { channel: 'C001', ts: ts(210), user: 'UBOT', text: 'Secret for bob only', ephemeral: true, visibleTo: 'U002' },
      { channel: 'C002', ts: ts(30), user: 'U002', text: 'Lunch at noon? :tada:' },
    ].sort((a, b) => Number(a.ts) - Number(b.ts)),
    views: [],
    commands: [
      { command: '/ops', usage: '/ops status [service]', description: 'Health of one or all services' },
      { command: '/ops', usage: '/ops deploy <service> <version>', description: 'Request a deploy' },
      { command: '/ops', usage: '/ops rollback <service>', description: 'Roll back to the previous release' },
    ],
  };
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? (JSON.parse(raw) as Json) : {};
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

export async function startFakePageApi(port = 0): Promise<FakePageApi> {
  const state = initialState();
  const requests: Array<{ path: string; body: Json }> = [];
  const bump = () => {
    state.version += 1;
  };
  const post = (channel: string, text: string, extra: Partial<FakeMessage> = {}) => {
    state.messages.push({
      channel,
      ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`,
      user: 'UBOT',
      text,
      ...extra,
    });
  };
  const deploy = () => state.messages.find((m) => m.ts === DEPLOY_TS)!;
  const resolveDeploy = (line: string) => {
    const message = deploy();
    message.blocks = [
      ...deployBlocks().slice(0, 2),
      { type: 'context', block_id: 'deploy_context', elements: [md(line)] },
    ];
    message.edited = true;
  };

  const api: Record<string, (body: Json) => Json> = {
    user: (body) => {
      state.currentUserId = String(body.userId);
      return { ok: true };
    },
    message: (body) => {
      state.messages.push({
        channel: body.channel,
        ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`,
        user: state.currentUserId,
        text: String(body.text),
        ...(body.threadTs ? { threadTs: body.threadTs } : {}),
      });
      return { ok: true };
    },
    command: (body) => {
      const [command = '', sub = '', arg = ''] = String(body.text).trim().split(/\s+/);
      if (command !== '/ops') return { ok: false, error: `unknown command ${command}` };
      if (sub === 'status') {
        post(body.channel, `Status of ${arg || 'all services'}`, {
          blocks: [
            { type: 'header', text: plain(`Status: ${arg || 'all services'}`) },
            {
              type: 'section',
              fields: [md('*api*\n:large_green_circle: healthy'), md('*worker*\n:red_circle: 3 errors/min')],
            },
            { type: 'context', elements: [md(`Asked by <@${state.currentUserId}>`)] },
          ],
        });
      } else
        post(body.channel, `:x: Unknown subcommand \`${sub}\`. Try \`/ops status\`.`, {
          ephemeral: true,
          visibleTo: state.currentUserId,
        });
      return { ok: true };
    },
    action: (body) => {
      if (body.actionId === 'deploy_approve')
        state.views.push({ id: `V${++seq}`, userId: state.currentUserId, view: approveModal() });
      else if (body.actionId === 'deploy_reject') resolveDeploy(`:x: Rejected by <@${state.currentUserId}>`);
      else if (body.actionId === 'forbidden') return { ok: false, error: 'not_allowed' };
      return { ok: true };
    },
    'view-submission': (body) => {
      const pct = Number(body.values?.rollout?.pct?.value);
      if (!(pct >= 1 && pct <= 100)) return { ok: false, errors: { rollout: 'Rollout must be between 1 and 100' } };
      state.views = state.views.filter((v) => v.id !== body.viewId);
      resolveDeploy(
        `:white_check_mark: Approved by <@${state.currentUserId}> · ${body.values?.strategy?.strategy_radio?.selected_option?.value} at ${pct}%`,
      );
      return { ok: true };
    },
    'view-close': (body) => {
      state.views = state.views.filter((v) => v.id !== body.viewId);
      return { ok: true };
    },
    reaction: (body) => {
      const message = state.messages.find((m) => m.channel === body.channel && m.ts === body.ts);
      if (!message) return { ok: false, error: 'message_not_found' };
      message.reactions = [{ name: body.name, count: 1, users: [state.currentUserId] }];
      return { ok: true };
    },
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method === 'GET' && path === '/sandbox/api/state') return send(res, 200, state);
      if (req.method === 'POST' && path.startsWith('/sandbox/api/')) {
        const name = path.slice('/sandbox/api/'.length);
        const handler = api[name];
        if (!handler) return send(res, 404, { ok: false, error: 'unknown_method' });
        const body = await readJson(req);
        requests.push({ path, body });
        const answer = handler(body);
        bump();
        return send(res, 200, answer);
      }
      if (path === '/files/cpu-chart.png') return send(res, 200, chartPng(), 'image/png');
      const file = path === '/' ? 'index.html' : /^\/page\/([a-z-]+\.(js|css))$/.exec(path)?.[1];
      if (req.method === 'GET' && file) {
        const text = await readFile(join(PAGE_DIR, file));
        return send(res, 200, text, `${TYPES[file.slice(file.lastIndexOf('.'))]}; charset=utf-8`);
      }
      return send(res, 404, { ok: false, error: 'not_found' });
    })().catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    state,
    requests,
    bump,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- a small PNG line chart, so the page has a real image to show -----------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
let cachedPng: Buffer | undefined;
export function chartPng(width = 420, height = 160): Buffer {
  if (cachedPng) return cachedPng;
  const px = Buffer.alloc(width * height * 3, 255);
  const set = (x: number, y: number, [r, g, b]: number[]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (y * width + x) * 3;
    px[i] = r!;
    px[i + 1] = g!;
    px[i + 2] = b!;
  };
  for (let y = 20; y < height; y += 35) for (let x = 0; x < width; x += 1) set(x, y, [232, 232, 232]);
  const value = (x: number) =>
    height * 0.55 - Math.sin(x / 37) * 28 - Math.sin(x / 11) * 9 - (x > 300 ? (x - 300) * 0.45 : 0);
  for (let x = 0; x < width; x += 1) {
    const y0 = Math.round(value(x));
    for (let y = y0 + 2; y < height; y += 1) set(x, y, [222, 238, 250]);
    for (let d = -1; d <= 1; d += 1) set(x, y0 + d, [18, 100, 163]);
  }
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) px.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  cachedPng = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return cachedPng;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startFakePageApi(Number(process.argv[2] ?? 3000));
  console.log(`fake sandbox page API at ${running.url}/`);
}
