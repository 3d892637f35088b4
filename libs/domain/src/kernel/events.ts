import { z } from 'zod';

/** Subjects events are about; one per aggregate. */
export const SUBJECT_TYPES = [
  'call',
  'application',
  'user',
  'institution',
  'demand_campaign',
  'demand',
  'topic',
  'guide',
  'program_template',
  'credit_record',
  'misconduct_case',
  'project',
  'expert',
  'review_round',
  'review_assignment',
  'award',
  'agreement',
  'calendar_year',
  'horse_race',
  'outcome',
  'webhook',
  'notification_template',
] as const;
export const subjectTypeSchema = z.enum(SUBJECT_TYPES);
export type SubjectType = z.infer<typeof subjectTypeSchema>;

/**
 * What an activity appends to `domain_events`. `workflowId` + `step` is the idempotency key:
 * an activity retried by Temporal writes the event (and its read-model change) at most once.
 */
export interface DomainEventInput {
  type: string;
  subjectType: SubjectType;
  subjectId: string;
  actorId: string | null;
  payload: Record<string, unknown>;
  workflowId: string;
  step: string;
}

export const domainEventViewSchema = z.object({
  id: z.uuid(),
  sequence: z.string().describe('Monotonically increasing; a string because it is a bigint'),
  type: z.string(),
  subjectType: subjectTypeSchema,
  subjectId: z.string(),
  actorId: z.uuid().nullable(),
  occurredAt: z.string(),
  occurredAtLocal: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type DomainEventView = z.infer<typeof domainEventViewSchema>;
