/** The stored shapes of deploy-gates.ts, checked on every read of a deploy or rollback request. */
import { z } from 'zod';
import { schemaOf } from './collection.js';
import type { DeployArtifact, MigrationNote, MonitoringLinks, PreDeployRun } from './deploy-gates.js';

const text = z.string();
const time = z.string();

export const artifactSchema = schemaOf<DeployArtifact>()(
  z.object({
    image: text,
    digest: text.optional(),
    from: z.object({ environment: text, revision: text, deployId: text.optional() }).optional(),
  }),
);

export const preDeployRunSchema = schemaOf<PreDeployRun>()(
  z.object({
    job: text,
    state: z.enum(['starting', 'running', 'succeeded', 'failed']),
    startedAt: time,
    execution: text.optional(),
    logUri: text.optional(),
    finishedAt: time.optional(),
    detail: text.optional(),
  }),
);

export const monitoringSchema = schemaOf<MonitoringLinks>()(z.object({ revision: text, logs: text, metrics: text }));

export const migrationNoteSchema = schemaOf<MigrationNote>()(
  z.object({ job: text, deployId: text, sha: text, at: time }),
);
