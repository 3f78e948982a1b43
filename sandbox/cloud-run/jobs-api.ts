import type { IncomingMessage } from 'node:http';
import { readBody } from '../http.js';
import { uidOf } from './model.js';
import type { CloudRunJobs } from './jobs-state.js';
import { renderExecution, renderJob } from './jobs-render.js';
import { ApiError } from './wire.js';

const JOB_TYPE = 'type.googleapis.com/google.cloud.run.v2.Job';
const EXECUTION_TYPE = 'type.googleapis.com/google.cloud.run.v2.Execution';
const LOCATION = '^/v2/projects/([^/]+)/locations/([^/]+)';
const ROUTES = {
  job: new RegExp(`${LOCATION}/jobs/([^/:]+)$`),
  run: new RegExp(`${LOCATION}/jobs/([^/:]+):run$`),
  executions: new RegExp(`${LOCATION}/jobs/([^/:]+)/executions$`),
  execution: new RegExp(`${LOCATION}/jobs/([^/:]+)/executions/([^/:]+)$`),
};

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    return JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'Invalid JSON payload received.');
  }
}

const operationName = (project: string, region: string, seed: string): string =>
  `projects/${project}/locations/${region}/operations/${uidOf(seed)}`;

/**
 * GetJob, UpdateJob (a done operation: the job's spec is replaced), RunJob (an operation whose metadata is the new
 * Execution, not done until it is), GetExecution, ListExecutions. Returns false for any other path.
 */
export async function handleJobsApi(
  jobs: CloudRunJobs,
  req: IncomingMessage,
  path: string,
  method: string,
  send: (body: unknown) => void,
): Promise<boolean> {
  if (!/\/jobs\//.test(path)) return false;
  jobs.settle();
  const all = () => jobs.executions.values();
  let m: RegExpExecArray | null;
  if ((m = ROUTES.job.exec(path)) && (method === 'GET' || method === 'PATCH')) {
    const [, project, region, name] = m as unknown as [string, string, string, string];
    const job = jobs.find(project, region, name);
    if (method === 'PATCH') {
      const body = await bodyOf(req);
      const current = renderJob(job, all()).etag;
      if (typeof body.etag === 'string' && body.etag && body.etag !== current)
        throw new ApiError(409, 'The etag provided does not match the current etag of the job.', 'ABORTED');
      jobs.update(job, body);
      const rendered = { '@type': JOB_TYPE, ...renderJob(job, all()) };
      send({
        name: operationName(project, region, `${name}:${job.generation}`),
        metadata: rendered,
        done: true,
        response: rendered,
      });
    } else send(renderJob(job, all()));
  } else if (method === 'POST' && (m = ROUTES.run.exec(path))) {
    const [, project, region, name] = m as unknown as [string, string, string, string];
    const body = await bodyOf(req);
    const execution = jobs.run(jobs.find(project, region, name), body.overrides as Record<string, unknown>);
    send({
      name: operationName(project, region, `${execution.name}:run`),
      metadata: { '@type': EXECUTION_TYPE, ...renderExecution(execution) },
      done: false,
    });
  } else if (method === 'GET' && (m = ROUTES.executions.exec(path))) {
    const [, project, region, name] = m as unknown as [string, string, string, string];
    const job = jobs.find(project, region, name);
    const newestFirst = [...all()].filter((e) => e.job === job).reverse();
    send({ executions: newestFirst.map(renderExecution) });
  } else if (method === 'GET' && (m = ROUTES.execution.exec(path))) {
    const [, project, region, name, id] = m as unknown as [string, string, string, string, string];
    const execution = jobs.executions.get(id);
    if (!execution || execution.job !== jobs.find(project, region, name))
      throw new ApiError(
        404,
        `Resource '${id}' of kind 'EXECUTION' in region '${region}' in project '${project}' does not exist.`,
      );
    send(renderExecution(execution));
  } else return false;
  return true;
}
