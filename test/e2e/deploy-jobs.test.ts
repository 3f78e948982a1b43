/**
 * Pre-deploy Cloud Run Jobs (rollout.preDeploy): before any traffic moves, the job is pointed at the new image,
 * run with its args, and its execution followed to the end. A failed job stops the deploy before traffic and the
 * report links the execution's logs; a restart while the job runs waits on the same execution, never a second.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS } from '../../src/domain/deployment.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { ALEX, cardSays, deploymentOf, idOf, movableClock, requestDeploy, thread } from '../support/deploy-helpers.js';
import { gatedConfig, IMAGE_REPO, revisionImage, seedStaging } from '../support/gates-helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

const JOB = 'api-migrate';
/** api staging (its own Cloud Run service) runs `api-migrate` with `args` before traffic moves. */
const jobConfig = (args: string) =>
  gatedConfig({
    gate: false,
    change: (y) =>
      y.replace(
        'cloudRun: { service: api-staging }\n',
        `cloudRun: { service: api-staging }\n        rollout: { preDeploy: [{ job: ${JOB}, args: ${args}, timeoutSeconds: 60 }] }\n`,
      ),
  });

function seedJob(): void {
  seedStaging(h);
  h.cloudRun.jobs.seed([
    { project: 'demo-project', region: 'europe-west1', name: JOB, image: `${IMAGE_REPO}:0000000`, args: ['noop'] },
  ]);
}

const servingStaging = () =>
  h.cloudRun
    .getTraffic('api-staging')
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);

describe('pre-deploy jobs', () => {
  it('runs the job on the new image before any traffic moves, and reports its execution', async () => {
    h = await startHarness({ configPath: jobConfig('[migrate, --to=latest]') });
    seedJob();
    const card = await requestDeploy(h, 'api staging', ALEX);
    expect(textOf(card)).toMatch(/2\. Deploy revision with no traffic\n:white_circle: 3\. Run job api-migrate\n/);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    const d = await deploymentOf(h, card);
    const [execution, ...more] = h.cloudRun.jobs.executionsOf(JOB);
    expect(more).toEqual([]);
    expect(execution?.template.template?.containers?.[0]).toMatchObject({
      image: revisionImage(h, 'api-staging', d.revision ?? ''),
      args: ['migrate', '--to=latest'],
    });
    expect(execution?.labels['chatops-deploy']).toBe(d.id);
    expect(d.preDeploy).toEqual([
      expect.objectContaining({
        job: JOB,
        state: 'succeeded',
        execution: expect.stringContaining(`/executions/${execution?.name}`),
      }),
    ]);
    const replies = thread(h, card);
    expect(replies.indexOf(`Run job ${JOB}`)).toBeGreaterThan(-1);
    expect(replies.indexOf(`Run job ${JOB}`)).toBeLessThan(replies.indexOf('Canary 10%'));
    await h.slack.waitFor(() => thread(h, card).includes('Deploy succeeded'));
    expect(thread(h, card)).toMatch(
      new RegExp(
        `\\*Pre-deploy jobs\\*\\n:white_check_mark: ${JOB} — execution \`${execution?.name}\` succeeded in \\d+s · <https://console\\.cloud\\.google\\.com/logs/viewer\\?[^|]+\\|logs>`,
      ),
    );
  });

  it('a failed job stops the deploy before traffic moves, and the report links its logs', async () => {
    h = await startHarness({ configPath: jobConfig('[migrate, --fail]') });
    seedJob();
    const before = servingStaging();
    const card = await requestDeploy(h, 'api staging', ALEX);
    const failed = await cardSays(h, card, /:x: \*Failed\*/);
    const [execution] = h.cloudRun.jobs.executionsOf(JOB);
    expect(failed).toContain(`Run job ${JOB} failed: execution ${execution?.name} failed after`);
    expect(failed).toContain('Task failed with message: The container exited with an error (exit code 1).');
    expect(failed).toContain('No traffic was moved; api-staging-00001-abc still serves everything.');
    expect(servingStaging()).toEqual(before);
    await h.slack.waitFor(() => thread(h, card).includes('Deploy failed'));
    expect(thread(h, card)).toMatch(
      /\*Pre-deploy jobs\*\n:x: api-migrate — execution .* failed .*· <https:\/\/console\.cloud\.google\.com\/logs\/viewer\?[^|]+\|logs>/,
    );
    expect(thread(h, card)).not.toContain('Canary 10%');
  });

  it('a /rollback to a revision older than a migration says so in its result', async () => {
    h = await startHarness({ configPath: jobConfig('[migrate]') });
    seedJob();
    const repo = h.github.repo('acme', 'api');
    const parent = repo.commits.get(repo.branches.get(repo.defaultBranch) ?? '')?.parents[0] ?? '';
    const first = await requestDeploy(h, `api staging ${parent.slice(0, 7)}`, ALEX);
    await cardSays(h, first, /:white_check_mark: \*Deployed\*/);
    const older = await deploymentOf(h, first);
    const second = await requestDeploy(h, 'api staging', ALEX);
    await cardSays(h, second, /:white_check_mark: \*Deployed\*/);
    const newer = await deploymentOf(h, second);
    const before = h.slack.workspace.messages.length;
    await h.slack.slashCommand({ text: '/rollback api staging', channel: 'ops', user: ALEX });
    const result = await h.slack.waitFor(() =>
      h.slack.workspace.messages.slice(before).find((m) => m.text.startsWith('Rolled back api staging')),
    );
    expect(servingStaging()).toEqual([`100% ${older.revision}`]);
    expect(textOf(result)).toContain(`\`${older.revision}\` predates a migration.*`);
    expect(textOf(result)).toContain(`• job \`${JOB}\` ran for deploy \`${newer.id}\``);
  });

  it('a restart while the job runs waits on the same execution; a second instance starts none', async () => {
    const clock = movableClock();
    h = await startHarness({ configPath: jobConfig('[migrate, --seconds=3]'), clock });
    seedJob();
    const card = await requestDeploy(h, 'api staging', ALEX);
    const id = idOf(card);
    await h.slack.waitFor(() => thread(h, card).includes('Deploy revision with no traffic'), 10_000);
    const running = async () => (await h.bot.store.get(DEPLOYMENTS, id))?.data.preDeploy?.[0]?.execution;
    for (let i = 0; i < 200 && !(await running()); i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(await running()).toBeTruthy();

    const other = await h.startAnotherBot({ clock });
    await other.ticker.runOnce(clock.now()); // the lease is live: the other instance leaves the deploy alone
    await h.restartBot({ clock });
    // The shutdown handed the deploy over (its lease released): the restarted bot resumes it at once.
    await h.bot.ticker.runOnce(clock.now());
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    expect(h.cloudRun.jobs.executionsOf(JOB)).toHaveLength(1);
    expect(thread(h, card)).toContain('Resuming after a restart');
    const d = await deploymentOf(h, card);
    expect(d.preDeploy?.[0]).toMatchObject({ state: 'succeeded', execution: await running() });
    expect(servingStaging()).toEqual([`100% ${d.revision}`]);
  });
});
