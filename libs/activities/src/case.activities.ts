import { DataSource } from 'typeorm';
import { CaseSpec, workflowIds } from '@kjflow/domain';
import { appendWithChange, MisconductCaseRepository } from '@kjflow/persistence';
import type { CaseUpdateRecord } from '@kjflow/workflows';

export function caseActivities(ds: DataSource) {
  return {
    async createCase(spec: CaseSpec, at: number): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'case.reported',
          subjectType: 'misconduct_case',
          subjectId: spec.id,
          actorId: spec.createdBy,
          payload: { status: 'reported', subject: spec.report.subject, projectId: spec.report.projectId },
          workflowId: workflowIds.misconductCase(spec.id),
          step: 'created',
          occurredAt: new Date(at),
        },
        (tx) =>
          new MisconductCaseRepository(tx).insert({
            id: spec.id,
            subjectType: spec.report.subject.type,
            subjectId: spec.report.subject.id,
            projectId: spec.report.projectId,
            status: 'reported',
            report: spec.report,
            extended: false,
            createdBy: spec.createdBy,
            createdAt: new Date(at),
            updatedAt: new Date(at),
          }),
      );
    },

    async updateCase(rec: CaseUpdateRecord): Promise<void> {
      const t = rec.transition;
      const p = rec.patch ?? {};
      await appendWithChange(
        ds,
        {
          type: rec.event,
          subjectType: 'misconduct_case',
          subjectId: rec.id,
          actorId: rec.actorId,
          payload: {
            ...(t ? { from: t.from, status: t.to } : {}),
            reason: rec.reason,
            ...(rec.payload ?? {}),
          },
          workflowId: workflowIds.misconductCase(rec.id),
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new MisconductCaseRepository(tx).update(rec.id, {
            updatedAt: new Date(rec.at),
            ...(t ? { status: t.to } : {}),
            ...(p.investigationDeadline ? { investigationDeadline: new Date(p.investigationDeadline) } : {}),
            ...(p.extended !== undefined ? { extended: p.extended } : {}),
            ...(p.appealDeadline ? { appealDeadline: new Date(p.appealDeadline) } : {}),
            ...(p.appealCalendar ? { appealCalendar: p.appealCalendar } : {}),
            ...(p.finding ? { finding: p.finding } : {}),
            ...(p.review ? { review: p.review } : {}),
            ...(p.creditRecordId ? { creditRecordId: p.creditRecordId } : {}),
          }),
      );
    },
  };
}
