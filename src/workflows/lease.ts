import type { Lease } from '../domain/lease.js';
import type { Collection, Versioned } from '../ports/store.js';
import type { WorkflowContext } from './context.js';
import { update } from './records.js';

/**
 * The lease: which instance drives a record (a rollout, an approved rollback, an incident's set-up, a digest),
 * until when. Claimed by compare-and-set on the record's `lease`, renewed by every write and while a call works,
 * released when the work ends or the instance shuts down, taken over by anyone once it has run out. The only
 * code that reads or writes a `lease`.
 */

/** A record that can be held under a lease. */
export interface Leasable {
  lease?: Lease;
}

/** Which records, what they are called in messages ("deploy"), and how long a claim holds without renewal. */
export interface LeaseTerms<T extends Leasable = Leasable> {
  collection: Collection<T>;
  noun: string;
  ms: number;
}

/** What the lease needs of the workflow context. */
export type LeaseContext = Pick<WorkflowContext, 'store' | 'clock' | 'instanceId' | 'drivers'>;

/** Another instance holds the record now (it took over), or the record is gone: stop without writing. */
export class LeaseLost extends Error {}

/** This instance is shutting down: the work stops here, as it is, and its lease is released. */
export class HandedOver extends LeaseLost {}

export interface ClaimOptions<T> {
  /**
   * Whether to take the record, changing it as it is taken (a status, a counter); called only when nobody else
   * holds a live lease, and must leave the record as it was when it says no. `ours`: the lease on it is this
   * owner's already (taken with an approval, say), so this is no takeover. Takes it by default.
   */
  take?: (record: T, ours: boolean) => boolean;
  /** Creates the record (leased) when it does not exist yet. */
  create?: T;
  /** Takes it only once no live lease is left at all, this instance's own included (work started here elsewhere). */
  expiredOnly?: boolean;
  /** Who holds it: this instance by default; a token per claim keeps even two claims of one instance apart. */
  owner?: string;
  /** When the claim is made (a job's tick); the clock's now by default. */
  now?: Date;
}

/** The lease `owner` (this instance) gets on a record from `now`, for a record written outside `claimLease`. */
export function leaseFor(
  ctx: Pick<LeaseContext, 'clock' | 'instanceId'>,
  terms: Pick<LeaseTerms, 'ms'>,
  now = ctx.clock.now(),
  owner = ctx.instanceId,
): Lease {
  return { owner, until: new Date(now.getTime() + terms.ms).toISOString() };
}

/** Whether someone holds a live lease on the record at `now`. */
export function isLeased(record: Leasable, now: Date): boolean {
  return record.lease !== undefined && Date.parse(record.lease.until) > now.getTime();
}

/** The record with no lease on it (the work it was held for is done, whoever did it). */
export function withoutLease<T extends Leasable>({ lease: _lease, ...record }: T): Omit<T, 'lease'> {
  return record;
}

/**
 * Claims record `id` (compare-and-set): free, run out, or already this owner's (unless `expiredOnly`), and
 * `take` agrees. Null when someone else holds a live lease, `take` said no, or the record does not exist.
 */
export async function claimLease<T extends Leasable>(
  ctx: LeaseContext,
  terms: LeaseTerms<T>,
  id: string,
  options: ClaimOptions<T> = {},
): Promise<LeaseHolder<T> | null> {
  const now = options.now ?? ctx.clock.now();
  const owner = options.owner ?? ctx.instanceId;
  const lease = leaseFor(ctx, terms, now, owner);
  if (options.create) {
    const created = await ctx.store.create<T>(terms.collection, id, { ...options.create, lease });
    if (created) return new LeaseHolder(ctx, terms, owner, created);
  }
  let claimed = false;
  const result = await update<T>(ctx.store, terms.collection, id, (record) => {
    claimed = false;
    if (isLeased(record, now) && (options.expiredOnly || record.lease?.owner !== owner)) return record;
    if (options.take && !options.take(record, record.lease?.owner === owner)) return record;
    claimed = true;
    record.lease = lease;
    return record;
  });
  return claimed && result ? new LeaseHolder(ctx, terms, owner, result.after) : null;
}

/** A record this instance holds: every write checks the lease is still its own and renews it. */
export class LeaseHolder<T extends Leasable> {
  private current: Versioned<T>;

  constructor(
    private readonly ctx: LeaseContext,
    readonly terms: LeaseTerms<T>,
    private readonly owner: string,
    claimed: Versioned<T>,
  ) {
    this.current = claimed;
  }

  get id(): string {
    return this.current.id;
  }

  /** The record as last written (or claimed) by this holder. */
  get record(): T {
    return this.current.data;
  }

  /** Writes a change under the lease, renewing it; LeaseLost when another instance has taken the record over. */
  save(change: (record: T) => void): Promise<T> {
    return this.write(change, true);
  }

  /** The last write under the lease: the change, and the lease released in the same write. */
  complete(change: (record: T) => void): Promise<T> {
    return this.write(change, false);
  }

  /** Gives the lease up if this holder still has it (nothing otherwise), so whoever looks next takes over at once. */
  async release(): Promise<void> {
    await update<T>(this.ctx.store, this.terms.collection, this.id, (record) => {
      if (record.lease?.owner === this.owner) delete record.lease;
      return record;
    });
  }

  /** Runs `work` (one long call, or all of it) renewing the lease meanwhile, however long it takes. */
  async renewing<W>(work: () => Promise<W>): Promise<W> {
    const every = Math.max(1000, Math.floor(this.terms.ms / 3));
    const timer = setInterval(() => void this.save(() => undefined).catch(() => undefined), every).unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** This instance is shutting down (see `ctx.drivers`). */
  get stopping(): boolean {
    return this.ctx.drivers.stopping;
  }

  /** Resolves when this instance begins to shut down. */
  get stopped(): Promise<void> {
    return this.ctx.drivers.stopped;
  }

  /** Throws HandedOver once this instance is shutting down: called before the work acts again. */
  checkpoint(): void {
    if (this.stopping)
      throw new HandedOver(`${this.terms.noun} ${this.id} handed over: this instance is shutting down`);
  }

  /** Waits (a bake, a poll interval), cut short by a shutdown, which then hands the record over. */
  async pause(ms: number): Promise<void> {
    await Promise.race([this.ctx.clock.sleep(ms), this.stopped]);
    this.checkpoint();
  }

  private async write(change: (record: T) => void, keep: boolean): Promise<T> {
    const now = this.ctx.clock.now();
    const { collection, noun } = this.terms;
    const result = await update<T>(this.ctx.store, collection, this.id, (record) => {
      if (record.lease?.owner !== this.owner) throw new LeaseLost(`another instance took over ${noun} ${this.id}`);
      change(record);
      if (keep) record.lease = leaseFor(this.ctx, this.terms, now, this.owner);
      else delete record.lease;
      return record;
    });
    if (!result) throw new LeaseLost(`${noun} ${this.id} no longer exists`);
    // A renewal running beside a write of the work itself may finish last: keep the newest version.
    if (result.after.version >= this.current.version) this.current = result.after;
    return this.current.data;
  }
}
