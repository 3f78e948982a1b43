/**
 * `node dist/bench/profile.js [help|click] [seconds]` (after a build): one server under load, for finding
 * where the ack path spends. Closed loop at concurrency 50, or open loop with OPEN=<requests per second>.
 * Prints throughput, p50/p99/max, failures, the server's CPU per request and its RSS. Environment:
 * APP=bare (the bare Bolt app instead of the bot), NO_PROF=1 (no --cpu-prof; else the .cpuprofile goes to
 * PROFILE_DIR, default ./profiles), NODE_ARGS="--trace-gc …" (extra node flags), OUTPUT=1 (print its stdout).
 */
import { loadSettings } from '../src/config/env.js';
import { startSandbox } from '../sandbox/start-sandbox.js';
import { closedLoop, openLoop } from './load.js';
import { startApp } from './measure.js';
import { slashBody, startSink, clickBody } from './requests.js';

const kind = process.argv[2] ?? 'help';
const seconds = Number(process.argv[3] ?? 10);
const dir = process.env.PROFILE_DIR ?? 'profiles';
const sandbox = await startSandbox(loadSettings({ PORT: '0', LOG_LEVEL: 'silent' }));
const sink = await startSink();
const help = slashBody(sandbox.slack, sink, '/ops help');
const app = await startApp((process.env.APP as 'bot' | 'bare') ?? 'bot', sandbox, help, {
  nodeArgs: [
    ...(process.env.NO_PROF ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`]),
    ...(process.env.NODE_ARGS ?? '').split(' ').filter(Boolean),
  ],
  captureStdout: Boolean(process.env.OUTPUT),
});
let body = help;
if (kind === 'click') {
  await sandbox.connect(app.server.port);
  await sandbox.slack.slashCommand({ text: '/deploy api prod', channel: 'ops' });
  for (let i = 0; i < 200; i += 1) {
    const found = sandbox.slack.workspace.messages
      .map((m) => clickBody(sandbox.slack, sink, m, 'deploy.approve'))
      .find(Boolean);
    if (found) {
      body = found;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
const cpuBefore = app.server.cpuMs();
const stats = process.env.OPEN
  ? await openLoop(() => app.client.send(body()), { rate: Number(process.env.OPEN), seconds })
  : await closedLoop(() => app.client.send(body()), { concurrency: 50, seconds });
process.stderr.write(
  `${kind}: ${stats.throughput.toFixed(0)} req/s p50 ${stats.p50.toFixed(2)} p99 ${stats.p99.toFixed(2)} max ${stats.max.toFixed(2)} failures ${stats.failures} cpu/req ${(((app.server.cpuMs() - cpuBefore) * 1000) / (stats.throughput * seconds)).toFixed(0)} µs rss ${app.server.rssMb().toFixed(0)} MB\n`,
);
if (process.env.OUTPUT) process.stdout.write(app.server.output());
await app.stop();
await sink.close();
await sandbox.close();
