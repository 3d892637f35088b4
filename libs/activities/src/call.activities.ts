import { DataSource } from 'typeorm';
import { CallSpec, CallStatus, callStatusAt, workflowIds } from '@kjflow/domain';
import { CallEntity } from '@kjflow/persistence';
import { appendWithChange } from '@kjflow/persistence';

export function callActivities(ds: DataSource) {
  return {
    /** Writes the call's read model and `call.created`; status follows the window at `at`. */
    async createCall(spec: CallSpec, at: number): Promise<void> {
      const status = callStatusAt(spec, at);
      await appendWithChange(
        ds,
        {
          type: 'call.created',
          subjectType: 'call',
          subjectId: spec.id,
          actorId: spec.createdBy,
          payload: { ...spec, status },
          workflowId: workflowIds.call(spec.id),
          step: 'created',
          occurredAt: new Date(at),
        },
        async (tx) => {
          await tx.insert(CallEntity, {
            id: spec.id,
            title: spec.title,
            mode: spec.mode,
            status,
            windowStart: new Date(spec.windowStart),
            windowEnd: new Date(spec.windowEnd),
            budgetCapFen: spec.budgetCapFen,
            totalBudgetFen: spec.totalBudgetFen ?? null,
            createdBy: spec.createdBy,
            templateId: spec.templateId ?? null,
            guideId: spec.guideId ?? null,
            invitedInstitutionIds: spec.invitedInstitutionIds ?? null,
            topicId: spec.topicId ?? null,
          });
        },
      );
    },

    /** `call.opened` / `call.closed`, written by the call workflow's timers. */
    async setCallStatus(input: { callId: string; status: CallStatus; at: number }): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: `call.${input.status === 'open' ? 'opened' : input.status}`,
          subjectType: 'call',
          subjectId: input.callId,
          actorId: null,
          payload: { status: input.status },
          workflowId: workflowIds.call(input.callId),
          step: `status:${input.status}`,
          occurredAt: new Date(input.at),
        },
        async (tx) => {
          await tx.update(CallEntity, { id: input.callId }, { status: input.status });
        },
      );
    },
  };
}
