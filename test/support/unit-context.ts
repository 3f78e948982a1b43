/**
 * The unit tier's workflow context: the real workflows on an in-memory SQLite store, a fixed clock, the real
 * config loader on chatops.example.yml, and in-process fakes of the other ports (test/support/fakes/). No
 * process, port or stand-in is started, so a test of a workflow takes milliseconds. See README "Tests".
 */
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import type { DeploySettings } from '../../src/config/schema-deploy.js';
import { createLogger } from '../../src/logging/logger.js';
import type { AuditEvent, Store } from '../../src/ports/store.js';
import { Ticker } from '../../src/scheduler/ticker.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { RunWakeups } from '../../src/workflows/deploy/run-wakeups.js';
import { Drivers } from '../../src/workflows/lease-drivers.js';
import { EventBus, type DomainEvents, type EventName } from '../../src/workflows/events.js';
import { FakeChat } from './fakes/chat.js';
import { FakeCostPublisher, FakeCostSource } from './fakes/cost.js';
import { FakeBackups } from './fakes/backups.js';
import { FakeProbe } from './fakes/probe.js';
import { FakeJobs } from './fakes/jobs.js';
import { FakeCharts, FakeMetrics } from './fakes/metrics.js';
import { FakeRuntime } from './fakes/runtime.js';
import { FakeAuditPublisher, FakeSecurity } from './fakes/security.js';
import { FakeSourceControl } from './fakes/source-control.js';
import { fixedClock, type FixedClock } from './fixed-clock.js';
import { exampleYamlForTests } from './test-config.js';

export { fixedClock, type FixedClock } from './fixed-clock.js';

let example: Config | undefined;
/** chatops.example.yml through the real loader (read once per test process), with `deploy` settings changed. */
export function exampleConfig(deploy: Partial<DeploySettings> = {}): Config {
  example ??= parseConfig(exampleYamlForTests(), 'chatops.example.yml');
  return { ...example, deploy: { ...example.deploy, ...deploy } };
}

export interface UnitContext {
  ctx: WorkflowContext;
  store: Store;
  clock: FixedClock;
  config: Config;
  sourceControl: FakeSourceControl;
  runtime: FakeRuntime;
  chat: FakeChat;
  costSource: FakeCostSource;
  costPublisher: FakeCostPublisher;
  probe: FakeProbe;
  jobs: FakeJobs;
  backups: FakeBackups;
  security: FakeSecurity;
  auditPublisher: FakeAuditPublisher;
  metrics: FakeMetrics;
  charts: FakeCharts;
  /** A ticker of this instance: register a feature's jobs on it (`ticker.every(...lockJobs(ctx))`), then `runOnce`. */
  ticker: Ticker;
  /** Every domain event emitted, in order. */
  events: { name: EventName; payload: unknown }[];
  /** The audit log, oldest first, optionally of one target. */
  audit(target?: string): Promise<AuditEvent[]>;
  /** Another instance (its own id, bus and ticker) on the same store, clock and fakes: a second Cloud Run instance. */
  another(): Promise<UnitContext>;
  close(): Promise<void>;
}

export interface UnitContextOptions {
  config?: Config;
  /** Default: a fresh in-memory SQLite store, closed by `close()`. */
  store?: Store;
  clock?: FixedClock;
}

let instances = 0;

export async function createUnitContext(options: UnitContextOptions = {}): Promise<UnitContext> {
  const clock = options.clock ?? fixedClock();
  const store = options.store ?? openSqliteStore(':memory:');
  const config = options.config ?? exampleConfig();
  const now = () => clock.now();
  const fakes = {
    sourceControl: new FakeSourceControl(now),
    runtime: new FakeRuntime(now),
    chat: new FakeChat(),
    costSource: new FakeCostSource(),
    costPublisher: new FakeCostPublisher(),
    probe: new FakeProbe(),
    jobs: new FakeJobs(),
    backups: new FakeBackups(),
    security: new FakeSecurity(),
    auditPublisher: new FakeAuditPublisher(),
    metrics: new FakeMetrics(),
    charts: new FakeCharts(),
  };
  const open = async (first: boolean): Promise<UnitContext> => {
    const log = await createLogger({ level: 'silent', secrets: [], destination: { write: () => undefined } });
    const ticker = new Ticker(clock, log);
    const events: UnitContext['events'] = [];
    const bus = new EventBus(log);
    const emit = bus.emit.bind(bus);
    bus.emit = <E extends EventName>(name: E, payload: DomainEvents[E]) => {
      events.push({ name, payload });
      emit(name, payload);
    };
    instances += 1;
    const ctx: WorkflowContext = {
      config,
      store,
      ...fakes,
      instanceId: `unit-${instances}`,
      events: bus,
      drivers: new Drivers(),
      runWakeups: new RunWakeups().listenTo(bus),
      clock,
      log,
    };
    return {
      ctx,
      store,
      clock,
      config,
      ...fakes,
      ticker,
      events,
      audit: async (target) =>
        (await store.queryAudit({ ...(target ? { target } : {}), since: new Date(0), limit: 10_000 })).reverse(),
      another: () => open(false),
      // The store belongs to the first instance, or to the test when it passed one in.
      close: async () => (first && !options.store ? store.close() : undefined),
    };
  };
  return open(true);
}
