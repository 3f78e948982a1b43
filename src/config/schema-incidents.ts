import { z } from 'zod';

/** The `incidents:` section. Owned by the incident workflow. */
export const incidentsSchema = z.strictObject({}).default({});
