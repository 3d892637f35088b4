import { z } from 'zod';
import { recusalRequirementSchema, STAFF_ROLES } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';

/** A seat of the project's panel (the member's id, as the panel's view lists it). */
export const panelMemberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

/**
 * 要求回避 on a project's panel of either stage, as on a review round's invitation: the endpoint's
 * roles, body, refusals and summary, given the stage's name and the view it answers.
 */
export function requirePanelRecusalEndpoint(stage: { zh: string; en: string }, response: z.ZodType) {
  return Endpoint({
    summary: `要求回避 Require a member of the ${stage.en} panel (${stage.zh}专家组) to step aside (e.g. a conflict, or the panel over the limit of experts per organisation, found after the draw), with the reason: while the seat is held without an opinion, before the panel’s deadline; it ends \`recused\` (recusal: required) with the officer as actor, no credit record, and a replacement is drawn as after the member’s own recusal. Answers the ${stage.en} as officers read it`,
    tags: ['projects'],
    roles: STAFF_ROLES,
    params: panelMemberParams,
    body: recusalRequirementSchema,
    response,
    status: 200,
    command: true,
    errors: {
      404: 'No such member on this project’s panel of this stage',
      409: 'The panel no longer sits or its deadline passed, or the seat no longer holds without an opinion (opinion given, declined, recused or lapsed), or the same Idempotency-Key is still being answered',
    },
  });
}
