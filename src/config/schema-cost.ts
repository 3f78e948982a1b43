import { z } from 'zod';

/** The `cost:` section. Owned by the cost workflow. */
export const costSchema = z.strictObject({}).default({});
