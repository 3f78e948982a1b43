import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import { LOCKS, lockId, type DeployLock } from '../../../src/domain/lock.js';
import type { Store } from '../../../src/ports/store.js';
import { checkGates } from '../../../src/workflows/deploy-gates.js';
import { lockDeploys } from '../../../src/workflows/deploy-locks.js';
import { createUnitContext, exampleConfig, fixedClock } from '../../support/unit-context.js';
import { ALEX, SAM } from '../../support/unit-demo.js';

const NOW = '2026-11-24T10:00:00.000Z'; // a Tuesday, 11:00 in Berlin
let store: Store;

beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const incidentLock: DeployLock = {
  service: 'api',
  environment: 'prod',
  holder: 'incident:INC-7',
  reason: 'P1 checkout errors',
  createdAt: NOW,
  expiresAt: null,
};

async function setup(deploy: Parameters<typeof exampleConfig>[0] = {}) {
  const clock = fixedClock(NOW);
  const { ctx } = await createUnitContext({ store, clock, config: exampleConfig(deploy) });
  return { ctx, clock };
}

describe('checkGates: locks', () => {
  it('is open when nothing is locked or frozen', async () => {
    const { ctx, clock } = await setup();
    expect(await checkGates(ctx, 'api', 'prod', ALEX, clock.now())).toEqual({});
  });

  it("reports another user's live lock with holder, reason and expiry, and lets the holder through", async () => {
    const { ctx, clock } = await setup();
    await lockDeploys(ctx, {
      service: 'api',
      environment: 'prod',
      actor: SAM,
      durationMs: 2 * 3600_000,
      reason: 'db migration',
    });
    expect(await checkGates(ctx, 'api', 'prod', ALEX, clock.now())).toEqual({
      lock: { holder: SAM, reason: 'db migration', expiresAt: '2026-11-24T12:00:00.000Z' },
    });
    expect(await checkGates(ctx, 'api', 'prod', SAM, clock.now())).toEqual({});
  });

  it('counts only the locked service and environment', async () => {
    const { ctx, clock } = await setup();
    await lockDeploys(ctx, { service: 'api', environment: 'prod', actor: SAM, durationMs: 3600_000, reason: '' });
    expect(await checkGates(ctx, 'api', 'staging', ALEX, clock.now())).toEqual({});
    expect(await checkGates(ctx, 'web', 'prod', ALEX, clock.now())).toEqual({});
  });

  it('stops counting a lock the moment it expires, before the expiry job has removed it', async () => {
    const { ctx } = await setup();
    await lockDeploys(ctx, { service: 'api', environment: 'prod', actor: SAM, durationMs: 3600_000, reason: '' });
    const expiry = new Date('2026-11-24T11:00:00.000Z');
    expect((await checkGates(ctx, 'api', 'prod', ALEX, new Date(expiry.getTime() - 1))).lock?.holder).toBe(SAM);
    expect(await checkGates(ctx, 'api', 'prod', ALEX, expiry)).toEqual({});
    expect(await store.get(LOCKS, lockId('api', 'prod'))).not.toBeNull(); // still stored; only the job deletes it
  });

  it("blocks everyone with an incident's lock, even a user holding the service's own lock", async () => {
    const { ctx, clock } = await setup();
    await lockDeploys(ctx, { service: 'api', environment: 'prod', actor: ALEX, durationMs: 3600_000, reason: 'mine' });
    await store.create(LOCKS, lockId('api', 'prod', 'INC-7'), incidentLock);
    expect(await checkGates(ctx, 'api', 'prod', ALEX, clock.now())).toEqual({
      lock: { holder: 'incident:INC-7', reason: 'P1 checkout errors', expiresAt: null },
    });
    // Another user is blocked by both; the incident is the one named (it outlasts any user lock).
    expect((await checkGates(ctx, 'api', 'prod', SAM, clock.now())).lock?.holder).toBe('incident:INC-7');
  });
});

describe('checkGates: freezes', () => {
  const freezes = [
    { name: 'Weekend', weekly: { from: 'fri 18:00', to: 'mon 08:00' } },
    { name: 'Year end', from: '2026-12-21', to: '2027-01-01' },
  ];

  it('reports the window in force, by name, with its end, in the config time zone', async () => {
    const { ctx } = await setup({ freezes });
    // Sat 2026-11-28 12:00 Berlin; the weekend ends Mon 08:00 CET = 07:00Z.
    expect(await checkGates(ctx, 'api', 'prod', ALEX, new Date('2026-11-28T11:00:00Z'))).toEqual({
      freeze: { name: 'Weekend', endsAt: new Date('2026-11-30T07:00:00Z') },
    });
    // Dec 23: the year-end freeze ends on Friday Jan 1, inside the weekend freeze: deploys open again Mon Jan 4 08:00.
    expect(await checkGates(ctx, 'api', 'prod', ALEX, new Date('2026-12-23T09:00:00Z'))).toEqual({
      freeze: { name: 'Year end', endsAt: new Date('2027-01-04T07:00:00Z') },
    });
    expect(await checkGates(ctx, 'api', 'prod', ALEX, new Date(NOW))).toEqual({});
  });

  it('reports a lock and a freeze together', async () => {
    const { ctx, clock } = await setup({ freezes });
    clock.set('2026-11-27T16:00:00Z'); // Friday 17:00 in Berlin
    await lockDeploys(ctx, {
      service: 'api',
      environment: 'prod',
      actor: SAM,
      durationMs: 24 * 3600_000,
      reason: 'audit',
    });
    expect(await checkGates(ctx, 'api', 'prod', ALEX, clock.now())).toEqual({
      lock: { holder: SAM, reason: 'audit', expiresAt: '2026-11-28T16:00:00.000Z' },
    });
    expect(await checkGates(ctx, 'api', 'prod', ALEX, new Date('2026-11-27T17:00:00Z'))).toEqual({
      lock: { holder: SAM, reason: 'audit', expiresAt: '2026-11-28T16:00:00.000Z' },
      freeze: { name: 'Weekend', endsAt: new Date('2026-11-30T07:00:00Z') },
    });
  });
});
