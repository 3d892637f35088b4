import { z } from 'zod';
import { pageQuerySchema, searchTextSchema } from '../kernel/page';

/**
 * The directory a change of PI or host is asked from (RULES §8): the institutions registered in
 * the system, and the applicants of a project's host institution. Names only: what a PI needs to
 * name someone, nothing more about them.
 */
export const institutionListQuerySchema = pageQuerySchema.extend({ q: searchTextSchema('the name') });
export type InstitutionListQuery = z.output<typeof institutionListQuerySchema>;

export const institutionListItemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  county: z.string().describe('A county of Baise, or outside the city'),
});
export type InstitutionListItem = z.infer<typeof institutionListItemSchema>;

export const piCandidateQuerySchema = pageQuerySchema.extend({ q: searchTextSchema('the name') });
export type PiCandidateQuery = z.output<typeof piCandidateQuerySchema>;

export const piCandidateSchema = z.object({ id: z.uuid(), displayName: z.string() });
export type PiCandidate = z.infer<typeof piCandidateSchema>;
