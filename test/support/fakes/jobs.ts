import { PortError } from '../../../src/domain/errors.js';
import type { JobExecution, JobLocation, JobRunner } from '../../../src/ports/job-runner.js';

/** Cloud Run Jobs in memory: an execution succeeds at once unless its args include `--fail`. */
export class FakeJobs implements JobRunner {
  readonly executions: (JobExecution & { job: string; labels: Record<string, string> })[] = [];
  private readonly labels = new Map<string, Record<string, string>>();

  async pointAt(job: JobLocation, _image: string, labels: Record<string, string>): Promise<void> {
    this.labels.set(job.job, labels);
  }

  async run(job: JobLocation, overrides: { args: string[] }): Promise<JobExecution> {
    const failed = overrides.args.includes('--fail');
    const execution = {
      name: `projects/${job.project}/locations/${job.region}/jobs/${job.job}/executions/${job.job}-${this.executions.length + 1}`,
      state: failed ? ('failed' as const) : ('succeeded' as const),
      tasks: { total: 1, succeeded: failed ? 0 : 1, failed: failed ? 1 : 0 },
      job: job.job,
      labels: this.labels.get(job.job) ?? {},
      completionTime: new Date(0),
    };
    this.executions.push(execution);
    return execution;
  }

  async getExecution(name: string): Promise<JobExecution> {
    const found = this.executions.find((e) => e.name === name);
    if (!found) throw new PortError('not_found', `no execution ${name}`, 'Cloud Run Jobs');
    return found;
  }

  async findExecution(job: JobLocation, label: { key: string; value: string }): Promise<JobExecution | undefined> {
    return this.executions.filter((e) => e.job === job.job && e.labels[label.key] === label.value).at(-1);
  }
}
