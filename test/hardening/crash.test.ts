/**
 * Crash: SIGKILL mid-work, then start again on the same data. Nothing recorded is lost, the store opens
 * cleanly, and the restarted bot serves what was recorded.
 *
 * What records today is the store itself (no command writes yet), so the "work" is two processes on one
 * SQLite file, as the bot and its workflows will be: the bot serving `/ops status` requests still in flight,
 * and a writer appending deploy records and audit entries as fast as it can and printing each one the store
 * acknowledged. Both are killed at once; every acknowledged write must be there after the restart.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../bench/processes.js';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { DEPLOYMENTS } from '../../src/domain/deployment.js';
import { textOf } from '../support/harness.js';
import { startChildBot, sleep, type ChildBot } from './child-bot.js';
import { expectNoSecrets } from './support.js';

const WRITER = `
const { openSqliteStore } = await import(process.env.STORE_MODULE);
const store = openSqliteStore(process.env.DB);
const base = Date.parse('2026-11-01T00:00:00Z');
for (let i = 0; ; i += 1) {
  const id = 'crash-' + i;
  const sha = i.toString(16).padStart(7, '0') + 'f'.repeat(33);
  await store.create({ name: '${DEPLOYMENTS.name}', parse: (data) => data }, id, { id, service: 'web', environment: 'prod', ref: 'main', sha, status: 'succeeded', requestedBy: 'U0SAM00002', requestedAt: new Date(base + i * 60000).toISOString(), strategy: 'cloud-run', approvers: [], requiredApprovals: 0, approvals: [], steps: [] });
  await store.appendAudit({ actor: 'U0SAM00002', action: 'deploy.request', target: 'service:web/prod', details: { deploymentId: id } });
  process.stdout.write(i + '\\n');
}`;

let bot: ChildBot | undefined;
afterAll(async () => bot?.cleanup());

describe('SIGKILL mid-work', () => {
  it('loses nothing recorded; the restarted bot opens the store and serves it', async () => {
    bot = await startChildBot();
    const db = join(bot.dataDir, 'chatops.sqlite');
    const writer = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', WRITER],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DB: db,
          STORE_MODULE: join(ROOT, 'dist', 'src', 'adapters', 'sqlite', 'sqlite-store.js'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let acknowledged = -1;
    let writerErrors = '';
    writer.stdout.on('data', (chunk: Buffer) => {
      const last = chunk.toString().trim().split('\n').at(-1);
      if (last) acknowledged = Number(last);
    });
    writer.stderr.on('data', (chunk: Buffer) => (writerErrors += chunk.toString()));
    const writerExit = new Promise((resolve) => writer.once('exit', resolve));

    // Work in flight in the bot: status reads that Cloud Run answers slowly, acked but not reported yet.
    bot.sandbox.cloudRun.faults.inject(/services\/(api|web|worker)$/, { kind: 'timeout', ms: 5000 }, 100);
    const acks = await Promise.all(
      Array.from({ length: 10 }, () => bot!.sandbox.slack.slashCommand({ text: '/ops status', channel: 'ops' })),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    for (let i = 0; i < 500 && acknowledged < 200; i += 1) await sleep(10);
    expect(acknowledged, `the writer wrote (stderr: ${writerErrors})`).toBeGreaterThanOrEqual(200);

    writer.kill('SIGKILL');
    await bot.server.stop('SIGKILL');
    await writerExit;
    const lastAcknowledged = acknowledged;
    expect(bot.sandbox.slack.messagesIn('ops').some((m) => m.text.startsWith('Service Status'))).toBe(false); // it was mid-work

    bot.sandbox.cloudRun.faults.clear();
    await bot.restart();

    const check = new DatabaseSync(db, { readOnly: true });
    expect(check.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    check.close();
    const store = openSqliteStore(db);
    try {
      for (let i = 0; i <= lastAcknowledged; i += 1)
        expect(await store.get(DEPLOYMENTS, `crash-${i}`), `record crash-${i}`).not.toBeNull();
      const audit = await store.queryAudit({ target: 'service:web/prod', limit: 100_000 });
      const audited = new Set(audit.map((e) => (e.details as { deploymentId?: string }).deploymentId));
      for (let i = 0; i <= lastAcknowledged; i += 1)
        expect(audited.has(`crash-${i}`), `audit of crash-${i}`).toBe(true);
    } finally {
      await store.close();
    }

    // The restarted bot reads the same records: its last deploy of web is at least the last acknowledged one.
    await bot.sandbox.slack.slashCommand({ text: '/ops status web', channel: 'ops' });
    const report = await bot.sandbox.slack.waitFor(
      () => bot!.sandbox.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status: web')),
      15_000,
    );
    const shown = /`([0-9a-f]{7})` to prod/.exec(textOf(report))?.[1];
    expect(shown, textOf(report)).toBeDefined();
    expect(parseInt(shown!, 16)).toBeGreaterThanOrEqual(lastAcknowledged);
    expectNoSecrets({ slack: bot.sandbox.slack, settings: bot.sandbox.settings, logs: bot.logs });
  }, 60_000);
});
