import { z } from 'zod';

// The error type and codes are zod-free (workflow code throws them too): rules/errors.ts.
export * from './rules/errors';

export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });

/** The error body every 4xx/5xx of the API carries. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: bilingualSchema,
    fields: z.array(z.object({ path: z.string(), message: bilingualSchema })),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
