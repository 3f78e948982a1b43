import type { Collection } from '../domain/collection.js';

export type { Collection } from '../domain/collection.js';

/** An entry of the append-only audit log. */
export interface AuditEvent {
  id: string;
  /** Slack user ID, or "system" for the bot's own actions. */
  actor: string;
  /** Dotted verb, e.g. "deploy.approve", "ops.status". */
  action: string;
  /** What the action was about, e.g. "service:api/prod". */
  target: string;
  at: Date;
  details: Record<string, unknown>;
}

export type AuditEventInput = Omit<AuditEvent, 'id' | 'at'> & { at?: Date };

export interface AuditQuery {
  target?: string;
  /** Inclusive lower bound. */
  since?: Date;
  /** Exclusive upper bound. */
  until?: Date;
  /** Newest first; default 100. */
  limit?: number;
}

/** A record with a version that increases by one on every successful write. */
export interface Versioned<T> {
  id: string;
  version: number;
  data: T;
  updatedAt: Date;
}

export type FieldValue = string | number | boolean;

export interface ListQuery {
  /** Equality filters on top-level fields of the record's data. */
  where?: Record<string, FieldValue>;
  /** A top-level field of the data to sort by. */
  orderBy?: { field: string; direction: 'asc' | 'desc' };
  limit?: number;
}

/**
 * The one persistence port. Everything that must happen once goes through `create` (create-if-absent)
 * or `compareAndSet`, so two instances, a double click or a Slack retry never do it twice.
 */
export interface Store {
  readonly kind: 'sqlite' | 'firestore';
  appendAudit(event: AuditEventInput): Promise<AuditEvent>;
  queryAudit(query: AuditQuery): Promise<AuditEvent[]>;

  /**
   * Records are read through their collection's token, which checks the stored shape: a record that does not match
   * its schema fails the read with PortError `invalid` naming the collection and the ID.
   */
  get<T>(collection: Collection<T>, id: string): Promise<Versioned<T> | null>;
  /** Creates the record at version 1. Returns null, and changes nothing, when it exists already. */
  create<T>(collection: Collection<T>, id: string, data: NoInfer<T>): Promise<Versioned<T> | null>;
  /** Writes when the stored version equals `expectedVersion`. Returns null, and changes nothing, otherwise. */
  compareAndSet<T>(
    collection: Collection<T>,
    id: string,
    expectedVersion: number,
    data: NoInfer<T>,
  ): Promise<Versioned<T> | null>;
  list<T>(collection: Collection<T>, query?: ListQuery): Promise<Versioned<T>[]>;
  /** Removes the record when the stored version equals `expectedVersion`; true when it did. */
  delete(collection: Collection<unknown>, id: string, expectedVersion: number): Promise<boolean>;
  /**
   * Short-lived once-only keys (a signed Slack request taken…), apart from records and cheaper: creates the
   * key unless a live one exists, and says whether this call did. A key lives until `expiresAt`; after that
   * it is claimed anew. On SQLite a claim commits without waiting for the disk (an ack cannot wait for an
   * fsync): a power cut may forget the last few claims, never corrupt the file. Claims carry no data, so their
   * collections are plain names.
   */
  claim(collection: string, id: string, expiresAt: Date): Promise<boolean>;
  /** Removes up to `limit` (default 500) keys of `collection` that expired before `now`; returns how many. */
  releaseExpiredClaims(collection: string, now: Date, limit?: number): Promise<number>;
  close(): Promise<void>;
}
