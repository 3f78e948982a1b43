/**
 * Hand-over at shutdown: one driver per record in a process (`ctx.drivers`), and a SIGTERM that stops the work at
 * its next safe point with HandedOver so it releases its lease; work stuck in a call keeps it.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../../src/logging/logger.js';
import { claimLease, HandedOver, LeaseLost } from '../../../src/workflows/lease.js';
import { DRILLS, type Drill, leaseWorld, start } from './lease-support.js';

const w = leaseWorld();
const logInto = (lines: string[]): Promise<Logger> =>
  createLogger({ level: 'info', secrets: [], destination: { write: (line: string) => lines.push(line) } });

describe('hand-over at shutdown', () => {
  it('one driver per record in a process; a shutdown cuts a pause short with HandedOver, the lease is released, and it is handed over', async () => {
    const lines: string[] = [];
    const log = await logInto(lines);
    const held = (await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start }))!;
    const outcome: unknown[] = [];
    const work = w.a.drivers.drive('drill:d1', async () => {
      held.checkpoint(); // not stopping yet: goes on
      try {
        await held.pause(3_600_000); // a bake that would last an hour
      } catch (error) {
        outcome.push(error);
        await held.release();
      }
    });
    expect(work).not.toBeNull();
    expect(w.a.drivers.drive('drill:d1', async () => undefined)).toBeNull(); // driven already
    expect(w.a.drivers.stopping).toBe(false);

    expect(await w.a.drivers.handOver(60_000, log)).toBe(true);
    expect(w.a.drivers.stopping).toBe(true);
    expect(outcome).toHaveLength(1);
    expect(outcome[0]).toBeInstanceOf(HandedOver);
    expect(outcome[0]).toBeInstanceOf(LeaseLost);
    expect((outcome[0] as Error).message).toBe('restore drill d1 handed over: this instance is shutting down');
    expect(() => held.checkpoint()).toThrow(HandedOver);
    expect((await w.read())?.lease).toBeUndefined();
    expect(await claimLease<Drill>(w.b, DRILLS, 'd1', { take: start })).not.toBeNull(); // resumed at once elsewhere
    expect(lines).toEqual([]);
  });

  it('work still inside a call when the grace ends keeps its lease, and the shutdown says so', async () => {
    const lines: string[] = [];
    const log = await logInto(lines);
    await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start });
    let land: () => void = () => undefined;
    void w.a.drivers.drive('drill:d1', () => new Promise<void>((resolve) => (land = resolve))); // a call that hangs
    expect(await w.a.drivers.handOver(0, log)).toBe(false);
    expect((await w.read())?.lease?.owner).toBe('a');
    expect(lines.join('')).toContain('"leased":["drill:d1"]');
    land();
  });
});
