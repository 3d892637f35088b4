import { DataSource } from 'typeorm';
import { GuideSpec, workflowIds } from '@kjflow/domain';
import { appendWithChange, GuideRepository } from '@kjflow/persistence';
import type {
  GuideCorrectionRecord,
  GuideTransitionRecord,
  PublishGuideRecord,
  SaveGuideDraftRecord,
} from '@kjflow/workflows';

export function guideActivities(ds: DataSource) {
  const event = (
    rec: { id: string; step: string; at: number; actorId: string | null },
    type: string,
    payload: object,
  ) => ({
    type,
    subjectType: 'guide' as const,
    subjectId: rec.id,
    actorId: rec.actorId,
    payload: payload as Record<string, unknown>,
    workflowId: workflowIds.guide(rec.id),
    step: rec.step,
    occurredAt: new Date(rec.at),
  });

  return {
    async createGuide(spec: GuideSpec, at: number): Promise<void> {
      await appendWithChange(
        ds,
        event({ id: spec.id, step: 'created', at, actorId: spec.createdBy }, 'guide.created', {
          status: 'draft',
          templateId: spec.templateId,
          approvalChain: spec.approvalChain,
        }),
        (tx) =>
          new GuideRepository(tx).insert({
            id: spec.id,
            templateId: spec.templateId,
            status: 'draft',
            approvalChain: spec.approvalChain,
            approvedSteps: 0,
            draft: spec.content,
            draftVersion: 1,
            createdBy: spec.createdBy,
          }),
      );
    },

    async saveGuideDraft(rec: SaveGuideDraftRecord): Promise<void> {
      await appendWithChange(
        ds,
        event(rec, 'guide.draft_saved', { changed: rec.changed, version: rec.version }),
        (tx) => new GuideRepository(tx).update(rec.id, { draft: rec.content, draftVersion: rec.version }),
      );
    },

    async transitionGuide(rec: GuideTransitionRecord): Promise<void> {
      const t = rec.transition;
      await appendWithChange(
        ds,
        event(rec, rec.event, {
          ...(t ? { from: t.from, status: t.to } : {}),
          approvedSteps: rec.approvedSteps,
          reason: rec.comments,
        }),
        (tx) =>
          new GuideRepository(tx).update(rec.id, {
            approvedSteps: rec.approvedSteps,
            ...(t ? { status: t.to } : {}),
          }),
      );
    },

    /** Freezes version 1 and links the guide's topics; the call's workflow records the call. */
    async publishGuide(rec: PublishGuideRecord): Promise<void> {
      await appendWithChange(
        ds,
        event(rec, 'guide.published', {
          from: 'in_review',
          status: 'published',
          version: rec.version,
          callId: rec.callId,
          reason: rec.comments ?? null,
        }),
        async (tx) => {
          const guides = new GuideRepository(tx);
          await guides.insertVersion({
            guideId: rec.id,
            version: rec.version,
            content: rec.content,
            changeNote: null,
            publishedBy: rec.actorId,
            publishedAt: new Date(rec.at),
          });
          await guides.update(rec.id, {
            status: 'published',
            publishedVersion: rec.version,
            callId: rec.callId,
            draft: rec.content,
            ...(rec.approvedSteps ? { approvedSteps: rec.approvedSteps } : {}),
          });
          await guides.linkTopics(rec.id, rec.content.topicIds);
        },
      );
    },

    /**
     * A correction is a new immutable version. Applicants with drafts under the call get an
     * event each (keyed per application and version, so a retry notifies nobody twice).
     */
    async publishGuideCorrection(rec: GuideCorrectionRecord): Promise<{ notifiedApplications: number }> {
      await appendWithChange(
        ds,
        event(rec, 'guide.corrected', {
          version: rec.version,
          fromVersion: rec.fromVersion,
          changeNote: rec.changeNote,
        }),
        async (tx) => {
          const guides = new GuideRepository(tx);
          await guides.insertVersion({
            guideId: rec.id,
            version: rec.version,
            content: rec.content,
            changeNote: rec.changeNote,
            publishedBy: rec.actorId,
            publishedAt: new Date(rec.at),
          });
          await guides.update(rec.id, { publishedVersion: rec.version, draft: rec.content });
        },
      );
      const drafts = await new GuideRepository(ds).openApplicationsOf(rec.callId);
      for (const app of drafts) {
        await appendWithChange(
          ds,
          {
            type: 'application.guide_corrected',
            subjectType: 'application',
            subjectId: app.id,
            actorId: rec.actorId,
            payload: {
              guideId: rec.id,
              fromVersion: rec.fromVersion,
              version: rec.version,
              changeNote: rec.changeNote,
            },
            workflowId: workflowIds.application(app.id),
            step: `guide-corrected:v${rec.version}`,
            occurredAt: new Date(rec.at),
          },
          async () => undefined,
        );
      }
      return { notifiedApplications: drafts.length };
    },
  };
}
