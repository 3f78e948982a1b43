import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKS, lockId, type DeployLock } from '../../src/domain/lock.js';
import { ALEX, JO, SAM, testClock } from '../deploy-locks/support.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

// ALEX is a break-glass user in chatops.example.yml; SAM and JO are not. api prod posts in #deploys.
const NOW = '2026-11-24T10:00:00.000Z'; // Tuesday 11:00 in Berlin
const clock = testClock(NOW);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(async () => {
  await h?.stop();
});

const lastFor = (user: string, channel = 'ops') =>
  h.slack
    .messagesIn(channel)
    .filter((m) => !m.ephemeral || m.visibleTo === user)
    .at(-1);
const lockOf = async (service: string, environment: string) =>
  (await h.bot.store.get<DeployLock>(LOCKS, lockId(service, environment)))?.data;

async function command(text: string, user: string) {
  const before = h.slack.workspace.messages.length;
  const result = await h.slack.slashCommand({ text, channel: 'ops', user });
  expect(result.ok).toBe(true);
  expect(result.elapsedMs).toBeLessThan(3000);
  return h.slack.waitFor(() =>
    h.slack.workspace.messages
      .slice(before)
      .find((m) => m.channel === h.slack.workspace.findChannel('ops')!.id && (!m.ephemeral || m.visibleTo === user)),
  );
}

describe('/deploy lock and unlock', () => {
  it('locks for the asked time, says so in the channel, and the lock holds in the store', async () => {
    const reply = await command('/deploy lock api prod --for 2h "db migration"', SAM);
    expect(reply.ephemeral).toBeFalsy();
    expect(textOf(reply)).toContain(
      '<@U0SAM00002> locked *api prod* until 2026-11-24 13:00 Europe/Berlin (2h): db migration.',
    );
    expect(await lockOf('api', 'prod')).toMatchObject({
      holder: SAM,
      reason: 'db migration',
      expiresAt: '2026-11-24T12:00:00.000Z',
    });
  });

  it('refuses another user, naming the holder, only to them', async () => {
    const reply = await command('/deploy lock api prod --for 30m hotfix', JO);
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: JO });
    expect(textOf(reply)).toContain(
      '*api prod* is already locked, held by <@U0SAM00002> until 2026-11-24 13:00 Europe/Berlin: db migration.',
    );
    expect((await lockOf('api', 'prod'))?.holder).toBe(SAM);
  });

  it('refuses a deploy by anyone but the holder, naming the holder and reason', async () => {
    const reply = await command('/deploy api prod', JO);
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: JO });
    expect(textOf(reply)).toMatch(/<@U0SAM00002>.*db migration/s);
  });

  it('refuses to unlock for anyone but the holder and break-glass', async () => {
    const reply = await command('/deploy unlock api prod', JO);
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: JO });
    expect(textOf(reply)).toContain('Only its holder or a break-glass user');
    expect((await lockOf('api', 'prod'))?.holder).toBe(SAM);
  });

  it('extends when the holder locks again', async () => {
    clock.set('2026-11-24T10:30:00.000Z');
    const reply = await command('/deploy lock api prod --for 2h', SAM);
    expect(textOf(reply)).toContain(
      '<@U0SAM00002> extended the lock on *api prod* until 2026-11-24 13:30 Europe/Berlin (2h from now): db migration.',
    );
  });

  it('reminds the holder in the environment channel lockReminderMinutes before expiry, once', async () => {
    const deploys = () => h.slack.messagesIn('deploys').filter((m) => m.text.includes('expires at'));
    await h.bot.ticker.runOnce(new Date('2026-11-24T12:19:00.000Z'));
    expect(deploys()).toHaveLength(0);
    await h.bot.ticker.runOnce(new Date('2026-11-24T12:20:00.000Z'));
    const reminder = await h.slack.waitFor(() => deploys()[0]);
    expect(textOf(reminder)).toContain(
      '<@U0SAM00002>, your deploy lock on *api prod* expires at 2026-11-24 13:30 Europe/Berlin (in 10m): db migration.',
    );
    expect(textOf(reminder)).toContain('/deploy unlock api prod');
    await h.bot.ticker.runOnce(new Date('2026-11-24T12:25:00.000Z'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deploys()).toHaveLength(1);
  });

  it('expires on its own: the lock stops counting, the job removes it and says so', async () => {
    clock.set('2026-11-24T12:30:00.000Z');
    await h.bot.ticker.runOnce(clock.now());
    const note = await h.slack.waitFor(() => h.slack.messagesIn('deploys').find((m) => m.text.includes('expired')));
    expect(textOf(note)).toContain('The deploy lock of <@U0SAM00002> on *api prod* expired: db migration.');
    expect(await lockOf('api', 'prod')).toBeUndefined();
    const audit = (await h.bot.store.queryAudit({ target: 'service:api/prod' })).map((e) => e.action).reverse();
    expect(audit).toEqual([
      'deploy.lock',
      'deploy.lock.refused',
      'deploy.unlock.refused',
      'deploy.lock.extend',
      'deploy.lock.remind',
      'deploy.lock.expire',
    ]);
    expect(textOf(await command('/deploy lock api prod', JO))).toContain(
      '<@U0JO000003> locked *api prod* until 2026-11-24 14:30 Europe/Berlin (1h).\nDeploys by anyone else are refused until then (break-glass excepted).',
    );
  });

  it('the holder unlocks', async () => {
    const reply = await command('/deploy unlock api prod', JO);
    expect(reply.ephemeral).toBeFalsy();
    expect(textOf(reply)).toContain('<@U0JO000003> unlocked *api prod*.');
    expect(await lockOf('api', 'prod')).toBeUndefined();
  });

  it('a break-glass user breaks a lock, loudly, and it is audited', async () => {
    await command('/deploy lock web prod release prep', SAM);
    const reply = await command('/deploy unlock web prod', ALEX);
    expect(reply.ephemeral).toBeFalsy();
    expect(textOf(reply)).toContain(
      ':rotating_light: <@U0ALEX0001> broke the lock of <@U0SAM00002> on *web prod* (break-glass; audited).',
    );
    const [entry] = await h.bot.store.queryAudit({ target: 'service:web/prod', limit: 1 });
    expect(entry).toMatchObject({
      actor: ALEX,
      action: 'deploy.unlock.break-glass',
      details: { holder: SAM, reason: 'release prep' },
    });
  });

  it('unlocking what is not locked says so, and names an incident lock that stays', async () => {
    await h.bot.store.create<DeployLock>(LOCKS, lockId('worker', 'prod', 'INC-9'), {
      service: 'worker',
      environment: 'prod',
      holder: 'incident:INC-9',
      reason: 'P1 queue backlog',
      createdAt: NOW,
      expiresAt: null,
    });
    const reply = await command('/deploy unlock worker prod', ALEX);
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: ALEX });
    expect(textOf(reply)).toContain('*worker prod* has no deploy lock to release.');
    expect(textOf(reply)).toContain(
      'Still locked: *worker prod* is held by incident INC-9 until it is resolved: P1 queue backlog.',
    );
  });
});

describe('bad input gets an ephemeral usage message in the ack', () => {
  it.each([
    ['/deploy lock', 'Name the service and the environment to lock'],
    ['/deploy lock api', 'Name the service and the environment to lock'],
    ['/deploy lock nope prod', 'Unknown service "nope". Known services: api, web, worker.'],
    ['/deploy lock api qa', 'Unknown environment "qa" for api. Known environments: staging, prod.'],
    ['/deploy lock api prod --for 3x', '"3x" is not a duration: use minutes, hours or days such as 30m, 2h or 1h30m.'],
    ['/deploy lock api prod --for', '`--for` needs a duration such as 30m, 2h or 1h30m.'],
    ['/deploy lock api prod --for 25h', 'A lock lasts at most 24h.'],
    ['/deploy lock api prod --until 5pm', 'Unknown option --until.'],
    ['/deploy unlock api', 'Name the service and the environment to unlock'],
    ['/deploy unlock api prod now', '`/deploy unlock` takes a service and an environment, got also "now".'],
    ['/deploy unlock api "<b>"', 'Unknown environment "&lt;b&gt;" for api.'], // the user's text, escaped
  ])('%s', async (text, expected) => {
    const before = h.slack.workspace.messages.length;
    const result = await h.slack.slashCommand({ text, channel: 'ops', user: JO });
    expect(result.elapsedMs).toBeLessThan(3000);
    const reply = h.slack.workspace.messages.slice(before).at(-1);
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: JO });
    expect(textOf(reply)).toContain(expected);
    expect(textOf(reply)).toContain('/deploy lock &lt;service&gt; &lt;env&gt; [--for 2h] [reason]');
    expect(lastFor(JO)).toBe(reply);
  });
});
