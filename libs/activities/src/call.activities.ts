import { DataSource } from 'typeorm';
import { CallSpec, CallStatus, callStatusAt, workflowIds } from '@kjflow/domain';
import { appendWithChange, CallRepository } from '@kjflow/persistence';

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
        (tx) => new CallRepository(tx).insert(spec, status),
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
        (tx) => new CallRepository(tx).setStatus(input.callId, input.status),
      );
    },

    /** The passed list published, once (a second publication writes nothing). */
    async publishPassedList(rec: { callId: string; actorId: string; at: number }): Promise<void> {
      const at = new Date(rec.at);
      await appendWithChange(
        ds,
        {
          type: 'call.passed_list_published',
          subjectType: 'call',
          subjectId: rec.callId,
          actorId: rec.actorId,
          payload: {},
          workflowId: workflowIds.call(rec.callId),
          step: 'passed-list',
          occurredAt: at,
        },
        (tx) => new CallRepository(tx).markPassedListPublished(rec.callId, at),
      );
    },
  };
}
