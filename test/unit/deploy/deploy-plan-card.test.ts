import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVE_ACTION, REJECT_ACTION, renderDeployPlan } from '../../../blocks/deploy-plan.js';
import type { Deployment } from '../../../src/domain/deployment.js';
import { textOf } from '../../support/text.js';
import { createUnitContext, type UnitContext } from '../../support/unit-context.js';
import { ALEX, SAM, seedDemo } from '../../support/unit-demo.js';
import { request } from './support.js';

const NOW = '2026-11-24T10:00:00.000Z'; // 11:00 in Berlin
const TZ = 'Europe/Berlin';
let u: UnitContext;
let plan: Deployment;

beforeEach(async () => {
  u = await createUnitContext();
  u.clock.set(NOW);
  seedDemo(u);
  plan = await request(u, { service: 'api', environment: 'prod', actor: ALEX });
});
afterEach(() => u.close());

const card = (d: Deployment) => renderDeployPlan(d, TZ);
const buttons = (d: Deployment) =>
  (card(d).blocks ?? [])
    .flatMap((b) => (b.type === 'actions' ? b.elements : []))
    .map((e) => ('action_id' in e ? `${e.action_id}=${'value' in e ? e.value : ''}` : e.type));

describe('renderDeployPlan', () => {
  it('a pending plan: what, risk, estimate, rollback plan, checklist, steps, approval state and the two buttons', () => {
    const text = textOf(card(plan));
    expect(card(plan).text).toBe(`Deployment Plan: api → prod (${plan.sha.slice(0, 7)}): pending`);
    for (const line of [
      'Deployment Plan: api → prod',
      ':hourglass: *Waiting for approval* (0 of 1)',
      `\`main\` → <${plan.commitUrl}|${plan.sha.slice(0, 7)}>`,
      'Initial api — dana',
      '*medium*: production environment',
      '16s (from the steps: no deploy to go by yet)',
      'back to `api-00001-abc`',
      '*Changes:* first deploy of this environment recorded by the bot; nothing to compare against.',
      ':white_check_mark: No lock — not locked',
      ':white_circle: 4. Canary 10%',
      '• GET /healthz answers 200 on the new revision',
      '*Approval:* 0 of 1 required, from 2 approver(s): none yet · expires 2026-11-24 11:30 Europe/Berlin',
      `Requested by <@${ALEX}> · `,
      `deploy \`${plan.id}\``,
    ])
      expect(text).toContain(line);
    expect(buttons(plan)).toEqual([`${APPROVE_ACTION}=${plan.id}`, `${REJECT_ACTION}=${plan.id}`]);
  });

  it('approved, rejected and expired: the status line says so, and no buttons are left', () => {
    const approved: Deployment = {
      ...plan,
      status: 'approved',
      approvals: [{ user: SAM, at: '2026-11-24T10:05:00.000Z' }],
    };
    expect(textOf(card(approved))).toContain(':rocket: *Approved*, starting the rollout');
    expect(textOf(card(approved))).toContain(
      `1 of 1 required, from 2 approver(s): <@${SAM}> at 2026-11-24 11:05 Europe/Berlin`,
    );
    const rejected: Deployment = {
      ...plan,
      status: 'rejected',
      rejection: { user: SAM, at: NOW, reason: 'not <b>now</b>' },
    };
    expect(textOf(card(rejected))).toContain(`:no_entry: *Rejected* by <@${SAM}>: not &lt;b&gt;now&lt;/b&gt;`);
    const expired: Deployment = { ...plan, status: 'expired' };
    expect(textOf(card(expired))).toContain(
      ':alarm_clock: *Expired*: nobody approved before 2026-11-24 11:30 Europe/Berlin. Request it again with `/deploy api prod main`.',
    );
    for (const d of [approved, rejected, expired]) expect(buttons(d)).toEqual([]);
  });

  it('break-glass, a run in progress and a finished deploy', () => {
    const forced: Deployment = { ...plan, status: 'approved', forced: { user: ALEX, reason: 'checkout <b>down</b>' } };
    const forcedText = textOf(card(forced));
    expect(forcedText).toContain(`:rotating_light: *BREAK-GLASS* by <@${ALEX}>: checkout &lt;b&gt;down&lt;/b&gt;`);
    expect(forcedText).toContain('*Approval:* skipped (break-glass)');
    const steps = plan.steps.map((s, i) => ({ ...s, state: i < 2 ? ('done' as const) : ('pending' as const) }));
    expect(textOf(card({ ...plan, status: 'running', steps }))).toContain(':rocket: *Rolling out* — step 3 of 7');
    const done: Deployment = {
      ...plan,
      status: 'succeeded',
      startedAt: NOW,
      finishedAt: '2026-11-24T10:04:02.000Z',
      revision: 'api-00002-new',
    };
    expect(textOf(card(done))).toContain(':white_check_mark: *Deployed* in 4m 2s · `api-00002-new`');
  });

  it('a hostile commit title is shown as text, not as a mention or a link', () => {
    const text = textOf(card({ ...plan, commitTitle: '<!channel> see <https://evil.example|docs>' }));
    expect(text).toContain('&lt;!channel&gt; see &lt;https://evil.example|docs&gt;');
    expect(text).not.toContain('<!channel>');
  });
});
