/**
 * The warm-up of vendor clients (src/adapters/shared/vendor-clients.ts), by the order of events only: each client
 * loads once, in a macrotask of its own (what arrives between two loads is served between them), `/readyz` names
 * what is still loading, a failed load is reported and loads again on first use.
 */
import { describe, expect, it } from 'vitest';
import { VendorClients, vendorClient, type WarmUpReport } from '../../../src/adapters/shared/vendor-clients.js';

function recorder(events: string[]): WarmUpReport {
  return {
    failed: (client, reason) => events.push(`failed ${client}: ${reason}`),
    done: (clients) => events.push(`done ${clients.join(', ')}`),
  };
}

describe('vendor clients', () => {
  it('load one after another, each in its own macrotask, with requests served between them', async () => {
    const events: string[] = [];
    const clients = new VendorClients();
    const load = (name: string) => async () => {
      events.push(`load ${name}`);
      setImmediate(() => events.push(`request after ${name}`)); // a request that arrived while it loaded
      return name;
    };
    const run = vendorClient('Cloud Run', load('Cloud Run'), clients);
    vendorClient('GitHub', load('GitHub'), clients);
    expect(clients.loading()).toBe('vendor clients: not loaded yet');

    const warming = clients.warmAll(recorder(events));
    expect(clients.loading()).toBe('vendor clients: loading Cloud Run, GitHub');
    expect(events).toEqual([]); // nothing loads inside the caller's turn (the listen callback)
    // The last step, in a macrotask of its own: one full collection (node --expose-gc), still before ready.
    const withGc = globalThis as { gc?: () => void };
    const exposed = withGc.gc;
    withGc.gc = () => events.push(`gc while ${clients.loading()}`);
    try {
      await warming;
    } finally {
      withGc.gc = exposed;
    }
    expect(events).toEqual([
      'load Cloud Run',
      'request after Cloud Run',
      'load GitHub',
      'request after GitHub',
      'gc while vendor clients: settling the heap',
      'done Cloud Run, GitHub',
    ]);
    expect(clients.loading()).toBeUndefined();
    expect(await run()).toBe('Cloud Run');
    expect(events.filter((e) => e === 'load Cloud Run')).toHaveLength(1); // first use after the warm-up: no load
  });

  it('a first use during the warm-up shares its load', async () => {
    let loads = 0;
    const clients = new VendorClients();
    const get = vendorClient('BigQuery', async () => ({ id: (loads += 1) }), clients);
    const [early] = await Promise.all([get(), clients.warmAll(recorder([]))]);
    expect(early).toBe(await get());
    expect(loads).toBe(1);
  });

  it('a load that fails is reported, does not hold readiness, and loads again on first use', async () => {
    const events: string[] = [];
    const clients = new VendorClients();
    let attempts = 0;
    const get = vendorClient(
      'Secret Manager',
      async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('module not found');
        return 'client';
      },
      clients,
    );
    await clients.warmAll(recorder(events));
    expect(events).toEqual(['failed Secret Manager: module not found', 'done ']);
    expect(clients.loading()).toBeUndefined();
    expect(await get()).toBe('client');
    expect(attempts).toBe(2);
  });

  it('without a warm-up a client loads on first use, and release() hands it over without loading one', async () => {
    let loads = 0;
    const get = vendorClient('GitHub', async () => ({ id: (loads += 1) }));
    expect(await get.release()).toBeUndefined();
    expect(loads).toBe(0);
    const first = await get();
    expect(await get.release()).toBe(first);
    expect(await get()).not.toBe(first); // released: the next use builds a new one
  });
});
