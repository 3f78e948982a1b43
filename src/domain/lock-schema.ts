/** The shape of a stored DeployLock, checked on every read (see collection.ts); the type in lock.ts rules. */
import { z } from 'zod';
import { schemaOf } from './collection.js';
import type { DeployLock } from './lock.js';

export const deployLockSchema = schemaOf<DeployLock>()(
  z.object({
    service: z.string(),
    environment: z.string(),
    holder: z.string(),
    reason: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    remindedAt: z.string().optional(),
  }),
);
