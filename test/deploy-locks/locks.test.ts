import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCKS, lockId, type DeployLock } from '../../src/domain/lock.js';
import type { Store } from '../../src/ports/store.js';
import {
  expireLocks,
  liveLocks,
  lockDeploys,
  remindLockHolders,
  lockJobs,
  unlockDeploys,
} from '../../src/workflows/deploy-locks.js';
import { ALEX, instance, JO, SAM, storeKinds, testClock, testConfig, type TestClock } from './support.js';

const NOW = '2026-11-24T10:00:00.000Z';
const HOUR = 3600_000;
const MINUTE = 60_000;

for (const kind of storeKinds()) {
  describe.skipIf(kind.skip !== undefined)(`deploy locks on ${kind.name}`, () => {
    let store: Store;
    let clock: TestClock;
    beforeAll(() => kind.setup(), 60_000);
    afterAll(() => kind.teardown());
    beforeEach(async () => {
      store = await kind.open();
      clock = testClock(NOW);
    });
    afterEach(() => store.close());

    const config = testConfig({ breakGlass: [JO], lockReminderMinutes: 10 });
    const one = async () => instance(store, clock, config);
    const lock = (
      ctx: Awaited<ReturnType<typeof one>>['ctx'],
      actor: string,
      durationMs = HOUR,
      reason = 'db migration',
      service = 'api',
      environment = 'prod',
    ) => lockDeploys(ctx, { service, environment, actor, durationMs, reason });
    const audit = async (action: string) =>
      (await store.queryAudit({ target: 'service:api/prod' })).filter((e) => e.action === action);

    describe('lock', () => {
      it('takes the lock for the duration, and audits it', async () => {
        const { ctx } = await one();
        const result = await lock(ctx, ALEX, 2 * HOUR);
        expect(result).toEqual({
          kind: 'locked',
          lock: {
            service: 'api',
            environment: 'prod',
            holder: ALEX,
            reason: 'db migration',
            createdAt: NOW,
            expiresAt: '2026-11-24T12:00:00.000Z',
          },
        });
        expect((await store.get<DeployLock>(LOCKS, lockId('api', 'prod')))?.data).toEqual(result.lock);
        expect(await audit('deploy.lock')).toMatchObject([
          {
            actor: ALEX,
            details: {
              holder: ALEX,
              reason: 'db migration',
              durationMinutes: 120,
              expiresAt: '2026-11-24T12:00:00.000Z',
            },
          },
        ]);
      });

      it('refuses anyone else while it is live, naming the holder; nothing changes', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX);
        clock.advance(30 * MINUTE);
        const result = await lock(ctx, SAM, 2 * HOUR, 'hotfix');
        expect(result).toMatchObject({
          kind: 'held',
          lock: { holder: ALEX, reason: 'db migration', expiresAt: '2026-11-24T11:00:00.000Z' },
        });
        expect((await store.get<DeployLock>(LOCKS, lockId('api', 'prod')))?.data.holder).toBe(ALEX);
        expect(await audit('deploy.lock.refused')).toMatchObject([{ actor: SAM, details: { holder: ALEX } }]);
      });

      it('extends when the holder locks again: new expiry from now, reason kept unless given, reminder re-armed', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX, HOUR);
        clock.advance(55 * MINUTE);
        await remindLockHolders(ctx, clock.now());
        expect((await store.get<DeployLock>(LOCKS, lockId('api', 'prod')))?.data.remindedAt).toBeDefined();
        const result = await lock(ctx, ALEX, 2 * HOUR, '');
        expect(result).toEqual({
          kind: 'extended',
          lock: {
            service: 'api',
            environment: 'prod',
            holder: ALEX,
            reason: 'db migration',
            createdAt: NOW,
            expiresAt: '2026-11-24T12:55:00.000Z',
          },
        });
        expect(await audit('deploy.lock.extend')).toHaveLength(1);
      });

      it('replaces an expired lock the job has not removed yet, auditing the expiry once', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX, HOUR);
        clock.advance(HOUR);
        expect(await lock(ctx, SAM, HOUR, 'release')).toMatchObject({
          kind: 'locked',
          lock: { holder: SAM, reason: 'release' },
        });
        expect(await audit('deploy.lock.expire')).toMatchObject([
          { actor: 'system', details: { holder: ALEX, replacedBy: SAM } },
        ]);
        expect(await expireLocks(ctx, clock.now())).toBe(0);
      });

      it('locks each service and environment on its own', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX);
        expect((await lock(ctx, SAM, HOUR, '', 'api', 'staging')).kind).toBe('locked');
        expect((await lock(ctx, SAM, HOUR, '', 'web', 'prod')).kind).toBe('locked');
        expect(
          (await liveLocks(ctx, clock.now())).map((l) => `${l.service}/${l.environment}:${l.holder}`).sort(),
        ).toEqual([`api/prod:${ALEX}`, `api/staging:${SAM}`, `web/prod:${SAM}`]);
      });

      it('two instances, twenty users locking at once: exactly one holds it, the others are told who', async () => {
        const a = await one();
        const b = await one();
        const users = Array.from({ length: 20 }, (_, i) => `U0RACE${String(i).padStart(4, '0')}`);
        const results = await Promise.all(users.map((user, i) => lock((i % 2 ? a : b).ctx, user)));
        const winners = results.filter((r) => r.kind === 'locked');
        expect(winners).toHaveLength(1);
        const holder = winners[0]!.lock.holder;
        expect(results.filter((r) => r.kind === 'held').every((r) => r.lock.holder === holder)).toBe(true);
        expect((await store.get<DeployLock>(LOCKS, lockId('api', 'prod')))?.data.holder).toBe(holder);
        expect(await audit('deploy.lock')).toHaveLength(1);
      });

      it('the holder locking twice at once from two instances ends with one lock, not an error', async () => {
        const a = await one();
        const b = await one();
        const results = await Promise.all([lock(a.ctx, ALEX), lock(b.ctx, ALEX)]);
        expect(results.map((r) => r.kind).sort()).toEqual(['extended', 'locked']);
      });
    });

    describe('unlock', () => {
      it('the holder unlocks; audited', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX);
        expect(await unlockDeploys(ctx, { service: 'api', environment: 'prod', actor: ALEX })).toMatchObject({
          kind: 'unlocked',
          breakGlass: false,
          lock: { holder: ALEX },
        });
        expect(await store.get(LOCKS, lockId('api', 'prod'))).toBeNull();
        expect(await audit('deploy.unlock')).toMatchObject([{ actor: ALEX, details: { holder: ALEX } }]);
      });

      it('refuses anyone else, and changes nothing', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX);
        expect(await unlockDeploys(ctx, { service: 'api', environment: 'prod', actor: SAM })).toMatchObject({
          kind: 'refused',
          lock: { holder: ALEX },
        });
        expect(await store.get(LOCKS, lockId('api', 'prod'))).not.toBeNull();
        expect(await audit('deploy.unlock.refused')).toMatchObject([{ actor: SAM }]);
      });

      it('a break-glass user may break it, loudly audited', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX);
        expect(await unlockDeploys(ctx, { service: 'api', environment: 'prod', actor: JO })).toMatchObject({
          kind: 'unlocked',
          breakGlass: true,
        });
        expect(await audit('deploy.unlock.break-glass')).toMatchObject([{ actor: JO, details: { holder: ALEX } }]);
      });

      it('says there is nothing to unlock when there is no live lock, and never touches an incident lock', async () => {
        const { ctx } = await one();
        expect(await unlockDeploys(ctx, { service: 'api', environment: 'prod', actor: ALEX })).toEqual({
          kind: 'not_locked',
        });
        await lock(ctx, ALEX);
        clock.advance(HOUR);
        expect(await unlockDeploys(ctx, { service: 'api', environment: 'prod', actor: ALEX })).toEqual({
          kind: 'not_locked',
        });
        await store.create<DeployLock>(LOCKS, lockId('api', 'prod', 'INC-1'), {
          service: 'api',
          environment: 'prod',
          holder: 'incident:INC-1',
          reason: 'P1',
          createdAt: NOW,
          expiresAt: null,
        });
        expect(await unlockDeploys(ctx, { service: 'api', environment: 'prod', actor: JO })).toEqual({
          kind: 'not_locked',
        });
        expect(await store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).not.toBeNull();
      });
    });

    describe('jobs', () => {
      it('expiry: deletes expired locks only, audits and announces each once, even with two instances racing', async () => {
        const a = await one();
        const b = await one();
        await lock(a.ctx, ALEX, HOUR);
        await lock(a.ctx, SAM, 3 * HOUR, 'long', 'web', 'prod');
        await store.create<DeployLock>(LOCKS, lockId('api', 'prod', 'INC-1'), {
          service: 'api',
          environment: 'prod',
          holder: 'incident:INC-1',
          reason: 'P1',
          createdAt: NOW,
          expiresAt: null,
        });
        const at = new Date(Date.parse(NOW) + HOUR);
        const counts = await Promise.all([expireLocks(a.ctx, at), expireLocks(b.ctx, at)]);
        expect(counts.reduce((x, y) => x + y)).toBe(1);
        expect(await store.get(LOCKS, lockId('api', 'prod'))).toBeNull();
        expect(await store.get(LOCKS, lockId('web', 'prod'))).not.toBeNull();
        expect(await store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).not.toBeNull();
        expect(await audit('deploy.lock.expire')).toMatchObject([{ actor: 'system', details: { holder: ALEX } }]);
        expect([...a.events, ...b.events].filter((e) => e.name === 'lock.expired')).toEqual([
          {
            name: 'lock.expired',
            payload: { service: 'api', environment: 'prod', holder: ALEX, reason: 'db migration' },
          },
        ]);
      });

      it('reminder: due lockReminderMinutes before expiry, exactly once with two tickers on one store', async () => {
        const a = await one();
        const b = await one();
        a.ticker.every(...lockJobs(a.ctx));
        b.ticker.every(...lockJobs(b.ctx));
        await lock(a.ctx, ALEX, HOUR);
        const reminders = () => [...a.events, ...b.events].filter((e) => e.name === 'lock.expiring');

        await Promise.all([
          a.ticker.runOnce(new Date(Date.parse(NOW) + 49 * MINUTE)),
          b.ticker.runOnce(new Date(Date.parse(NOW) + 49 * MINUTE)),
        ]);
        expect(reminders()).toHaveLength(0);

        const due = new Date(Date.parse(NOW) + 50 * MINUTE);
        await Promise.all([a.ticker.runOnce(due), b.ticker.runOnce(due)]);
        await Promise.all([
          a.ticker.runOnce(new Date(due.getTime() + MINUTE)),
          b.ticker.runOnce(new Date(due.getTime() + 2 * MINUTE)),
        ]);
        expect(reminders()).toEqual([
          {
            name: 'lock.expiring',
            payload: {
              service: 'api',
              environment: 'prod',
              holder: ALEX,
              reason: 'db migration',
              expiresAt: '2026-11-24T11:00:00.000Z',
              remindedAt: due.toISOString(),
            },
          },
        ]);
        expect(await audit('deploy.lock.remind')).toHaveLength(1);

        // At expiry the same tickers remove the lock (once).
        const end = new Date(Date.parse(NOW) + HOUR);
        await Promise.all([a.ticker.runOnce(end), b.ticker.runOnce(end)]);
        expect(await store.get(LOCKS, lockId('api', 'prod'))).toBeNull();
        expect(await audit('deploy.lock.expire')).toHaveLength(1);
        expect(reminders()).toHaveLength(1);
      });

      it('no reminder for a lock no longer than the reminder lead, nor for one that already expired', async () => {
        const { ctx, events } = await one();
        await lock(ctx, ALEX, 10 * MINUTE);
        expect(await remindLockHolders(ctx, new Date(Date.parse(NOW) + 5 * MINUTE))).toBe(0);
        await lock(ctx, SAM, HOUR, '', 'web', 'prod');
        expect(await remindLockHolders(ctx, new Date(Date.parse(NOW) + HOUR))).toBe(0); // expired: the expiry job's turn
        expect(events.filter((e) => e.name === 'lock.expiring')).toEqual([]);
      });

      it('an extended lock is reminded again before its new expiry', async () => {
        const { ctx } = await one();
        await lock(ctx, ALEX, HOUR);
        expect(await remindLockHolders(ctx, new Date(Date.parse(NOW) + 50 * MINUTE))).toBe(1);
        clock.advance(55 * MINUTE);
        await lock(ctx, ALEX, HOUR);
        expect(await remindLockHolders(ctx, new Date(Date.parse(NOW) + 56 * MINUTE))).toBe(0);
        expect(await remindLockHolders(ctx, new Date(Date.parse(NOW) + 105 * MINUTE))).toBe(1);
      });
    });
  });
}
