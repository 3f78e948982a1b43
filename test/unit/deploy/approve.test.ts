import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../../src/domain/deployment.js';
import { approve } from '../../../src/workflows/deploy/approval.js';
import { createUnitContext, type UnitContext } from '../../support/unit-context.js';
import { ALEX, JO, SAM, seedDemo } from '../../support/unit-demo.js';
import { refusalOf } from '../../support/refusal-words.js';
import { recordOf, request } from './support.js';

const NOW = '2026-11-24T10:00:00.000Z';
let u: UnitContext;
let apiProd: Deployment; // requested by alex, 1 of [alex, sam]
let workerProd: Deployment; // requested by jo, 2 of [sam, alex]

beforeEach(async () => {
  u = await createUnitContext();
  u.clock.set(NOW);
  seedDemo(u);
  apiProd = await request(u, { service: 'api', environment: 'prod', actor: ALEX });
  workerProd = await request(u, { service: 'worker', environment: 'prod', actor: JO });
});
afterEach(() => u.close());

const approvals = async (id: string) =>
  (await u.audit(`deployment:${id}`)).filter((e) => e.action === 'deploy.approve');

describe('approve', () => {
  it('the approval that completes the set approves the deploy, once, audited, and the card is told', async () => {
    u.clock.advance(60_000);
    const result = await approve(u.ctx, apiProd.id, SAM);
    expect(result.completed).toBe(true);
    expect(await recordOf(u, apiProd.id)).toMatchObject({
      status: 'approved',
      approvals: [{ user: SAM, at: '2026-11-24T10:01:00.000Z' }],
    });
    expect(await approvals(apiProd.id)).toMatchObject([
      { actor: SAM, details: { approvals: 1, required: 1, completed: true } },
    ]);
    expect(u.events).toContainEqual({ name: 'deploy.updated', payload: { deploymentId: apiProd.id } });
    expect(await refusalOf(approve(u.ctx, apiProd.id, ALEX))).toContain(
      'This deploy is already approved; nothing to approve.',
    );
  });

  it('two of two: the first approval leaves it pending, the second completes it', async () => {
    expect((await approve(u.ctx, workerProd.id, SAM)).completed).toBe(false);
    expect(await recordOf(u, workerProd.id)).toMatchObject({ status: 'pending', approvals: [{ user: SAM }] });
    expect(await refusalOf(approve(u.ctx, workerProd.id, SAM))).toMatch(
      /already approved this deploy; your approval counts once/,
    );
    expect((await approve(u.ctx, workerProd.id, ALEX)).completed).toBe(true);
    expect((await recordOf(u, workerProd.id))?.status).toBe('approved');
    expect((await approvals(workerProd.id)).map((e) => [e.actor, e.details.completed])).toEqual([
      [SAM, false],
      [ALEX, true],
    ]);
  });

  it('refuses self-approval, a non-approver and an expired request, and writes nothing', async () => {
    expect(await refusalOf(approve(u.ctx, apiProd.id, ALEX))).toMatch(/someone else has to approve it/);
    expect(await refusalOf(approve(u.ctx, apiProd.id, JO))).toContain(
      'You are not an approver for api prod. Approvers: <@U0ALEX0001>, <@U0SAM00002>.',
    );
    u.clock.advance(30 * 60_000); // the 30 minutes of deploy.approvalExpiryMinutes
    expect(await refusalOf(approve(u.ctx, apiProd.id, SAM))).toMatch(/has expired. Request it again with \/deploy/);
    expect(await recordOf(u, apiProd.id)).toEqual(apiProd);
    expect(await approvals(apiProd.id)).toEqual([]);
  });

  it('self-approval counts when deploy.allowSelfApproval', async () => {
    const config = { ...u.config, deploy: { ...u.config.deploy, allowSelfApproval: true } };
    const lax = await createUnitContext({ config, store: u.store, clock: u.clock });
    expect((await approve(lax.ctx, apiProd.id, ALEX)).completed).toBe(true);
  });

  it('a button of no deploy the bot knows, and a deploy that is gone', async () => {
    expect(await refusalOf(approve(u.ctx, 'not-a-deploy', SAM))).toMatch(/does not belong to a deploy the bot knows/);
    expect(await refusalOf(approve(u.ctx, 'd-20261124-abcdef', SAM))).toContain('This deploy no longer exists.');
  });

  it('two instances approving at once: both approvals count, exactly one completes the set', async () => {
    const other = await u.another();
    const results = await Promise.all([approve(u.ctx, workerProd.id, SAM), approve(other.ctx, workerProd.id, ALEX)]);
    expect(results.filter((r) => r.completed)).toHaveLength(1);
    expect((await recordOf(u, workerProd.id))?.approvals.map((a) => a.user).sort()).toEqual([ALEX, SAM].sort());
  });

  it('a double click on two instances counts once', async () => {
    const other = await u.another();
    const results = await Promise.allSettled([
      approve(u.ctx, workerProd.id, SAM),
      approve(other.ctx, workerProd.id, SAM),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await recordOf(u, workerProd.id))?.approvals).toHaveLength(1);
    expect(await approvals(workerProd.id)).toHaveLength(1);
  });
});
