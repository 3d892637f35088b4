import { DataSource } from 'typeorm';
import {
  DEFAULT_REPORT_GRACE,
  DEFAULT_REPORT_REMINDER_BEFORE,
  projectSchedule,
  projectTermsOf,
  workflowIds,
} from '@kjflow/domain';
import type { OpenProjectRecord, ProjectPlan, RegisterProjectRecord } from '@kjflow/workflows';
import { appendWithChange, HorseRaceRepository, ProjectRepository } from '@kjflow/persistence';

export function projectActivities(ds: DataSource) {
  return {
    async registerProject(rec: RegisterProjectRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'project.registered',
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: rec.actorId,
          payload: { ...rec.project },
          workflowId: workflowIds.project(rec.projectId),
          step: 'registered',
          occurredAt: new Date(rec.at),
        },
        (tx) => new ProjectRepository(tx).insert(rec.projectId, rec.project),
      );
    },

    async openProject(rec: OpenProjectRecord): Promise<ProjectPlan> {
      const projects = new ProjectRepository(ds);
      const terms = await projects.agreementTerms(rec.agreementId);
      if (!terms || terms.status !== 'signed') throw new Error(`agreement ${rec.agreementId} is not signed`);
      const schedule = projectSchedule(projectTermsOf(terms.signedAt.toISOString(), terms.template));
      await appendWithChange(
        ds,
        {
          type: 'project.started',
          subjectType: 'project',
          subjectId: rec.projectId,
          actorId: null,
          payload: {
            agreementId: rec.agreementId,
            startsAt: schedule.startsAt,
            endsAt: schedule.endsAt,
            reports: schedule.reports.length,
            midtermAt: schedule.midtermAt,
          },
          workflowId: workflowIds.project(rec.projectId),
          step: 'started',
          occurredAt: new Date(rec.at),
        },
        (tx) => new ProjectRepository(tx).openFromAgreement(rec.projectId, rec.agreementId, schedule),
      );
      const d = terms.template?.durations;
      const race = await new HorseRaceRepository(ds).ofAgreement(rec.agreementId);
      return {
        ...(race ? { race } : {}),
        schedule,
        stages: [...(terms.template?.stages ?? [])],
        reportTimings: {
          reminderBefore: d?.reportReminderBefore ?? DEFAULT_REPORT_REMINDER_BEFORE,
          grace: d?.reportGrace ?? DEFAULT_REPORT_GRACE,
        },
      };
    },
  };
}
