/**
 * Staging before prod, the same artifact: api prod takes only a commit that succeeded in staging and served there
 * for 30 minutes; break-glass goes past it and the checklist says so; `/deploy promote` plans prod with exactly
 * what serves in staging, by the digest Cloud Run reports for the staging revision.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  JO,
  SAM,
  cardSays,
  click,
  deploymentOf,
  movableClock,
  requestDeploy,
} from '../support/deploy-helpers.js';
import { gatedConfig, IMAGE_REPO, revisionImage, seedStaging, templateImage } from '../support/gates-helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

async function deployStaging(): Promise<{ id: string; sha: string; revision: string }> {
  const card = await requestDeploy(h, 'api staging', ALEX);
  await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
  const d = await deploymentOf(h, card);
  return { id: d.id, sha: d.sha, revision: d.revision ?? '' };
}

async function refusal(text: string, user = ALEX): Promise<string> {
  const before = h.slack.workspace.messages.length;
  await h.slack.slashCommand({ text, channel: 'ops', user });
  return h.slack.waitFor(() => {
    const reply = h.slack.workspace.messages.slice(before).find((m) => m.ephemeral && m.visibleTo === user);
    return reply && textOf(reply);
  }, 10_000);
}

describe('the staging gate', () => {
  it('refuses prod until the commit succeeded in staging and soaked, then deploys the staging digest', async () => {
    const clock = movableClock();
    h = await startHarness({ configPath: gatedConfig(), clock });
    seedStaging(h);
    const first = await refusal('/deploy api prod');
    expect(first).toMatch(
      /api prod takes only commits that succeeded in staging and served there for 30m: [0-9a-f]{7} has not been deployed there\. Deploy it there first: \/deploy api staging [0-9a-f]{7}, or use --force "reason" \(break-glass\)\./,
    );

    const staging = await deployStaging();
    const soaking = await refusal('/deploy api prod');
    expect(soaking).toContain(`succeeded there 0s ago (deploy ${staging.id}); 30m of its soak left. Try again in 30m`);

    clock.advance(31 * 60_000);
    const card = await requestDeploy(h, 'api prod', ALEX);
    const plan = textOf(card);
    expect(plan).toMatch(
      new RegExp(`:white_check_mark: Succeeded in staging — 31m( \\d+s)? ago \\(deploy ${staging.id}\\)`),
    );
    const digestImage = revisionImage(h, 'api-staging', staging.revision);
    expect(digestImage).toMatch(new RegExp(`^${IMAGE_REPO}@sha256:[0-9a-f]{64}$`));
    expect(plan).toContain(
      `*Image:* \`${digestImage}\` — the same artifact by digest from staging (\`${staging.revision}\`, deploy ${staging.id})`,
    );
    const d = await deploymentOf(h, card);
    expect(plan).toContain('*Monitoring*');
    expect(plan).toContain(
      `https://console.cloud.google.com/logs/query;query=resource.type%3D%22cloud_run_revision%22%0Aresource.labels.service_name%3D%22api%22%0Aresource.labels.revision_name%3D%22api-d${d.id.slice(-6)}%22?project=demo-project|Logs of api-d${d.id.slice(-6)}`,
    );
    expect(plan).toContain(
      'https://console.cloud.google.com/run/detail/europe-west1/api/metrics?project=demo-project|Metrics of api',
    );

    await click(h, card, 'deploy.approve', SAM);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    expect(templateImage(h, 'api')).toBe(digestImage);
    expect(revisionImage(h, 'api', (await deploymentOf(h, card)).revision ?? '')).toBe(digestImage);
  });

  it('break-glass deploys a commit that never ran in staging; the checklist says what was skipped', async () => {
    h = await startHarness({ configPath: gatedConfig() });
    seedStaging(h);
    const card = await requestDeploy(h, 'api prod --force "checkout is down"', ALEX);
    const plan = textOf(card);
    expect(plan).toContain('*BREAK-GLASS* by <@U0ALEX0001>: checkout is down');
    expect(plan).toMatch(/:warning: Succeeded in staging — forced past it: [0-9a-f]{7} has not been deployed there/);
    expect(plan).not.toContain('*Image:*'); // nothing to take from staging: the image comes from the template
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    const audit = await h.bot.store.queryAudit({ target: 'service:api/prod' });
    expect(audit.find((e) => e.action === 'deploy.break-glass')?.details).toMatchObject({ reason: 'checkout is down' });
    expect(await refusal('/deploy api prod --force "me too"', JO)).toContain('Only the break-glass users');
  });
});

describe('/deploy promote', () => {
  it('plans prod with exactly what serves in staging, by digest', async () => {
    const clock = movableClock();
    h = await startHarness({ configPath: gatedConfig(), clock });
    seedStaging(h);
    expect(await refusal('/deploy promote api')).toContain(
      'api staging serves `api-staging-00001-abc`, which no successful deploy of the bot made, so its commit is unknown.',
    );
    expect(await refusal('/deploy promote api staging qa')).toContain('qa');

    const staging = await deployStaging();
    clock.advance(31 * 60_000);
    const card = await requestDeploy(h, 'promote api', ALEX);
    const plan = textOf(card);
    expect(plan).toContain('Deployment Plan: api → prod');
    expect(plan).toContain(`\`${staging.sha}\``);
    const digestImage = revisionImage(h, 'api-staging', staging.revision);
    expect(plan).toContain(`*Image:* \`${digestImage}\` — the same artifact by digest from staging`);
    expect(plan).toContain(`Succeeded in staging — 31m`);
    await click(h, card, 'deploy.approve', SAM);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    const d = await deploymentOf(h, card);
    expect(d.artifact).toMatchObject({ image: digestImage, from: { environment: 'staging', deployId: staging.id } });
    expect(templateImage(h, 'api')).toBe(digestImage);
  });
});
