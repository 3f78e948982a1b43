/** The approval-request model on its own, on the SQLite store with a clock the test moves. */
import { describe, expect, it } from 'vitest';
import { refuseUnreachableApprovals, resolveApprovers } from '../../../src/workflows/approval/approvers.js';
import { forceRefusal, isBreakGlass } from '../../../src/workflows/approval/break-glass.js';
import {
  approveRequest,
  expireRequests,
  getRequest,
  rejectableRequest,
  rejectRequest,
  withdrawRequest,
} from '../../../src/workflows/approval/request.js';
import { refusalOf } from '../../support/refusal-words.js';
import { ALEX, changed, JO, KIM, MINUTE, NOW, RESTORES, refused, SAM, unknown, useRestores } from './support.js';

const { state, bot, open, read, audit } = useRestores();

describe('the approval-request model', () => {
  it('completes at N of M: only the approval that completes the set sees `completed`, and every step is audited', async () => {
    const { ctx } = await bot();
    const opened = await open(ctx, [SAM, JO, KIM], 2);
    expect(opened).toMatchObject({ status: 'pending', approvals: [], expiresAt: '2026-11-24T10:30:00.000Z' });
    expect(await approveRequest(ctx, RESTORES, 'rs-1', SAM)).toMatchObject({
      completed: false,
      record: { status: 'pending' },
    });
    state.clock.advance(MINUTE);
    const second = await approveRequest(ctx, RESTORES, 'rs-1', JO);
    expect(second.completed).toBe(true);
    expect(second.record.status).toBe('approved');
    expect(second.record.approvals).toEqual([
      { user: SAM, at: NOW },
      { user: JO, at: '2026-11-24T10:01:00.000Z' },
    ]);
    await expect(approveRequest(ctx, RESTORES, 'rs-1', KIM)).rejects.toMatchObject(refused('approve', 'closed'));
    expect(await audit()).toEqual(['restore.request', 'restore.approve', 'restore.approve']);
    const entries = await state.store.queryAudit({ target: 'restore:rs-1' });
    expect(entries[0]?.details).toEqual({ approvals: 2, required: 2, completed: true });
    expect(changed).toEqual(['rs-1', 'rs-1']);
  });

  it('resolves user groups and handles through the chat port, once each user, and refuses a set nobody can complete', async () => {
    const { ctx } = await bot();
    expect(await resolveApprovers(ctx, ['@sre', SAM, 'S0SRE', JO])).toEqual([SAM, KIM, JO]);
    const ask = { request: 'restore', service: 'api', environment: 'prod', requester: SAM, required: 2 };
    expect(await refusalOf(() => refuseUnreachableApprovals(ctx, { ...ask, approvers: [SAM, KIM] }))).toContain(
      'Restores of api prod need 2 approval(s), but only 1 approver(s) other than you can give one (<@U0SAM00002>, <@U0KIM00004>)',
    );
    expect(() => refuseUnreachableApprovals(ctx, { ...ask, approvers: [SAM, KIM, JO] })).not.toThrow();
    const allowed = await bot({ allowSelfApproval: true });
    expect(() => refuseUnreachableApprovals(allowed.ctx, { ...ask, approvers: [SAM, KIM] })).not.toThrow();
  });

  it('refuses self-approval, a non-approver and a second approval by the same user, changing nothing', async () => {
    const { ctx } = await bot();
    await open(ctx, [ALEX, SAM, KIM], 2);
    await expect(approveRequest(ctx, RESTORES, 'rs-1', ALEX)).rejects.toMatchObject(refused('approve', 'own-request'));
    await expect(approveRequest(ctx, RESTORES, 'rs-1', JO)).rejects.toMatchObject(refused('approve', 'not-approver'));
    await approveRequest(ctx, RESTORES, 'rs-1', SAM);
    await expect(approveRequest(ctx, RESTORES, 'rs-1', SAM)).rejects.toMatchObject(
      refused('approve', 'already-approved'),
    );
    expect((await read())?.approvals.map((a) => a.user)).toEqual([SAM]);
    expect(await audit()).toEqual(['restore.request', 'restore.approve']);
    await expect(approveRequest(ctx, RESTORES, 'd-12345678', SAM)).rejects.toMatchObject(unknown('foreign-id'));
    await expect(approveRequest(ctx, RESTORES, 'rs-2', SAM)).rejects.toMatchObject(unknown('gone'));
  });

  it('lets the requester approve their own when deploy.allowSelfApproval says so', async () => {
    const { ctx } = await bot({ allowSelfApproval: true });
    await open(ctx, [ALEX, SAM], 1);
    expect((await approveRequest(ctx, RESTORES, 'rs-1', ALEX)).completed).toBe(true);
  });

  it('counts a double click and concurrent clicks once: one approval each, one caller completes', async () => {
    const [a, b] = [await bot(), await bot()]; // two instances on one store
    await open(a.ctx, [SAM, JO, KIM], 2);
    const sam = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => approveRequest((i % 2 ? a : b).ctx, RESTORES, 'rs-1', SAM)),
    );
    expect(sam.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const others = await Promise.allSettled(
      [JO, KIM, JO, KIM].map((user, i) => approveRequest((i % 2 ? a : b).ctx, RESTORES, 'rs-1', user)),
    );
    const completed = others.filter((r) => r.status === 'fulfilled' && r.value.completed);
    expect(completed).toHaveLength(1);
    expect((await read())?.approvals).toHaveLength(2);
    expect((await audit()).filter((x) => x === 'restore.approve')).toHaveLength(2);
  });

  it('expires through the ticker once the window closes, once, and refuses an approval after its expiry', async () => {
    const one = await bot();
    const { ctx, ticker } = one;
    ticker.every({ name: 'restore.expire', run: (now) => expireRequests(ctx, RESTORES, now) });
    await open(ctx, [SAM], 1);
    await ticker.runOnce(new Date(Date.parse(NOW) + 29 * MINUTE));
    expect((await read())?.status).toBe('pending');
    state.clock.advance(30 * MINUTE);
    await expect(approveRequest(ctx, RESTORES, 'rs-1', SAM)).rejects.toMatchObject(refused('approve', 'expired'));
    await ticker.runOnce(state.clock.now());
    await ticker.runOnce(new Date(state.clock.now().getTime() + MINUTE));
    expect(await read()).toMatchObject({ status: 'expired', finishedAt: '2026-11-24T10:30:00.000Z' });
    expect(await audit()).toEqual(['restore.request', 'restore.expire']);
    await expect(approveRequest(ctx, RESTORES, 'rs-1', SAM)).rejects.toMatchObject(refused('approve', 'closed'));
  });

  it('rejects with a reason: an approver or the requester, not anyone else; once; the audit says who and why', async () => {
    const { ctx } = await bot();
    await open(ctx, [SAM, KIM], 1);
    await expect(rejectableRequest(ctx, RESTORES, 'rs-1', JO)).rejects.toMatchObject(
      refused('reject', 'may-not-reject'),
    );
    await expect(rejectRequest(ctx, RESTORES, 'rs-1', JO, 'no')).rejects.toMatchObject(
      refused('reject', 'may-not-reject'),
    );
    expect((await rejectableRequest(ctx, RESTORES, 'rs-1', ALEX)).id).toBe('rs-1');
    const rejected = await rejectRequest(ctx, RESTORES, 'rs-1', SAM, 'wrong backup');
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejection: { user: SAM, at: NOW, reason: 'wrong backup' },
      finishedAt: NOW,
    });
    await expect(rejectRequest(ctx, RESTORES, 'rs-1', KIM, 'me too')).rejects.toMatchObject(
      refused('reject', 'closed'),
    );
    await expect(rejectableRequest(ctx, RESTORES, 'rs-1', KIM)).rejects.toMatchObject(unknown('not-waiting'));
    await expect(approveRequest(ctx, RESTORES, 'rs-1', KIM)).rejects.toMatchObject(refused('approve', 'closed'));
    const [entry] = await state.store.queryAudit({ target: 'restore:rs-1' });
    expect(entry).toMatchObject({
      actor: SAM,
      action: 'restore.reject',
      details: { by: 'approver', reason: 'wrong backup' },
    });
  });

  it('withdraws a request nobody could see while it is open, audited; not one already approved', async () => {
    const { ctx } = await bot();
    await open(ctx, [SAM], 1);
    await open(ctx, [SAM], 1, 'rs-2');
    await approveRequest(ctx, RESTORES, 'rs-2', SAM);
    expect(await withdrawRequest(ctx, RESTORES, 'rs-1', 'the card could not be posted')).toBe(true);
    expect(await withdrawRequest(ctx, RESTORES, 'rs-2', 'the card could not be posted')).toBe(false);
    expect(await getRequest(ctx, RESTORES, 'rs-1')).toBeNull();
    expect((await getRequest(ctx, RESTORES, 'rs-2'))?.status).toBe('approved');
    expect(await audit()).toEqual(['restore.request', 'restore.withdraw']);
  });

  it('decides break-glass in one place: --force only for deploy.breakGlass users', async () => {
    const { ctx } = await bot({ breakGlass: [ALEX] });
    expect(isBreakGlass(ctx, ALEX)).toBe(true);
    expect(forceRefusal(ctx, ALEX, 'hotfix')).toBeUndefined();
    expect(forceRefusal(ctx, SAM, undefined)).toBeUndefined();
    expect(forceRefusal(ctx, SAM, 'hotfix')?.message).toBe(
      'Only the break-glass users listed in deploy.breakGlass may use --force.',
    );
  });
});
