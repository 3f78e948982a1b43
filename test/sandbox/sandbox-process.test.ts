/**
 * `npm start` as a newcomer meets it (issue 10 part 5, issue 11 finding 8): `node dist/sandbox-bundle/main.js` with no
 * tokens listens on 127.0.0.1 only, greets in #general with every demo, and web prod is in the demo freeze.
 * (npm test builds dist/ first.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/env.js';

const MAIN = 'dist/sandbox-bundle/main.js';
interface PageMessage {
  channel: string;
  user: string;
  username?: string;
  text: string;
  ephemeral?: boolean;
  visibleTo?: string;
  blocks?: unknown[];
}
interface PageState {
  channels: { id: string; name: string }[];
  messages: PageMessage[];
}

let child: ChildProcess;
let dir: string;
let url = '';
let port = 0;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'chatops-sandbox-'));
  child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
    env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none', PORT: '0', CHATOPS_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line after 20 s: ${stdout}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Open http:\/\/localhost:(\d+)\//.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
  });
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child?.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const state = async (): Promise<PageState> => (await (await fetch(`${url}/sandbox/api/state`)).json()) as PageState;
const text = (m: PageMessage): string => [m.text, JSON.stringify(m.blocks ?? [])].join('\n');

/** Local addresses of the sockets listening on `port`, from the kernel's table (hex, as /proc/net/tcp writes them). */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].filter(existsSync).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A')
      .map((f) => f[1]!.split(':')[0]!),
  );
}

describe('npm start (the sandbox)', () => {
  it('listens on 127.0.0.1 only', () => {
    if (!existsSync('/proc/net/tcp')) return; // Linux's table; elsewhere the settings test below still holds
    expect(listeners(port)).toEqual(['0100007F']);
  });

  it('binds to 127.0.0.1 unless HOST says otherwise; outside the sandbox, every interface (Cloud Run)', () => {
    expect(loadSettings({}).host).toBe('127.0.0.1');
    expect(loadSettings({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh123' }).host).toBeUndefined();
    expect(
      loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh123', HOST: '10.0.0.2' }).host,
    ).toBe('10.0.0.2');
    expect(() => loadSettings({ HOST: 'http://x/' })).toThrow(/HOST: expected a host name or IP address/);
  });

  it('welcomes in #general, naming every demo: the failing canary, the freeze, Home', async () => {
    const s = await state();
    const general = s.channels.find((c) => c.name === 'general')!;
    const welcome = s.messages.find((m) => m.channel === general.id && m.username === 'Sandbox guide');
    expect(welcome?.text).toContain('Welcome to the ChatOps sandbox');
    expect(welcome?.text).toContain('`/deploy api staging demo-failing-canary`');
    expect(welcome?.text).toContain('`/deploy api staging demo-slow-canary`');
    expect(welcome?.text).toMatch(
      /`\/deploy web prod`: refused, because web prod is in the freeze window "Sandbox demo freeze" until the end of \w{3} \d+ \w{3} \(Europe\/Berlin\)\./,
    );
    expect(welcome?.text).toContain('*Home*');
  });

  it('refuses /deploy web prod inside the demo freeze, while api prod plans as before', async () => {
    const command = (text: string, channel: string) =>
      fetch(`${url}/sandbox/api/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ text, channel }),
      });
    const s = await state();
    const deploys = s.channels.find((c) => c.name === 'deploys')!.id;
    expect((await command('/deploy web prod', deploys)).status).toBe(200);
    const refusal = await waitFor(async () =>
      (await state()).messages.find((m) => m.channel === deploys && m.ephemeral && /Deploys are frozen/.test(text(m))),
    );
    expect(text(refusal)).toMatch(/Deploys are frozen: \\?"Sandbox demo freeze\\?" until/);
    expect((await command('/deploy api prod', deploys)).status).toBe(200);
    const plan = await waitFor(async () =>
      (await state()).messages.find((m) => m.text.startsWith('Deployment Plan: api → prod')),
    );
    expect(text(plan)).toContain('outside every freeze window');
  });
});
