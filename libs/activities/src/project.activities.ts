import { DataSource } from 'typeorm';
import { workflowIds } from '@kjflow/domain';
import type { RegisterProjectRecord } from '@kjflow/workflows';
import { appendWithChange, ProjectRepository } from '@kjflow/persistence';

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
  };
}
