/** A kind of approval request of the tests' own (a backup restore), as the next features will add theirs. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { z } from 'zod';
import { collection } from '../../../src/domain/collection.js';
import { openSqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import type { Chat } from '../../../src/ports/chat.js';
import type { Store } from '../../../src/ports/store.js';
import { pendingApproval } from '../../../src/workflows/approval/approvers.js';
import type { ApprovalKind, ApprovalRecord } from '../../../src/workflows/approval/kind.js';
import { openRequest } from '../../../src/workflows/approval/request.js';
import type { WorkflowContext } from '../../../src/workflows/context.js';
import {
  ALEX,
  instance,
  SAM,
  testClock,
  testConfig,
  type Instance,
  type TestClock,
} from '../../deploy-locks/support.js';

export { ALEX, JO, SAM } from '../../deploy-locks/support.js';
export const KIM = 'U0KIM00004';
export const NOW = '2026-11-24T10:00:00.000Z';
export const MINUTE = 60_000;

export interface Restore extends ApprovalRecord {
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  backup: string;
}

/** Which records the kind said changed (their cards would be re-rendered), in order. */
export const changed: string[] = [];

export const RESTORES: ApprovalKind<Restore> = {
  name: 'restore',
  collection: collection<Restore>(
    'test-restores',
    z.custom<Restore>((r) => typeof r === 'object' && r !== null),
  ),
  audit: { action: 'restore', target: 'restore' },
  isId: (id) => id.startsWith('rs-'),
  complete: (r) => ({ ...r, status: 'approved' }),
  changed: (_ctx, id) => void changed.push(id),
};

/** The refusal the model throws for a restore: its facts, which blocks/ words for each kind of request. */
export const refused = (to: 'approve' | 'reject', why: string, id = 'rs-1') => ({
  refusal: { kind: 'approval-refused', request: 'restore', to, why, record: { id } },
});
export const unknown = (why: string) => ({ refusal: { kind: 'unknown-request', request: 'restore', why } });

/** A fresh SQLite store and a clock at NOW for each test; bots on it share the store like two instances. */
export function useRestores() {
  const dir = mkdtempSync(join(tmpdir(), 'approval-model-'));
  let n = 0;
  const state = {} as { store: Store; clock: TestClock };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    state.store = await openSqliteStore(join(dir, `store-${++n}.db`));
    state.clock = testClock(NOW);
    changed.length = 0;
  });
  afterEach(() => state.store.close());

  /** One instance; its chat port knows one user group, @sre (S0SRE), of sam and kim. */
  async function bot(deploy: Parameters<typeof testConfig>[0] = {}): Promise<Instance> {
    const one = await instance(state.store, state.clock, testConfig({ approvalExpiryMinutes: 30, ...deploy }));
    const chat: Pick<Chat, 'usergroupMembers'> = {
      usergroupMembers: async (group) => (group === '@sre' || group === 'S0SRE' ? [SAM, KIM] : []),
    };
    Object.assign(one.ctx, { chat });
    return one;
  }

  /** Alex asks for a restore that `required` of `approvers` must approve. */
  async function open(ctx: WorkflowContext, approvers: string[], required: number, id = 'rs-1'): Promise<Restore> {
    const approval = pendingApproval(ctx, { requester: ALEX, approvers, required, now: state.clock.now() });
    const restore: Restore = { id, backup: 'nightly', ...approval };
    return openRequest(ctx, RESTORES, restore, {
      actor: ALEX,
      action: 'restore.request',
      target: `restore:${id}`,
      details: {},
    });
  }

  return {
    state,
    bot,
    open,
    read: async () => (await state.store.get<Restore>(RESTORES.collection, 'rs-1'))?.data,
    /** The audit actions on rs-1, oldest first. */
    audit: async () => (await state.store.queryAudit({ target: 'restore:rs-1' })).map((e) => e.action).reverse(),
  };
}
