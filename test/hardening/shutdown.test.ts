/**
 * Graceful shutdown, as Cloud Run does it: SIGTERM, then SIGKILL 10 s later. The bot stops taking requests,
 * finishes the work in flight (a status report already acked), and exits 0 within 10 s, even when the work
 * in flight cannot finish in time.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SignedClient } from '../../bench/client.js';
import { startChildBot, sleep, type ChildBot } from './child-bot.js';
import { expectNoSecrets } from './support.js';

const bots: ChildBot[] = [];
afterAll(async () => {
  for (const b of bots) expectNoSecrets({ slack: b.sandbox.slack, settings: b.sandbox.settings, logs: b.logs }); // debug-level lines
  await Promise.all(bots.map((b) => b.cleanup()));
});

const SERVICE = (name: string): RegExp =>
  new RegExp(`^GET /v2/projects/demo-project/locations/europe-west1/services/${name}$`);

/** Acks `/ops status <service>`, then SIGTERMs the bot; returns when it exited. */
async function statusThenSigterm(
  bot: ChildBot,
  service: string,
): Promise<{ exitCode: number | null; exitMs: number; lateRequest: string | undefined }> {
  const ack = await bot.sandbox.slack.slashCommand({ text: `/ops status ${service}`, channel: 'ops' });
  expect(ack.ok, `ack: ${ack.error}`).toBe(true);
  await sleep(100);
  const signalled = performance.now();
  bot.server.child.kill('SIGTERM');
  // (the signal is handled once the event loop is free: the first status read is loading the Cloud Run client)
  for (let i = 0; i < 250 && !bot.server.output().includes('shutting down'); i += 1) await sleep(20);
  // a new request after the signal was handled finds no listener (Cloud Run stops routing to the instance too)
  const client = new SignedClient(bot.server.eventsUrl, bot.sandbox.settings.slack.signingSecret ?? '');
  const late = await client.send('command=%2Fops&text=help');
  client.close();
  const exit = await bot.server.exited;
  return {
    exitCode: exit.code,
    exitMs: exit.at - signalled,
    lateRequest: late.status === 0 ? late.error : `HTTP ${late.status}`,
  };
}

describe('SIGTERM', () => {
  it.concurrent('stops taking requests, finishes the report in flight, exits 0 within 10 s', async () => {
    const bot = await startChildBot();
    bots.push(bot);
    // Cloud Run drops the first read after 1.5 s; the bot retries, so the report is still being made at SIGTERM.
    bot.sandbox.cloudRun.faults.inject(SERVICE('api'), { kind: 'timeout', ms: 1500 }, 1);
    const result = await statusThenSigterm(bot, 'api');
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(result.lateRequest); // refused, or reset while the listener closes: either way not served
    expect(result.exitCode).toBe(0);
    expect(result.exitMs).toBeLessThan(10_000);
    const report = bot.sandbox.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status: api'));
    expect(report?.text).toContain('api ready');
    expect(bot.server.output()).toContain('shutting down');
  });

  it.concurrent('exits 0 within 10 s when the work in flight cannot finish in time', async () => {
    const bot = await startChildBot();
    bots.push(bot);
    bot.sandbox.cloudRun.faults.inject(SERVICE('worker'), { kind: 'timeout', ms: 25_000 }, 10);
    const result = await statusThenSigterm(bot, 'worker');
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(result.lateRequest); // refused, or reset while the listener closes: either way not served
    expect(result.exitCode).toBe(0);
    expect(result.exitMs).toBeLessThan(10_000);
    expect(bot.server.output()).toContain('shutting down with work still in flight');
  });
});
