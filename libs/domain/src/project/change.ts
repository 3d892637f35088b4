import { z } from 'zod';
import { positiveIsoDurationSchema } from '../kernel/iso-duration';
import { fenSchema } from '../kernel/money';
import { bilingual } from '../kernel/validation';
import { DomainError } from '../kernel/messages';
import { Actor, hasRole } from '../kernel/roles';
import { CHANGE_KINDS, CHANGE_STATUSES, CHANGE_STEPS, ChangeKind } from './change.rules';
import { mayReadProject, ProjectHolders } from './project';

// Kinds, routing and the rules are zod-free, as the project's workflow runs them: change.rules.ts.
export * from './change.rules';

const reasonSchema = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (r) => r.length >= 5,
    bilingual({ zh: '须说明变更理由（不少于 5 个字）', en: 'Give the reason (at least 5 characters)' }),
  )
  .describe('Why the change is asked for');

export const budgetByCategorySchema = z.strictObject({
  equipmentFen: fenSchema.describe('设备费 after the adjustment'),
  businessFen: fenSchema.describe('业务费 after the adjustment'),
  labourFen: fenSchema.describe('劳务费 after the adjustment'),
  indirectFen: fenSchema.describe('间接费用 after the adjustment (never raised)'),
});

/** What the PI asks for, by kind (RULES §8). */
export const changeRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('budget_adjustment'),
    reason: reasonSchema,
    budget: budgetByCategorySchema,
    pledge: z
      .boolean()
      .optional()
      .describe('包干制: the PI renews the pledge (ethics, integrity, all funds on the project)'),
  }),
  z.strictObject({
    kind: z.literal('extension'),
    reason: reasonSchema,
    extendBy: positiveIsoDurationSchema.describe('How much later the project ends, ISO 8601 (P6M)'),
  }),
  z.strictObject({ kind: z.literal('pi_change'), reason: reasonSchema, newPiId: z.uuid() }),
  z.strictObject({
    kind: z.literal('institution_change'),
    reason: reasonSchema,
    newInstitutionId: z.uuid(),
  }),
  z.strictObject({
    kind: z.literal('team_change'),
    reason: reasonSchema,
    team: z
      .array(
        z.strictObject({
          name: z.string().trim().min(2).max(50),
          role: z.string().trim().min(2).max(100),
          effortPercent: z.number().int().min(1).max(100).optional(),
        }),
      )
      .min(1)
      .max(50)
      .describe('The team after the change'),
  }),
  z
    .strictObject({
      kind: z.literal('objectives_change'),
      reason: reasonSchema,
      objectives: z.string().trim().min(20).max(5000).optional(),
      technicalRoute: z.string().trim().min(20).max(5000).optional(),
    })
    .refine(
      (c) => c.objectives !== undefined || c.technicalRoute !== undefined,
      bilingual(
        {
          zh: '须修改研究目标或技术路线中的至少一项',
          en: 'Change the objectives, the technical route or both',
        },
        ['objectives'],
      ),
    ),
  z.strictObject({ kind: z.literal('termination_request'), reason: reasonSchema }),
]);
export type ChangeRequestInput = z.infer<typeof changeRequestSchema>;

export const changeDecisionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(2000).optional(),
  })
  .refine(
    (d) => d.decision === 'approve' || (d.comment?.length ?? 0) >= 5,
    bilingual(
      {
        zh: '不予批准时须填写意见（不少于 5 个字）',
        en: 'A rejection needs a comment (at least 5 characters)',
      },
      ['comment'],
    ),
  );
export type ChangeDecisionInput = z.infer<typeof changeDecisionSchema>;

/** An officer records a change of objectives or route made without approval (acceptance refuses on it). */
export const unapprovedChangeSchema = z.strictObject({
  kind: z.enum(['objectives_change']).describe('What was changed without approval'),
  note: reasonSchema.describe('What was found and where (a report, a site visit)'),
});
export type UnapprovedChangeInput = z.infer<typeof unapprovedChangeSchema>;

export const changeViewSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectTitle: z.string(),
  kind: z.enum(CHANGE_KINDS),
  status: z.enum(CHANGE_STATUSES),
  reason: z.string(),
  detail: z.record(z.string(), z.unknown()).describe('What is asked for (by kind)'),
  subject: z
    .object({ type: z.enum(['person', 'institution']), id: z.uuid(), name: z.string().nullable() })
    .nullable()
    .describe('The new PI or host institution the request names, by name (null for other kinds)'),
  steps: z.array(z.enum(CHANGE_STEPS)).describe('The approval chain; empty: effective at once'),
  awaiting: z
    .enum(CHANGE_STEPS)
    .nullable()
    .describe('The step of the chain the request waits for; null once decided'),
  decisions: z.array(
    z.object({
      step: z.enum(CHANGE_STEPS),
      decision: z.enum(['approve', 'reject']),
      comment: z.string().nullable(),
      decidedBy: z.uuid(),
      decidedAt: z.string(),
    }),
  ),
  requestedBy: z.uuid(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  agreementVersion: z.number().int().nullable().describe('The agreement version the approval made'),
  diff: z
    .array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() }))
    .describe('What the approval changed in the agreement'),
});
export type ChangeView = z.infer<typeof changeViewSchema>;

/** Only the project's PI asks for a change (RULES §8: the PI applies, the institution consents). */
export function assertMayRequestChange(actor: Actor, project: { piId: string }): void {
  if (hasRole(actor, 'applicant') && actor.id === project.piId) return;
  throw new DomainError('forbidden', {
    zh: '只有项目负责人可以申请变更',
    en: 'Only the project’s PI may ask for a change',
  });
}

/**
 * Who reads one change request: the project's readers, and for a change of host the admin of the
 * institution asked to take the project on (it consents at its own step, RULES §8), before and
 * after the move.
 */
export function mayReadChange(
  actor: Actor,
  project: ProjectHolders,
  change: { kind: ChangeKind; detail: Record<string, unknown> },
): boolean {
  if (mayReadProject(actor, project)) return true;
  return (
    change.kind === 'institution_change' &&
    hasRole(actor, 'institution_admin') &&
    actor.institutionId !== null &&
    actor.institutionId === change.detail.newInstitutionId
  );
}
