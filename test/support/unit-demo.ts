/** The unit context's fakes seeded like the sandbox's demo: api, web and worker on Cloud Run and GitHub. */
import type { Commit } from '../../src/ports/source-control.js';
import type { UnitContext } from './unit-context.js';

export const ALEX = 'U0ALEX0001'; // break-glass, in @sre-team
export const SAM = 'U0SAM00002'; // approver, in @sre-team
export const JO = 'U0JO000003'; // neither

/** Each configured service serves one revision, and its repository's main has one commit. Returns main's heads. */
export function seedDemo(u: Pick<UnitContext, 'config' | 'runtime' | 'sourceControl'>): Record<string, Commit> {
  const heads: Record<string, Commit> = {};
  for (const [name, service] of Object.entries(u.config.services)) {
    u.runtime.addService(service.cloudRun);
    heads[name] = u.sourceControl.addCommit(service.github, { title: `Initial ${name}`, author: 'dana' });
  }
  return heads;
}
