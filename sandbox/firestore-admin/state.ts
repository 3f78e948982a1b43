import type { BackupState, DatabaseState, OperationState, ScheduleState } from './model.js';

/** What the routes share: the stand-in's state, its clock and the behaviour tests switch on. */
export interface StandinState {
  databases: Map<string, DatabaseState>;
  backups: Map<string, BackupState>;
  schedules: ScheduleState[];
  operations: Map<string, OperationState>;
  /** Every restore and clone asked for, in order. */
  restores: { kind: 'restore' | 'clone'; target: string; backup?: string }[];
  /** Messages of the next restores or clones that fail. */
  nextRestoreFailure: string[];
  /** Operations started from now on never finish. */
  hangOperations: boolean;
  /** How long a restore or clone takes. */
  operationMs: number;
  now(): Date;
  addOperation(op: Omit<OperationState, 'name' | 'startedAt' | 'done'>): OperationState;
  /** Finishes the operations whose time has come. */
  settle(): void;
}
