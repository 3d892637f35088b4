import { DataSource } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import type { ProjectAttachmentRecord, ProjectReportRecord } from '@kjflow/workflows';
import { appendWithChange, AttachmentRepository, ProjectReportRepository } from '@kjflow/persistence';

/** The document code of a project's own attachments (the store's column; evidence for reports). */
const REPORT_EVIDENCE = 'report_evidence';

/** 进展报告 (issue 15 §2): each step of a report with its event, in one transaction. */
export function projectReportActivities(ds: DataSource) {
  return {
    async recordProjectAttachment(rec: ProjectAttachmentRecord): Promise<void> {
      const at = new Date(rec.at);
      await appendWithChange(
        ds,
        {
          type: 'project.attachment_added',
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: rec.actorId,
          payload: { attachmentId: rec.attachmentId, sha256: rec.sha256, sizeBytes: rec.sizeBytes },
          workflowId: workflowIds.project(rec.projectId),
          step: `attachment-added:${rec.attachmentId}`,
          occurredAt: at,
        },
        (tx) =>
          new AttachmentRepository(tx).insert({
            id: rec.attachmentId,
            projectId: rec.projectId,
            documentCode: REPORT_EVIDENCE,
            fileName: rec.fileName,
            mediaType: rec.mediaType,
            sizeBytes: rec.sizeBytes,
            sha256: rec.sha256,
            uploadedBy: rec.actorId,
            uploadedAt: at,
          }),
      );
    },

    async recordProjectReport(rec: ProjectReportRecord): Promise<void> {
      const at = new Date(rec.at);
      const notice = rec.type === 'reminder' || rec.type === 'overdue';
      await appendWithChange(
        ds,
        {
          type: `project.report_${rec.type}`,
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: rec.actorId,
          payload: {
            seq: rec.seq,
            version: rec.version,
            dueAt: rec.dueAt,
            ...(rec.comment ? { comment: rec.comment } : {}),
          },
          workflowId: workflowIds.project(rec.projectId),
          // Once per step: a notice once per report, a command once per version.
          step: notice ? `report:${rec.seq}:${rec.type}` : `report:${rec.seq}:v${rec.version}:${rec.type}`,
          occurredAt: at,
        },
        async (tx) => {
          const reports = new ProjectReportRepository(tx);
          if (rec.type === 'submitted')
            await reports.insertVersion(
              rec.projectId,
              rec.seq,
              rec.version,
              rec.content ?? {},
              rec.actorId!,
              at,
            );
          else if (rec.type !== 'reminder' && rec.type !== 'overdue')
            await reports.insertReview(
              rec.projectId,
              rec.seq,
              rec.version,
              rec.type,
              rec.actorId!,
              rec.comment ?? '',
              at,
            );
        },
      );
    },

    async reportHolders({ projectId }: { projectId: string }) {
      const holders = await new ProjectReportRepository(ds).holders(projectId);
      if (!holders) throw new Error(`project ${projectId} has no record`);
      return holders;
    },
  };
}
