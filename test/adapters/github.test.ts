import { Octokit } from '@octokit/rest';
import { portErrorOf } from '../support/port-error.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubSourceControl, type GitHubSourceControlOptions } from '../../src/adapters/github/index.js';
import { DEMO_OWNER, DEMO_REPOS, demoCommitShas, demoGitHubRepos } from '../../sandbox/demo-github.js';
import { Faults } from '../../sandbox/faults.js';
import { GitHubStandin } from '../../sandbox/github-standin.js';

const TOKEN = 'ghs_test_token';
const api = { owner: DEMO_OWNER, repo: 'api' };
const shas = demoCommitShas('api');
const head = shas.at(-1)!;

let faults: Faults;
let standin: GitHubStandin;

const github = (options: Partial<GitHubSourceControlOptions> = {}) =>
  createGitHubSourceControl({
    token: TOKEN,
    baseUrl: standin.url,
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });

const count = (key: string): number => standin.requests.filter((r) => r === key).length;

beforeEach(async () => {
  faults = new Faults();
  standin = new GitHubStandin({ faults, token: TOKEN });
  standin.seed(demoGitHubRepos());
  await standin.start();
});

afterEach(async () => {
  await standin.close();
});

describe('GitHub source control', () => {
  it('resolves a branch to its head commit', async () => {
    const commit = await github().getCommit(api, 'main');
    expect(commit).toEqual({
      sha: head,
      title: 'feat(checkout): show delivery estimate',
      author: 'sofia-ramirez',
      url: `https://github.com/acme/api/commit/${head}`,
      date: expect.any(Date),
    });
    expect(Date.now() - commit.date.getTime()).toBeGreaterThan(30 * 60_000);
  });

  it('resolves a full sha, a short sha and a tag', async () => {
    const gh = github();
    expect((await gh.getCommit(api, shas[3]!)).title).toBe('feat(db): add index on orders.status');
    expect((await gh.getCommit(api, shas[5]!.slice(0, 7))).title).toBe('fix(checkout): handle empty cart');
    expect((await gh.getCommit(api, 'v1.4.0')).sha).toBe(shas[6]);
    expect((await gh.getCommit(api, 'heads/main')).sha).toBe(head);
  });

  it('answers not_found for an unknown ref and for an unknown repository', async () => {
    const gh = github();
    expect(await portErrorOf(gh.getCommit(api, 'no-such-branch'))).toMatchObject({
      code: 'not_found',
      backend: 'GitHub',
      message: 'No branch, tag or commit "no-such-branch" in GitHub repository acme/api',
    });
    expect(await portErrorOf(gh.getCommit({ owner: 'acme', repo: 'billing' }, 'main'))).toMatchObject({
      code: 'not_found',
      message: 'GitHub repository acme/billing not found or the token cannot see it',
    });
  });

  it('answers unauthenticated without a token or with a wrong one', async () => {
    expect(await portErrorOf(github({ token: undefined }).getCommit(api, 'main'))).toMatchObject({
      code: 'unauthenticated',
      message: 'GitHub needs a token: set GITHUB_TOKEN',
    });
    const wrong = await portErrorOf(github({ token: 'ghp_wrong' }).getCommit(api, 'main'));
    expect(wrong.code).toBe('unauthenticated');
    expect(wrong.message).toContain('Bad credentials');
  });

  it('retries a 500, then succeeds', async () => {
    faults.inject('GET /repos/acme/api/commits/main', { kind: 'status', status: 500 });
    expect((await github().getCommit(api, 'main')).sha).toBe(head);
    expect(count('GET /repos/acme/api/commits/main')).toBe(2);
  });

  it('gives up on a persistent 502 within bounded time, as unavailable', async () => {
    faults.inject(
      'GET /repos/acme/api/commits/main',
      { kind: 'status', status: 502, body: { message: 'Server Error' } },
      100,
    );
    const started = Date.now();
    const error = await portErrorOf(
      github({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 } }).getCommit(api, 'main'),
    );
    expect(error).toMatchObject({ code: 'unavailable', backend: 'GitHub' });
    expect(count('GET /repos/acme/api/commits/main')).toBe(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('honours a short Retry-After on 429 and fails fast on a long one, keeping it', async () => {
    faults.inject('GET /repos/acme/api/commits/main', { kind: 'rate-limit', retryAfterSeconds: 0 });
    expect((await github().getCommit(api, 'main')).sha).toBe(head);

    faults.inject('GET /repos/acme/api/commits/main', { kind: 'rate-limit', retryAfterSeconds: 45 });
    const started = Date.now();
    const error = await portErrorOf(github().getCommit(api, 'main'));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 45 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('treats an exhausted primary rate limit (403, remaining 0) as rate_limited until the reset', async () => {
    standin.setRateLimitRemaining(0);
    const error = await portErrorOf(github().getCommit(api, 'main'));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(3500);
    expect(count('GET /repos/acme/api/commits/main')).toBe(1);
  });

  it('times out a request that never answers', async () => {
    faults.inject('GET /repos/acme/api/commits/main', { kind: 'timeout', ms: 2000 }, 5);
    const started = Date.now();
    const error = await portErrorOf(
      github({ timeoutMs: 150, retry: { attempts: 2, baseDelayMs: 10 } }).getCommit(api, 'main'),
    );
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('maps a plain 403 to permission_denied', async () => {
    faults.inject('GET /repos/acme/api/commits/main', {
      kind: 'status',
      status: 403,
      body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' },
    });
    const error = await portErrorOf(github().getCommit(api, 'main'));
    expect(error.code).toBe('permission_denied');
    expect(error.message).toContain('Contents: read');
  });
});

describe('GitHub stand-in, through Octokit', () => {
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const octokit = (auth: string | undefined = TOKEN, baseUrl = standin.url) =>
    new Octokit({ ...(auth ? { auth } : {}), baseUrl, log: quiet });

  it('has consistent demo data: ten commits per repository, dated oldest first, one migration in api', () => {
    for (const repo of demoGitHubRepos()) {
      expect(repo.commits.filter((c) => !c.branch)).toHaveLength(10); // on main; api also has demo-failing-canary
      const dates = repo.commits.map((c) => new Date(c.date).getTime());
      expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    }
    expect(DEMO_REPOS.map((r) => demoCommitShas(r).length)).toEqual([10, 10, 10]);
    expect(demoCommitShas('api')).toEqual(shas);
    expect(head).toMatch(/^[0-9a-f]{40}$/);
  });

  it('serves the repository, commit history with a path filter, and rate-limit headers', async () => {
    const gh = octokit();
    const repo = await gh.rest.repos.get({ owner: 'acme', repo: 'api' });
    expect(repo.data).toMatchObject({ full_name: 'acme/api', default_branch: 'main', private: true });
    expect(repo.headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(repo.headers['x-ratelimit-remaining'])).toBeLessThan(5000);

    const list = await gh.rest.repos.listCommits({ owner: 'acme', repo: 'api', sha: 'main', per_page: 3 });
    expect(list.data.map((c) => c.sha)).toEqual(shas.slice(-3).reverse());
    expect(list.headers.link).toContain('rel="next"');
    const migrations = await gh.rest.repos.listCommits({ owner: 'acme', repo: 'api', path: 'migrations/' });
    expect(migrations.data.map((c) => c.commit.message)).toEqual(['feat(db): add index on orders.status']);
  });

  it('compares two refs', async () => {
    const { data } = await octokit().rest.repos.compareCommitsWithBasehead({
      owner: 'acme',
      repo: 'api',
      basehead: `v1.4.0...main`,
    });
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 3, behind_by: 0, total_commits: 3 });
    expect(data.commits.map((c) => c.sha)).toEqual(shas.slice(7));
    expect(data.files?.map((f) => f.filename)).toContain('src/checkout/estimate.ts');
  });

  it('serves the combined status and check runs', async () => {
    const gh = octokit();
    const status = await gh.rest.repos.getCombinedStatusForRef({ owner: 'acme', repo: 'api', ref: 'main' });
    expect(status.data).toMatchObject({ state: 'success', sha: head, total_count: 1 });
    const pending = await gh.rest.repos.getCombinedStatusForRef({ owner: 'acme', repo: 'web', ref: 'main' });
    expect(pending.data.state).toBe('pending');
    const checks = await gh.rest.checks.listForRef({ owner: 'acme', repo: 'api', ref: 'main' });
    expect(checks.data.check_runs.map((r) => [r.name, r.status, r.conclusion])).toEqual([
      ['build', 'completed', 'success'],
      ['test', 'completed', 'success'],
    ]);
  });

  it('creates deployments and statuses, refusing a ref whose checks are not green', async () => {
    const gh = octokit();
    const created = await gh.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'api',
      ref: 'main',
      environment: 'production',
      auto_merge: false,
    });
    expect(created.status).toBe(201);
    const id = (created.data as { id: number }).id;
    await gh.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'api',
      deployment_id: id,
      state: 'success',
      environment_url: 'https://api.acme.dev',
    });
    const statuses = await gh.rest.repos.listDeploymentStatuses({ owner: 'acme', repo: 'api', deployment_id: id });
    expect(statuses.data.map((s) => s.state)).toEqual(['success']);
    const list = await gh.rest.repos.listDeployments({ owner: 'acme', repo: 'api', environment: 'production' });
    expect(list.data.map((d) => d.sha)).toEqual([head]);

    const refused = await gh.rest.repos
      .createDeployment({ owner: 'acme', repo: 'web', ref: 'main' })
      .catch((e: { status: number; response: { data: { message: string } } }) => e);
    expect(refused).toMatchObject({
      status: 409,
      response: { data: { message: 'Conflict: Commit status checks failed for main.' } },
    });
  });

  it('creates a deployment once: after an unclear failure it reuses the one GitHub made, and never creates blind', async () => {
    const input = { sha: head, environment: 'staging', description: 'd-1 by ChatOps', deployId: 'd-1' };
    const POST = 'POST /repos/acme/api/deployments';
    const LIST = 'GET /repos/acme/api/deployments';
    // Created, then a 500: found by its deploy ID and reused.
    faults.inject(POST, { kind: 'after-handling', fault: { kind: 'status', status: 500 } });
    const id = await github().createDeployment(api, input);
    expect(standin.repo('acme', 'api').deployments.map((d) => [d.id, d.payload])).toEqual([
      [id, { chatopsDeployId: 'd-1' }],
    ]);
    expect([count(POST), count(LIST)]).toEqual([1, 1]);
    expect(await github().findDeployment(api, { ...input, environment: 'prod' })).toBeNull();
    // A 500 before anything was made: none found, so created again.
    faults.inject(POST, { kind: 'status', status: 500 });
    const second = await github().createDeployment(api, { ...input, deployId: 'd-2' });
    expect(standin.repo('acme', 'api').deployments.map((d) => d.id)).toEqual([id, second]);
    expect([count(POST), count(LIST)]).toEqual([3, 3]); // the lookup for prod above counts too
    // Created, the answer lost, and GitHub cannot say what it holds: the original failure, no second create.
    faults.inject(POST, { kind: 'after-handling', fault: { kind: 'timeout', ms: 20 } });
    faults.inject(LIST, { kind: 'status', status: 502 }, 10);
    const lost = await portErrorOf(github().createDeployment(api, { ...input, deployId: 'd-3' }));
    expect(lost.code).toBe('unavailable');
    expect([count(POST), count(LIST)]).toEqual([4, 3 + 3]); // the lookup itself is retried (3 attempts here)
    // A clear refusal is final: not looked up, not repeated.
    faults.clear();
    faults.inject(POST, { kind: 'status', status: 422, body: { message: 'Validation Failed' } });
    expect((await portErrorOf(github().createDeployment(api, { ...input, deployId: 'd-4' }))).code).toBe('invalid');
    expect([count(POST), count(LIST)]).toEqual([5, 6]);
  });

  it('runs a dispatched workflow: queued, in progress, completed (on the stand-in clock)', async () => {
    let now = Date.now();
    const clocked = new GitHubStandin({ token: TOKEN, now: () => now, workflowQueuedMs: 1000, workflowRunMs: 5000 });
    clocked.seed(demoGitHubRepos());
    await clocked.start();
    try {
      const gh = octokit(TOKEN, clocked.url);
      const dispatched = await gh.rest.actions.createWorkflowDispatch({
        owner: 'acme',
        repo: 'api',
        workflow_id: 'deploy.yml',
        ref: 'main',
        inputs: { service: 'api' },
      });
      expect(dispatched.status).toBe(204);
      const latest = async () =>
        (await gh.rest.actions.listWorkflowRunsForRepo({ owner: 'acme', repo: 'api', event: 'workflow_dispatch' })).data
          .workflow_runs[0];
      expect((await latest())?.status).toBe('queued');
      now += 1500;
      expect((await latest())?.status).toBe('in_progress');
      now += 5000;
      expect(await latest()).toMatchObject({
        status: 'completed',
        conclusion: 'success',
        head_sha: head,
        path: '.github/workflows/deploy.yml',
        event: 'workflow_dispatch',
      });

      clocked.failNextRun('acme', 'api');
      await gh.rest.actions.createWorkflowDispatch({
        owner: 'acme',
        repo: 'api',
        workflow_id: 'deploy.yml',
        ref: 'main',
      });
      now += 10_000;
      expect(await latest()).toMatchObject({ status: 'completed', conclusion: 'failure', run_number: 2 });
    } finally {
      await clocked.close();
    }
  });

  it('creates issues, and answers GitHub-shaped errors', async () => {
    const gh = octokit();
    const issue = await gh.rest.issues.create({
      owner: 'acme',
      repo: 'worker',
      title: 'Incident: worker failing to start',
      labels: ['incident'],
    });
    expect(issue.status).toBe(201);
    expect(issue.data).toMatchObject({
      number: 46,
      state: 'open',
      title: 'Incident: worker failing to start',
      labels: [{ name: 'incident' }],
    });

    const missing = await fetch(`${standin.url}/repos/acme/api`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });

    const invalid = await gh.rest.issues
      .create({ owner: 'acme', repo: 'worker', title: '' })
      .catch((e: { status: number; response: { data: unknown } }) => e);
    expect(invalid).toMatchObject({
      status: 422,
      response: {
        data: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] },
      },
    });
  });
});
