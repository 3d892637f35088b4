import { DataSource } from 'typeorm';
import { reportSpentFen, SpendingOnRecord, workflowIds } from '@kjflow/domain';
import type { MidtermRecord, RecoveryRecord } from '@kjflow/workflows';
import {
  appendWithChange,
  MidtermRepository,
  ProjectReportRepository,
  ProjectRepository,
} from '@kjflow/persistence';

/** 中期检查 and 追回: each step's record and its event in one transaction, keyed by the project's workflow. */
export function midtermActivities(ds: DataSource) {
  const event = (
    projectId: string,
    type: string,
    step: string,
    actorId: string | null,
    at: number,
    payload: object,
  ) => ({
    type,
    subjectType: 'project' as const,
    subjectId: projectId,
    actorId,
    payload: payload as Record<string, unknown>,
    workflowId: workflowIds.project(projectId),
    step,
    occurredAt: new Date(at),
  });

  return {
    async openMidterm({ projectId, at }: { projectId: string; at: number }) {
      const windows = await new MidtermRepository(ds).windows(projectId);
      await appendWithChange(
        ds,
        event(projectId, 'project.midterm_opened', 'midterm:opened', null, at, {}),
        (tx) => new MidtermRepository(tx).open(projectId, new Date(at)),
      );
      return { rectifyWindow: windows.rectifyWindow ?? '', recoveryWindow: windows.recoveryWindow ?? '' };
    },

    async recordMidterm(rec: MidtermRecord): Promise<void> {
      const at = new Date(rec.at);
      const key = `midterm:${rec.round}`;
      const { projectId, actorId } = rec;
      if (rec.submission) {
        const { spentFen, ...submission } = rec.submission;
        await appendWithChange(
          ds,
          event(projectId, 'project.midterm_submitted', `${key}:submitted`, actorId, rec.at, rec.submission),
          (tx) =>
            new MidtermRepository(tx).submit(projectId, { submission, spentFen, actorId: actorId!, at }),
        );
      } else if (rec.confirmation) {
        await appendWithChange(
          ds,
          event(
            projectId,
            'project.midterm_confirmed',
            `${key}:confirmed`,
            actorId,
            rec.at,
            rec.confirmation,
          ),
          (tx) =>
            new MidtermRepository(tx).confirm(projectId, { ...rec.confirmation!, actorId: actorId!, at }),
        );
      } else if (rec.review) {
        await appendWithChange(
          ds,
          event(projectId, 'project.midterm_reviewed', `${key}:reviewed`, actorId, rec.at, rec.review),
          (tx) => new MidtermRepository(tx).review(projectId, { review: rec.review!, actorId: actorId!, at }),
        );
      } else if (rec.decision) {
        const d = rec.decision;
        await appendWithChange(
          ds,
          event(projectId, `project.midterm_${d.decision}`, `${key}:decided`, actorId, rec.at, d),
          async (tx) => {
            const repo = new MidtermRepository(tx);
            await repo.decide(projectId, { ...d, actorId: actorId!, at });
            if (d.recovery) {
              await repo.insertRecovery({ ...d.recovery, projectId, at });
              await appendWithChange(
                tx,
                event(
                  projectId,
                  'project.recovery_ordered',
                  `recovery:${d.recovery.id}`,
                  actorId,
                  rec.at,
                  d.recovery,
                ),
                async () => undefined,
              );
            }
          },
        );
      } else if (rec.rectificationOverdue) {
        await appendWithChange(
          ds,
          event(
            projectId,
            'project.midterm_rectification_overdue',
            `${key}:rectification_overdue`,
            null,
            rec.at,
            rec.rectificationOverdue,
          ),
          async () => undefined,
        );
      }
    },

    async projectFunds({ projectId }: { projectId: string }) {
      const p = (await new ProjectRepository(ds).page({ id: projectId }, { limit: 1 })).items[0];
      if (!p) throw new Error(`project ${projectId} has no record`);
      return {
        paidFen: await new MidtermRepository(ds).paidFen(projectId),
        piId: p.piId,
        institutionId: p.institutionId,
      };
    },

    async projectSpending({ projectId }: { projectId: string }): Promise<SpendingOnRecord> {
      const [midterm, report] = await Promise.all([
        new MidtermRepository(ds).spendingStatement(projectId),
        new ProjectReportRepository(ds).latestAccepted(projectId),
      ]);
      return {
        midterm: midterm && { spentFen: midterm.spentFen, at: midterm.submittedAt.toISOString() },
        report: report && {
          seq: report.seq,
          spentFen: reportSpentFen(report.spending),
          at: report.submittedAt.toISOString(),
        },
      };
    },

    async recordRecovery(rec: RecoveryRecord): Promise<void> {
      await appendWithChange(
        ds,
        event(
          rec.projectId,
          `project.recovery_${rec.status}`,
          `recovery:${rec.orderId}:${rec.status}`,
          rec.actorId,
          rec.at,
          {
            orderId: rec.orderId,
            note: rec.note,
          },
        ),
        (tx) =>
          new MidtermRepository(tx).markRecovery(rec.orderId, rec.status, rec.actorId, new Date(rec.at)),
      );
    },
  };
}
