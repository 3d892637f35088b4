import { DataSource, EntityManager } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import type {
  AttachmentRecord,
  AttachmentRemovalRecord,
  CreateApplicationRecord,
  FormalCheckRunRecord,
  PledgeRecord,
  SaveDraftRecord,
  TransitionRecord,
} from '@kjflow/workflows';
import {
  appendWithChange,
  ApplicationRepository,
  AttachmentRepository,
  PledgeRepository,
} from '@kjflow/persistence';

/** The PI's or institution's pledge with its event, keyed once per party (the first signature stays). */
function signPledge(
  db: DataSource | EntityManager,
  rec: { id: string; party: 'pi' | 'institution'; actorId: string; at: Date },
) {
  return appendWithChange(
    db,
    {
      type: 'application.pledge_signed',
      subjectType: 'application',
      subjectId: rec.id,
      actorId: rec.actorId,
      payload: { party: rec.party },
      workflowId: workflowIds.application(rec.id),
      step: `pledge:${rec.party}`,
      occurredAt: rec.at,
    },
    (tx) => new PledgeRepository(tx).sign(rec.id, rec.party, rec.actorId, rec.at),
  );
}

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
        (tx) =>
          new ApplicationRepository(tx).insert({
            id: rec.id,
            callId: rec.callId,
            applicantId: rec.applicantId,
            institutionId: rec.institutionId,
            topicId: rec.topicId ?? null,
            content: rec.content,
          }),
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
        (tx) => new ApplicationRepository(tx).saveDraft(rec.id, rec.content, rec.version),
      );
    },

    /**
     * A status change with its event; a submission also keeps its version and, in the same
     * transaction, the PI's pledge given with it (so no crash can leave a submission without its
     * pledge); an endorsement the institution's pledge.
     */
    async transitionApplication(rec: TransitionRecord): Promise<void> {
      const { from, to, event } = rec.transition;
      const at = new Date(rec.at);
      await ds.transaction(async (tx) => {
        const { applied } = await appendWithChange(
          tx,
          {
            type: event,
            subjectType: 'application',
            subjectId: rec.id,
            actorId: rec.actorId,
            payload: { from, status: to, reason: rec.reason, version: rec.version, ...(rec.extra ?? {}) },
            workflowId: workflowIds.application(rec.id),
            step: rec.step,
            occurredAt: at,
          },
          async (tx) => {
            const applications = new ApplicationRepository(tx);
            if (
              (to === 'submitted' || to === 'awaiting_endorsement') &&
              (from === 'draft' || from === 'returned')
            ) {
              // Keep the content as submitted (the submission count numbers the versions).
              await applications.recordSubmittedVersion(rec.id, at);
            }
            await applications.setStatus(rec.id, {
              status: to,
              version: rec.version,
              ...(to === 'submitted' ? { submittedAt: at } : {}),
              ...(typeof rec.extra?.resubmitUntil === 'string'
                ? { resubmitUntil: new Date(rec.extra.resubmitUntil) }
                : {}),
            });
          },
        );
        if (!applied) return;
        if (rec.pledge && rec.actorId)
          await signPledge(tx, { id: rec.id, party: rec.pledge, actorId: rec.actorId, at });
      });
    },

    /** The run is the event itself (no read model): the audit trail keeps it with its reasons. */
    async recordFormalCheckRun(rec: FormalCheckRunRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'application.formal_check_run',
          subjectType: 'application',
          subjectId: rec.id,
          actorId: null,
          payload: { stage: rec.stage, items: rec.items },
          workflowId: workflowIds.application(rec.id),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async () => undefined,
      );
    },

    async recordApplicationPledge(rec: PledgeRecord): Promise<void> {
      await signPledge(ds, { ...rec, at: new Date(rec.at) });
    },

    async addApplicationAttachment(rec: AttachmentRecord): Promise<void> {
      const at = new Date(rec.at);
      await appendWithChange(
        ds,
        {
          type: 'application.attachment_added',
          subjectType: 'application',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: {
            attachmentId: rec.attachmentId,
            document: rec.document,
            sha256: rec.sha256,
            sizeBytes: rec.sizeBytes,
          },
          workflowId: workflowIds.application(rec.id),
          step: `attachment-added:${rec.attachmentId}`,
          occurredAt: at,
        },
        (tx) =>
          new AttachmentRepository(tx).insert({
            id: rec.attachmentId,
            applicationId: rec.id,
            documentCode: rec.document,
            fileName: rec.fileName,
            mediaType: rec.mediaType,
            sizeBytes: rec.sizeBytes,
            sha256: rec.sha256,
            uploadedBy: rec.actorId,
            uploadedAt: at,
          }),
      );
    },

    async removeApplicationAttachment(rec: AttachmentRemovalRecord): Promise<void> {
      const at = new Date(rec.at);
      await appendWithChange(
        ds,
        {
          type: 'application.attachment_removed',
          subjectType: 'application',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: { attachmentId: rec.attachmentId, document: rec.document },
          workflowId: workflowIds.application(rec.id),
          step: `attachment-removed:${rec.attachmentId}`,
          occurredAt: at,
        },
        (tx) => new AttachmentRepository(tx).markRemoved(rec.attachmentId, rec.actorId, at),
      );
    },
  };
}
