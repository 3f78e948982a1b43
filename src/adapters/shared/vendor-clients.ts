import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A vendor SDK (google-gax, Octokit, BigQuery, …) spends 0.1–0.5 s loading its modules and building its client,
 * all of it synchronous, and every request that arrives meanwhile waits. So an adapter declares its client with
 * `vendorClient(name, load, vendorClients)`, and the bot warms every declared client right after it listens and
 * before `/readyz` says ready: Cloud Run's startup probe sends no traffic before that, and Socket Mode connects
 * after it, so no ack ever waits behind a vendor client's loading. Without a warm-up (an adapter built alone in a
 * test) the client loads on first use, as before.
 */
export class VendorClients {
  private readonly declared: { name: string; load: () => Promise<unknown> }[] = [];
  private readonly left = new Set<string>();
  private warming: Promise<void> | undefined;
  private settled = false;

  declare(name: string, load: () => Promise<unknown>): void {
    this.declared.push({ name, load });
  }

  /**
   * Loads the declared clients one after another, each in a macrotask of its own so that whatever arrives
   * between two loads (a probe, a request) is served there. A client that fails to load is reported and left to
   * load again on first use, where its adapter turns the failure into a message for the user.
   */
  warmAll(report: WarmUpReport): Promise<void> {
    this.warming ??= this.warm(report);
    return this.warming;
  }

  /** What `/readyz` names while the warm-up runs ("vendor clients: loading Cloud Run, GitHub"); then undefined. */
  loading(): string | undefined {
    if (this.warming === undefined) return this.declared.length > 0 ? 'vendor clients: not loaded yet' : undefined;
    if (this.left.size > 0) return `vendor clients: loading ${[...this.left].join(', ')}`;
    return this.settled ? undefined : 'vendor clients: settling the heap';
  }

  private async warm(report: WarmUpReport): Promise<void> {
    for (const { name } of this.declared) this.left.add(name);
    const started = performance.now();
    const loaded: string[] = [];
    for (const { name, load } of this.declared) {
      await nextTurn();
      try {
        await load();
        loaded.push(name);
      } catch (error) {
        report.failed(name, error instanceof Error ? error.message : String(error));
      } finally {
        this.left.delete(name);
      }
    }
    await nextTurn();
    settleHeap();
    this.settled = true;
    report.done(loaded, Math.round(performance.now() - started));
  }
}

export interface WarmUpReport {
  failed(client: string, reason: string): void;
  done(clients: string[], ms: number): void;
}

/** A declared client: call it for the client; `release()` hands over the one loaded (for `close`) and forgets it. */
export interface LazyClient<T> {
  (): Promise<T>;
  release(): Promise<T | undefined>;
  /** Whether the client is loaded now, so a call would not wait for its loading. */
  loaded(): boolean;
}

/**
 * The one line an adapter writes for its client: `load` runs once (a failed load runs again on the next call),
 * on first use or in the bot's warm-up, whichever comes first; both share the same load.
 */
export function vendorClient<T>(name: string, load: () => Promise<T>, warmUp?: VendorClients): LazyClient<T> {
  let client: Promise<T> | undefined;
  let ready = false;
  const get = (): Promise<T> =>
    (client ??= load().then(
      (loaded) => {
        ready = true;
        return loaded;
      },
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    ));
  const release = async (): Promise<T | undefined> => {
    const pending = client;
    client = undefined;
    ready = false;
    return pending?.catch(() => undefined);
  };
  warmUp?.declare(name, get);
  return Object.assign(get, { release, loaded: () => ready });
}

/**
 * The warm-up's last step: one full garbage collection before `/readyz` says ready. What the warm-up built (the
 * clients, protobufjs's generated code) would otherwise sit in the young generation until the first two scavenges
 * under traffic copied it out, 12–16 ms each on the bench machine, with every ack waiting behind them. Needs
 * `node --expose-gc`, as the Dockerfile starts the bot; without it nothing happens.
 */
function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
