import { DataSource } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import type { CreateApplicationRecord, SaveDraftRecord, TransitionRecord } from '@kjflow/workflows';
import { ApplicationEntity } from '@kjflow/persistence';
import { appendWithChange } from '@kjflow/persistence';

export function applicationActivities(ds: DataSource) {
  return {
    async createApplication(rec: CreateApplicationRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'application.created',
          subjectType: 'application',
          subjectId: rec.id,
          actorId: rec.applicantId,
          payload: { status: 'draft', callId: rec.callId },
          workflowId: workflowIds.application(rec.id),
          step: 'created',
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          await tx.insert(ApplicationEntity, {
            id: rec.id,
            callId: rec.callId,
            applicantId: rec.applicantId,
            institutionId: rec.institutionId,
            topicId: rec.topicId ?? null,
            status: 'draft',
            content: rec.content,
            version: 1,
          });
        },
      );
    },

    async saveApplicationDraft(rec: SaveDraftRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'application.draft_saved',
          subjectType: 'application',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: { changed: rec.changed, version: rec.version },
          workflowId: workflowIds.application(rec.id),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          await tx.update(ApplicationEntity, { id: rec.id }, { content: rec.content, version: rec.version });
        },
      );
    },

    async transitionApplication(rec: TransitionRecord): Promise<void> {
      const { from, to, event } = rec.transition;
      await appendWithChange(
        ds,
        {
          type: event,
          subjectType: 'application',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: { from, status: to, reason: rec.reason, version: rec.version, ...(rec.extra ?? {}) },
          workflowId: workflowIds.application(rec.id),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          if (
            (to === 'submitted' || to === 'awaiting_endorsement') &&
            (from === 'draft' || from === 'returned')
          ) {
            // Keep the content as submitted (the submission count numbers the versions).
            await tx.query(
              `INSERT INTO application_versions (application_id, submission, content, submitted_at)
               SELECT a.id, (SELECT count(*) + 1 FROM application_versions v WHERE v.application_id = a.id), a.content, $2
                 FROM applications a WHERE a.id = $1`,
              [rec.id, new Date(rec.at)],
            );
          }
          await tx.update(
            ApplicationEntity,
            { id: rec.id },
            {
              status: to,
              version: rec.version,
              ...(to === 'submitted' ? { submittedAt: new Date(rec.at) } : {}),
              ...(typeof rec.extra?.resubmitUntil === 'string'
                ? { resubmitUntil: new Date(rec.extra.resubmitUntil) }
                : {}),
            },
          );
        },
      );
    },
  };
}
