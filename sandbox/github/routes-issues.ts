import {
  DOCS,
  findRepo,
  notFound,
  REPO,
  str,
  validationFailed,
  type GitHubContext,
  type Request,
  type Route,
} from './context.js';
import { issueJson } from './render-actions.js';

/** Issues: create and get. */

const D = {
  createIssue: `${DOCS}/issues/issues#create-an-issue`,
  issue: `${DOCS}/issues/issues#get-an-issue`,
};

function createIssue(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.createIssue);
  const title = typeof req.body.title === 'number' ? String(req.body.title) : str(req.body.title);
  if (!title) throw validationFailed(D.createIssue, 'Issue', 'title');
  const labels = Array.isArray(req.body.labels)
    ? req.body.labels.map((l: unknown) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? '')))
    : [];
  const assignees = Array.isArray(req.body.assignees)
    ? (req.body.assignees as string[])
    : str(req.body.assignee)
      ? [str(req.body.assignee)!]
      : [];
  const issue = {
    id: ctx.ids.next(),
    number: repo.nextIssueNumber++,
    title,
    body: str(req.body.body) ?? null,
    labels: labels.filter(Boolean),
    assignees: assignees.map((login) => ctx.users.get(login)),
    user: ctx.actor,
    createdAt: new Date(ctx.nowMs()).toISOString(),
  };
  repo.issues.push(issue);
  return { status: 201, body: issueJson(repo, issue, ctx.baseUrl) };
}

export const issueRoutes: Route[] = [
  ['POST', new RegExp(`${REPO}/issues$`), createIssue],
  [
    'GET',
    new RegExp(`${REPO}/issues/(\\d+)$`),
    (ctx, req) => {
      const repo = findRepo(ctx, req, D.issue);
      const issue = repo.issues.find((i) => String(i.number) === req.params[2]);
      if (!issue) throw notFound(D.issue);
      return { status: 200, body: issueJson(repo, issue, ctx.baseUrl) };
    },
  ],
];
